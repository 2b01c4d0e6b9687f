"""Cài đặt: the school profile, the language, data folders, backups, the first-run wizard."""
