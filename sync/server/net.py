"""The server's listening socket."""

from __future__ import annotations

import socket


def listening_socket(host: str, port: int, *, backlog: int = 1024) -> socket.socket:
    """A TCP socket bound to ``host:port`` (0: the OS picks a free port).

    asyncio turns Nagle's algorithm off only for sockets it creates itself; uvicorn serving a
    socket we made would wait ~40 ms for the peer's delayed ACK before each small answer. The
    option set here is inherited by every accepted connection (Linux, Windows, macOS).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=backlog)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock
