"""Is the sync server answering? One cheap request without login, for the window's network watcher
(it retries a sync by itself when the server answers again). Never raises."""

from __future__ import annotations

import requests

from sync import protocol

PROBE_TIMEOUT = 5.0  # seconds to connect, and again to read: a probe must stay cheap


def server_answers(
    endpoint: str, *, ca_bundle: str | None = None, timeout: float = PROBE_TIMEOUT
) -> bool:
    """True when ``GET /api/v1/health`` gets an answer below 500: the network and the server
    are up. A refused connection, a timeout, a TLS failure or a 5xx are all "not now"."""
    try:
        response = requests.get(
            endpoint.rstrip("/") + protocol.HEALTH_PATH,
            timeout=(timeout, timeout),
            verify=ca_bundle or True,
            allow_redirects=False,
            headers={"User-Agent": "songmay-sync/1"},
        )
    except (requests.RequestException, ValueError):
        return False
    with response:
        return response.status_code < 500
