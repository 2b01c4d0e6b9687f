"""Sóng và máy tính cho em — the school's offline-first desktop application."""

__version__ = "0.1.0"
