"""The sync client: sends the outbox to the endpoint, then pulls the district's review decisions.

    report = SyncClient(account, password_provider).run(db, progress)

Delivery is at least once, the effect exactly once: a submission's id is its Idempotency-Key and is
written on its rows *before* it is sent, so a client that crashed, was cancelled or lost an answer
sends the same rows under the same key again and the server answers as the first time. Submissions
are pipelined (the next is sent while earlier ones are processed) and their results are marked one
transaction per submission. No Qt here: progress and Cancel go through a plain object.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from sqlite_utils import Database

from desktop_app.core.clock import record_server_time
from desktop_app.core.messages import Msg, msg, say
from desktop_app.core.reviews import apply_decisions
from desktop_app.core.store.outbox import (
    ChangeResult,
    assign_submission,
    in_flight_submissions,
    mark_results,
    note_attempt,
    outbox_counts,
    record_sync_result,
    release_submission,
    submission_changes,
    sync_state,
    unassigned_pages,
    utc_now,
)
from sync import protocol
from sync.account import Account, PasswordProvider
from sync.batching import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHANGES,
    Batch,
    batch_of,
    batches,
    compress,
    split,
    submission_body,
)
from sync.errors import (
    LoginRefused,
    NetworkFailed,
    ServerRefused,
    SyncCancelled,
    SyncError,
    message_data,
    message_from_data,
)
from sync.transport import HttpError, RetryPolicy, Timeouts, Transport

log = logging.getLogger(__name__)

# The stages the progress reports, said by the messages "sync.stage.<stage>".
STAGE_SEND = "send"
STAGE_FEEDBACK = "feedback"
# Refusals this client makes itself (the server's own come with the server's words).
# Refusals the clerk reads in this client's words (the server's would name protocol fields).
OWN_REFUSALS = {
    "too_large": "sync.rejected.too_large",
    "invalid_value": "sync.rejected.invalid_value",
    "invalid_submission": "sync.rejected.invalid_value",
}


class Progress(Protocol):
    """The JobState protocol of desktop_app.core.jobs, restated so sync/ needs no core internals."""

    def set_progress(self, done: int, total: int, stage: str) -> None: ...

    def is_cancelled(self) -> bool: ...


class _Silent:
    def set_progress(self, done: int, total: int, stage: str) -> None:
        return None

    def is_cancelled(self) -> bool:
        return False


@dataclass(frozen=True)
class SyncSettings:
    max_changes: int = DEFAULT_MAX_CHANGES
    max_bytes: int = DEFAULT_MAX_BYTES
    in_flight: int = 4  # submissions sent and not yet answered, at most
    page_size: int = 500  # outbox rows read at a time
    poll_first: float = 0.02  # seconds before asking again for a submission's result…
    poll_max: float = 2.0  # …doubling up to this
    poll_timeout: float = 300.0  # a submission still not done after this stops the run
    gzip_level: int = 5
    feedback: bool = True
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)


@dataclass
class SyncReport:
    sent: int = 0  # changes the server received in this run (each counted once)
    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    decisions: int = 0  # review decisions received
    unknown_students: list[str] = field(default_factory=list)
    pending: int = 0  # left in the queue when the run ended
    submissions: int = 0
    retries: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)  # this run's, capped
    started_at: str = ""
    finished_at: str = ""
    last_sync: str | None = None
    error: str | None = None  # what stopped the run early, in the client's language
    error_code: str | None = None
    error_message: dict[str, Any] | None = None  # the same, kept to be said in any language

    @property
    def ok(self) -> bool:
        return self.error is None

    def error_text(self, lang: str = "vi") -> str | None:
        return error_text(self.as_dict(), lang)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


MAX_REPORTED_REFUSALS = 100


class SyncClient:
    def __init__(
        self,
        account: Account,
        password: PasswordProvider,
        *,
        settings: SyncSettings = SyncSettings(),
        transport: Transport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        lang: str = "vi",
    ) -> None:
        """``lang``: the language of the progress stages and of ``SyncReport.error``."""
        self.account = account
        self.lang = lang
        self.password = password
        self.settings = settings
        self._progress: Progress = _Silent()
        self.transport = transport or Transport(
            account.endpoint,
            timeouts=settings.timeouts,
            retry=settings.retry,
            ca_bundle=account.ca_bundle,
            sleep=sleep,
            rng=rng,
        )
        self.transport.cancelled = self._cancelled
        self._token: str | None = None

    def _cancelled(self) -> bool:
        return self._progress.is_cancelled()

    # --- authentication ---------------------------------------------------------------------

    def login(self) -> None:
        """Get a token (kept in memory only). Raises LoginRefused on wrong credentials."""
        body = {
            "school_code": self.account.school_code,
            "username": self.account.username,
            "password": self.password(),
        }
        try:
            answer = self.transport.json("POST", protocol.TOKEN_PATH, json_body=body)
        except HttpError as exc:
            if exc.status in (400, 401, 403):
                raise LoginRefused() from None
            raise _refused(exc, msg("sync.action.login")) from None
        token = answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise NetworkFailed.of("sync.login.bad_answer")
        self._token = token

    def call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """An authorised JSON request (logging in first if needed)."""
        return self._call(method, path, **kwargs)

    def call_public(self, method: str, path: str) -> dict[str, Any]:
        return self.transport.json(method, path)

    def exchange_keys(self, db: Database) -> None:
        """Fetch the server's package key and register the school's (``sync.keys``)."""
        from sync.keys import exchange_keys

        exchange_keys(db, self, self.account.endpoint)

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """An authorised request; an expired token (401) is renewed once for this request."""
        if self._token is None:
            self.login()
        try:
            return self.transport.json(method, path, token=self._token, **kwargs)
        except HttpError as exc:
            if exc.status != 401:
                raise
        self._token = None
        self.login()
        try:
            return self.transport.json(method, path, token=self._token, **kwargs)
        except HttpError as exc:
            if exc.status == 401:
                raise LoginRefused() from None
            raise

    # --- the run ----------------------------------------------------------------------------

    def run(self, db: Database, progress: Progress | None = None) -> SyncReport:
        """Send everything pending, then pull review decisions. Never raises a SyncError: what
        stopped the run is in ``report.error`` and what remains is still pending."""
        self._progress = progress or _Silent()
        report = SyncReport(started_at=utc_now())
        self._report = report
        self._done = 0
        self._total = outbox_counts(db)["pending"]
        self._state = sync_state(db)
        try:
            self._push(db)
            if self.settings.feedback:
                self._pull(db)
            self._keys(db)
        except SyncError as exc:
            self._stopped(exc)
        except HttpError as exc:
            self._stopped(_refused(exc, msg("sync.action.sync")))
        finally:
            report.retries = self.transport.retries
            report.pending = outbox_counts(db)["pending"]
            report.finished_at = utc_now()
            record_sync_result(db, report.as_dict(), finished=report.ok)
            if self.transport.server_time is not None:
                record_server_time(db, self.transport.server_time)
            report.last_sync = sync_state(db).last_sync_at
        return report

    def _stopped(self, exc: SyncError) -> None:
        if isinstance(exc, SyncCancelled):
            exc = self._why_cancelled()
        report = self._report
        report.error, report.error_code = exc.text(self.lang), exc.code
        report.error_message = message_data(exc.msg) if exc.msg is not None else None

    def _why_cancelled(self) -> SyncCancelled:
        """Stopped while a request was still being retried: the server could not be reached,
        whoever then ended the wait; otherwise the reason the caller gives (its progress object's
        optional ``cancel_reason()``: "clerk", "closing"), the clerk's Hủy by default."""
        reason_of = getattr(self._progress, "cancel_reason", None)
        reason = str(reason_of() or "clerk") if callable(reason_of) else "clerk"
        return SyncCancelled(reason, problem=self.transport.last_problem)

    def _tick(self, stage: str = STAGE_SEND) -> None:
        if self._progress.is_cancelled():
            raise SyncCancelled()
        stage_text = say(f"sync.stage.{stage}", self.lang)
        self._progress.set_progress(min(self._done, self._total), self._total, stage_text)

    def _push(self, db: Database) -> None:
        window: deque[tuple[str, int]] = deque()  # (submission id, changes) posted, unanswered
        keep = max(0, self.settings.in_flight - 1)
        self._tick()
        # First what an earlier run left in flight: the same rows, the same key.
        for submission_id in in_flight_submissions(db):
            changes = submission_changes(db, submission_id)
            if not changes:
                continue
            note_attempt(db, submission_id)
            for posted in self._post(db, submission_id, batch_of(changes)):
                window.append(posted)
                self._collect(db, window, keep)
        for batch in batches(
            unassigned_pages(db, self.settings.page_size),
            self.settings.max_changes,
            self.settings.max_bytes,
        ):
            for posted in self._send_new(db, batch):
                window.append(posted)
                self._collect(db, window, keep)
        self._collect(db, window, 0)

    def _send_new(
        self, db: Database, batch: Batch, *, renamed: bool = False
    ) -> list[tuple[str, int]]:
        """``renamed``: these rows already went out under another id the server refused (409,
        422 key reused): one new id is all they get in this run."""
        self._tick()
        submission_id = str(uuid.uuid4())
        if assign_submission(db, submission_id, batch.seqs) != len(batch.changes):
            # Some rows changed hands meanwhile (another sync on this file): send what is ours.
            mine = submission_changes(db, submission_id)
            if not mine:
                return []
            batch = batch_of(mine)
        return self._post(db, submission_id, batch, renamed=renamed)

    def _post(
        self, db: Database, submission_id: str, batch: Batch, *, renamed: bool = False
    ) -> list[tuple[str, int]]:
        """POST one submission; a 413 splits it in halves. Returns what was posted."""
        self._tick()
        body = submission_body(
            batch,
            school_code=self.account.school_code,
            client_id=self._state.client_id,
            submission_id=submission_id,
            created_at=utc_now(),
        )
        try:
            self._call(
                "POST",
                protocol.SUBMISSIONS_PATH,
                data=compress(body, self.settings.gzip_level),
                headers={
                    protocol.IDEMPOTENCY_HEADER: submission_id,
                    "Content-Type": "application/json",
                    "Content-Encoding": "gzip",
                },
            )
        except HttpError as exc:
            if exc.status == 413 and len(batch.changes) > 1:
                release_submission(db, submission_id)
                posted = []
                for half in split(batch):
                    posted += self._send_new(db, half)
                return posted
            if exc.status == 413:
                self._mark(db, submission_id, [_too_large(batch.changes[0].change_id)])
                return []
            if _bad_change(exc):
                # One change the server cannot take must not hold back the others: halves are
                # sent until the bad one is alone, and that one is set aside as refused.
                if len(batch.changes) > 1:
                    release_submission(db, submission_id)
                    posted = []
                    for half in split(batch):
                        posted += self._send_new(db, half)
                    return posted
                code = exc.code or "invalid_value"
                refused = ChangeResult(
                    batch.changes[0].change_id, "rejected", code, say(OWN_REFUSALS[code])
                )
                self._mark(db, submission_id, [refused])
                return []
            if _id_taken(exc) and not renamed:
                # The server holds another body under this key (the account changed between
                # runs) or this id (409: an older server whose ids were global, or a clash): the
                # same rows go out once more under a new id and key; their change ids keep the
                # effect single. A second refusal stops the run: never a loop.
                release_submission(db, submission_id)
                return self._send_new(db, batch, renamed=True)
            if exc.status in (400, 409, 422):
                release_submission(db, submission_id)  # rebuilt afresh next time
            raise
        self._report.sent += len(batch.changes)
        self._report.submissions += 1
        return [(submission_id, len(batch.changes))]

    def _keys(self, db: Database) -> None:
        """The package keys, kept current after each good run; a server that cannot answer now
        (or an older one) does not fail a sync that delivered everything: the USB package says
        what is missing if it is ever needed."""
        try:
            self.exchange_keys(db)
        except (SyncError, HttpError) as exc:
            log.info("package keys not exchanged: %s", type(exc).__name__)

    def _collect(self, db: Database, window: deque[tuple[str, int]], keep: int) -> None:
        """Wait for the oldest submissions' results until at most ``keep`` are unanswered."""
        while len(window) > keep:
            submission_id, count = window[0]
            delay = self.settings.poll_first
            started = time.monotonic()
            reposted = False
            while True:
                self._tick()
                try:
                    answer = self._call("GET", f"{protocol.SUBMISSIONS_PATH}/{submission_id}")
                except HttpError as exc:
                    if exc.status != 404 or reposted:
                        raise
                    # The server lost it (restored from a backup): send the same rows again.
                    reposted = True
                    changes = submission_changes(db, submission_id)
                    if changes:
                        self._post(db, submission_id, batch_of(changes), renamed=True)
                    continue
                if answer.get("status") == "done":
                    break
                if time.monotonic() - started > self.settings.poll_timeout:
                    raise NetworkFailed.of(
                        "sync.poll_timeout", seconds=round(self.settings.poll_timeout)
                    )
                self.transport.wait(delay)
                delay = min(delay * 2, self.settings.poll_max)
            self._mark(db, submission_id, _results(answer))
            window.popleft()
            self._done += count

    def _mark(self, db: Database, submission_id: str, results: list[ChangeResult]) -> None:
        marked = mark_results(db, submission_id, results)
        report = self._report
        report.accepted += marked.accepted
        report.duplicates += marked.duplicates
        report.rejected += marked.rejected
        for refusal in marked.refused:
            if len(report.refused) < MAX_REPORTED_REFUSALS:
                report.refused.append(asdict(refusal))

    def _pull(self, db: Database) -> None:
        """Review decisions since the stored cursor, page after page, each page applied with its
        cursor in one transaction."""
        cursor = sync_state(db).feedback_cursor
        while True:
            self._tick(STAGE_FEEDBACK)
            params = {"since": cursor} if cursor is not None else None
            answer = self._call("GET", protocol.FEEDBACK_PATH, params=params)
            decisions = answer.get("decisions") or []
            next_cursor = answer.get("next_cursor")
            if not isinstance(decisions, list):
                raise NetworkFailed.of("sync.feedback.bad_format")
            if not decisions and (next_cursor is None or str(next_cursor) == cursor):
                return
            try:
                outcome = apply_decisions(db, decisions, next_cursor)
            except (KeyError, ValueError, TypeError) as exc:
                raise NetworkFailed.of("sync.feedback.bad_format.detail", detail=str(exc)) from None
            self._report.decisions += outcome.received
            self._report.unknown_students += outcome.unknown_students
            if not decisions or next_cursor is None or str(next_cursor) == cursor:
                return
            cursor = str(next_cursor)


def _results(answer: dict[str, Any]) -> list[ChangeResult]:
    results = []
    for item in answer.get("results") or []:
        if isinstance(item, dict) and item.get("status") in protocol.RESULT_STATUSES:
            results.append(
                ChangeResult(
                    str(item.get("change_id")),
                    item["status"],
                    item.get("code"),
                    item.get("message"),
                )
            )
    return results


def _too_large(change_id: str) -> ChangeResult:
    """Kept in the outbox in Vietnamese, like the server's own refusals; ``refusal_text`` says
    it in the reader's language."""
    return ChangeResult(change_id, "rejected", "too_large", say(OWN_REFUSALS["too_large"]))


def refusal_text(code: str | None, message: str | None, lang: str = "vi") -> str:
    """Why a change was refused: this client's own refusals in ``lang``, the server's in the
    server's words."""
    own = OWN_REFUSALS.get(code or "")
    return say(own, lang) if own is not None else message or ""


def error_text(result: dict[str, Any], lang: str = "vi") -> str | None:
    """What stopped a sync (a ``SyncReport.as_dict()``, or the last result kept in the
    database), in ``lang`` when the message was kept, else as it was written."""
    message = message_from_data(result.get("error_message"))
    if message is not None:
        return message.text(lang)
    error = result.get("error")
    return str(error) if error else None


_REFUSAL_REASONS = frozenset({400, 403, 404, 409, 413, 422})


def _bad_change(exc: HttpError) -> bool:
    """The server refused the whole upload for what is inside one of its changes (a value it
    cannot keep: its messages name the place as ``changes[i]…``), not for the envelope."""
    return (
        exc.code in ("invalid_value", "invalid_submission")
        and exc.status in (400, 422)
        and "changes[" in exc.message
    )


def _id_taken(exc: HttpError) -> bool:
    """The server holds another body under this submission's key (422) or id (409)."""
    return (exc.status == 422 and exc.code == "idempotency_key_reused") or exc.status == 409


def _refused(exc: HttpError, what: Msg) -> ServerRefused:
    """A final answer from the server, said so that the clerk knows whom to call."""
    if exc.status in _REFUSAL_REASONS:
        reason = msg(f"sync.reason.{exc.status}")
    else:
        reason = msg("sync.reason.other", status=exc.status)
    if exc.message:
        said = msg("sync.refused.server_said", what=what, reason=reason, detail=exc.message)
    else:
        said = msg("sync.refused", what=what, reason=reason)
    return ServerRefused(said, status=exc.status, server_code=exc.code, detail=exc.message)
