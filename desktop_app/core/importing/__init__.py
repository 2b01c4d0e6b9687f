"""Check and import the ministry templates: read → check every row → write in one transaction."""
