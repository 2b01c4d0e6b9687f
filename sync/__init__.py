"""Sync module (Qt-free): reads the data core's outbox and pushes it to the central endpoint."""
