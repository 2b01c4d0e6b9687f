"""The reference receiving server (optional extra ``songmay[server]``: FastAPI + uvicorn).

It speaks ``sync.protocol`` v1, keeps everything in one SQLite file, applies submissions in a
background worker, imports offline packages, and is run with ``songmay-server`` (see ``cli.py``).
Nothing in ``desktop_app`` imports it; it is not part of the desktop bundle.
"""
