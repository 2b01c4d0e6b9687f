"""Slow clients are cut off by ``songmay-server serve`` (a real child process, raw sockets on
loopback): half-sent headers within the header timeout, a stalled body within the body timeout,
and many half-open sockets never stop the health check from answering."""

from __future__ import annotations

import socket
import time

import pytest
import requests

from sync.server.app import HEALTH_PATH

HEADER_TIMEOUT, BODY_TIMEOUT, MAX_CONNECTIONS = 1.0, 1.0, 100


@pytest.fixture
def server(tmp_path):
    pytest.importorskip("uvicorn")
    from sync.server.testing import ServerProcess

    server = ServerProcess(tmp_path / "server")
    server.extra_args = ["--header-timeout", str(HEADER_TIMEOUT),
                         "--body-timeout", str(BODY_TIMEOUT), "--keep-alive", "1",
                         "--max-connections", str(MAX_CONNECTIONS)]  # fmt: skip
    server.start()
    yield server
    server.kill()


def connect(server) -> socket.socket:
    sock = socket.create_connection((server.host, server.port), timeout=10)
    return sock


def closed_after(sock: socket.socket, limit: float) -> tuple[float, bytes]:
    """Seconds until the server closes ``sock`` (at most ``limit``), and what it sent."""
    began = time.monotonic()
    sock.settimeout(limit)
    received = b""
    try:
        while chunk := sock.recv(4096):
            received += chunk
    except TimeoutError:
        return float("inf"), received
    except ConnectionResetError:
        pass
    return time.monotonic() - began, received


def test_a_client_that_never_finishes_its_headers_is_disconnected_within_the_timeout(server):
    sock = connect(server)
    sock.sendall(b"GET " + HEALTH_PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n")  # no blank line
    took, _ = closed_after(sock, HEADER_TIMEOUT + 4)
    assert took <= HEADER_TIMEOUT + 2


def test_dribbling_header_bytes_does_not_extend_the_header_timeout(server):
    sock = connect(server)
    sock.sendall(b"GET " + HEALTH_PATH.encode() + b" HTTP/1.1\r\n")
    began = time.monotonic()
    try:
        for _ in range(40):  # a byte every 0.1 s: never idle, never done
            sock.sendall(b"X")
            time.sleep(0.1)
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert time.monotonic() - began <= HEADER_TIMEOUT + 2


def test_a_stalled_body_gets_408_and_the_connection_is_closed(server):
    sock = connect(server)
    sock.sendall(
        b"POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b'Content-Length: 100\r\n\r\n{"school_code": '
    )
    took, received = closed_after(sock, BODY_TIMEOUT + 4)
    assert took <= BODY_TIMEOUT + 2
    assert received.startswith(b"HTTP/1.1 408 "), received
    assert b"request_timeout" in received
    assert requests.get(server.url + HEALTH_PATH, timeout=5).status_code == 200
    assert "Traceback" not in server.log_path.read_text(encoding="utf-8")
    server.stop()
    assert "POST /api/v1/auth/token 408" in (server.data_dir / "server.log").read_text("utf-8")


def test_an_idle_keep_alive_connection_is_closed(server):
    sock = connect(server)
    sock.sendall(b"GET " + HEALTH_PATH.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    took, received = closed_after(sock, 6)
    assert received.startswith(b"HTTP/1.1 200 ")
    assert took <= 1 + 2


def test_the_health_check_answers_while_more_half_open_sockets_than_the_cap_are_held(server):
    held = []
    for _ in range(3 * MAX_CONNECTIONS):
        sock = connect(server)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        held.append(sock)
    began = time.monotonic()
    answer = requests.get(server.url + HEALTH_PATH, timeout=5)
    assert answer.status_code == 200 and time.monotonic() - began < 1
    # …and they are all gone after the header timeout.
    deadline = time.monotonic() + HEADER_TIMEOUT + 5
    for sock in held:
        took, _ = closed_after(sock, max(0.1, deadline - time.monotonic()))
        assert took != float("inf")
        sock.close()
