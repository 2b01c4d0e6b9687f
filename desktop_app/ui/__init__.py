"""The window (PySide6 only). It imports the core, never the other way; no SQL and no business
rules here: every question about the data is a call into ``desktop_app.core``."""
