"""Đồng bộ: the sync page, the window's one sync controller, the login dialog, the network
watcher and the tables of refused changes and review decisions."""
