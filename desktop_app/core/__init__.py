"""Qt-free core: domain rules, storage, Excel templates. Never imports PySide6."""
