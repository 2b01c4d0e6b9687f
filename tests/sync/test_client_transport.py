"""Transport, account and credentials: timeouts and retries, what is never retried, TLS, the
endpoint rule and the keyring — against a scripted HTTP server on loopback, no sync server."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import keyring
import pytest
import requests
from keyring.backends import fail, null
from test_client_support import (
    FAST_RETRY,
    MemoryKeyring,
    error,
    memory_keyring,
    ok,
    scripted_server,
)

from sync.account import check_endpoint, make_account
from sync.credentials import Credentials, account_key
from sync.errors import BadSetting, NetworkFailed, SyncCancelled
from sync.transport import HttpError, RetryPolicy, Timeouts, Transport, retry_after_seconds


def _transport(url, sleeps=None, **kwargs):
    recorded = sleeps if sleeps is not None else []
    return Transport(url, timeouts=Timeouts(1.0, 0.5), retry=kwargs.pop("retry", FAST_RETRY),
                     sleep=recorded.append, rng=random.Random(1), **kwargs)  # fmt: skip


def test_5xx_and_dropped_answers_are_retried_then_the_answer_comes_back():
    with scripted_server([error(500, "boom"), error(502, "gw"), ok({"a": 1})]) as (url, seen):
        transport = _transport(url)
        assert transport.json("GET", "/x") == {"a": 1}
    assert len(seen) == 3 and transport.retries == 2


def test_429_and_503_honour_retry_after_in_seconds_and_as_an_http_date():
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    sleeps: list[float] = []
    retry = RetryPolicy(attempts=4, base=0.01, cap=0.02, max_retry_after=500)
    replies = [error(429, "slow", {"Retry-After": "3"}),
               error(503, "busy", {"Retry-After": later}), ok({})]  # fmt: skip
    with scripted_server(replies) as (url, _):
        _transport(url, sleeps, retry=retry).json("POST", "/x", json_body={})
    waited = sum(sleeps)
    assert 3 + 115 < waited < 3 + 121  # both honoured (the date to the second)


def test_backoff_is_exponential_with_full_jitter_and_capped():
    transport = _transport("http://127.0.0.1:9", retry=RetryPolicy(base=1, cap=8))
    waits = [transport.backoff(n) for n in range(8) for _ in range(50)]
    assert all(0 <= w <= 8 for w in waits) and max(waits) > 6 and min(waits) < 0.5
    assert max(transport.backoff(0) for _ in range(100)) <= 1


@pytest.mark.parametrize("status", [400, 403, 404, 413, 422])
def test_final_answers_are_not_retried(status):
    with (
        scripted_server([error(status, "no"), ok({})]) as (url, seen),
        pytest.raises(HttpError) as raised,
    ):
        _transport(url).request("POST", "/x", data=b"{}")
    assert raised.value.status == status and raised.value.code == "no" and len(seen) == 1


def test_after_the_last_attempt_the_run_stops_with_a_vietnamese_message():
    with (
        scripted_server([error(500, "down")]) as (url, seen),
        pytest.raises(NetworkFailed) as raised,
    ):
        _transport(url, retry=RetryPolicy(attempts=3, base=0.01)).request("GET", "/x")
    assert len(seen) == 3
    assert "sau 3 lần thử" in raised.value.message and "vẫn chờ" in raised.value.message


def test_a_server_too_slow_to_answer_times_out_and_is_asked_again():
    def slow():
        time.sleep(1.0)
        return ok({"late": True})

    with scripted_server([slow, ok({"fast": True})]) as (url, seen):
        started = time.monotonic()
        assert _transport(url).json("GET", "/x") == {"fast": True}
    assert len(seen) == 2 and time.monotonic() - started < 0.95 + 0.5


def test_a_closed_port_counts_as_a_connection_error_and_is_bounded():
    with pytest.raises(NetworkFailed):
        _transport("http://127.0.0.1:9", retry=RetryPolicy(attempts=2, base=0.01)).request(
            "GET", "/x"
        )


def test_an_unreadable_2xx_answer_counts_as_a_failed_try():
    html = (200, {"Content-Type": "text/html"}, b"<html>captive portal</html>")
    with scripted_server([html, ok({"ok": 1})]) as (url, seen):
        assert _transport(url).json("GET", "/x") == {"ok": 1}
    assert len(seen) == 2


def test_cancel_is_heard_during_a_long_backoff():
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with scripted_server([error(503, "busy", {"Retry-After": "60"})]) as (url, seen):
        transport = _transport(url, retry=RetryPolicy(max_retry_after=60), cancelled=cancelled)
        with pytest.raises(SyncCancelled):
            transport.request("GET", "/x")
    assert len(seen) == 1


def test_tls_is_always_verified_a_ca_bundle_may_replace_the_default(tmp_path):
    assert _transport("https://example.invalid").verify is True
    bundle = tmp_path / "ca.pem"
    bundle.write_text("x")
    assert _transport("https://example.invalid", ca_bundle=str(bundle)).verify == str(bundle)
    sent = {}

    class Spy(requests.Session):
        def request(self, *args, **kwargs):  # type: ignore[override]
            sent.update(kwargs)
            raise requests.exceptions.ConnectionError("offline")

    with pytest.raises(NetworkFailed):
        _transport("https://x.invalid", session=Spy(), retry=RetryPolicy(attempts=1)).request(
            "GET", "/"
        )
    assert sent["verify"] is True and sent["timeout"] == (1.0, 0.5)


def test_a_certificate_that_does_not_verify_stops_at_once_with_advice():
    class BadCert(requests.Session):
        def request(self, *args, **kwargs):  # type: ignore[override]
            raise requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED")

    transport = _transport("https://x.invalid", session=BadCert())
    with pytest.raises(NetworkFailed) as raised:
        transport.request("GET", "/")
    assert "chứng chỉ" in raised.value.message and transport.retries == 0


def test_retry_after_parsing():
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert retry_after_seconds("7", now) == 7
    assert retry_after_seconds("Mon, 01 Jan 2024 00:00:30 GMT", now) == 30
    assert retry_after_seconds("Sun, 31 Dec 2023 00:00:30 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None) is None


# --- account and keyring -----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["http://dongbo.pgd.edu.vn", "ftp://x", "dongbo.pgd.edu.vn",
                                 "https://u:p@x.vn", "https://x.vn/?a=1"])  # fmt: skip
def test_endpoints_that_are_refused(url):
    with pytest.raises(BadSetting):
        check_endpoint(url)


@pytest.mark.parametrize("url", ["https://dongbo.pgd.edu.vn/", "http://127.0.0.1:8080",
                                 "http://localhost:5000/sync", "http://[::1]:80"])  # fmt: skip
def test_endpoints_that_are_accepted(url):
    assert check_endpoint(url) == url.rstrip("/")


def test_an_account_needs_a_school_and_a_user_and_an_existing_ca_bundle(tmp_path):
    with pytest.raises(BadSetting):
        make_account("https://x.vn", " ", "u")
    with pytest.raises(BadSetting):
        make_account("https://x.vn", "1", "u", str(tmp_path / "missing.pem"))


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_no_secure_keyring_is_detected_and_nothing_is_stored(backend):
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        credentials = Credentials()
        assert not credentials.is_secure()
        assert credentials.set("k", "secret") is False and credentials.get("k") is None
    finally:
        keyring.set_keyring(previous)


def test_a_plaintext_file_backend_is_not_secure():
    class PlaintextKeyring(MemoryKeyring):
        pass

    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        assert not Credentials().is_secure()
    finally:
        keyring.set_keyring(previous)


def test_a_secure_keyring_keeps_the_password_under_the_account_key():
    with memory_keyring() as backend:
        credentials = Credentials()
        key = account_key("https://x.vn/", "66001", "u")
        assert credentials.is_secure() and credentials.set(key, "pw")
        assert backend.store == {("songmay-sync", "https://x.vn|66001|u"): "pw"}
        assert credentials.get(key) == "pw"
        credentials.delete(key)
        assert credentials.get(key) is None
