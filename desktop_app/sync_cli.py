"""The ``songmay sync …`` commands: ``login``, ``run``, ``status``, ``export-package`` (and
``refused``, ``requeue``). Kept apart from cli.py so each file stays small; cli.py registers them.

Exit codes of ``sync run``: 0 all delivered, 1 some changes refused or the run stopped early (what
remains is still pending), 2 not logged in or bad input.
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2
# Codes of errors the clerk fixes by logging in or correcting what was typed.
_BAD_INPUT = frozenset({"not_logged_in", "bad_setting", "password_missing", "invalid_credentials"})

Opener = Callable[[argparse.Namespace], Any]


def add_parsers(commands: Any) -> None:
    sync = commands.add_parser("sync", help="đồng bộ dữ liệu lên máy chủ của Phòng/Sở GD&ĐT")
    actions = sync.add_subparsers(dest="action", metavar="VIỆC", required=True)

    login = actions.add_parser("login", help="đăng nhập tài khoản đồng bộ của trường")
    login.add_argument("--endpoint", required=True, help="địa chỉ máy chủ, ví dụ https://…")
    login.add_argument("--school", required=True, help="mã trường")
    login.add_argument("--username", required=True, help="tên đăng nhập")
    login.add_argument("--password-stdin", action="store_true",
                       help="đọc mật khẩu từ đầu vào chuẩn (một dòng)")  # fmt: skip
    login.add_argument("--ca-bundle", help="tệp chứng chỉ gốc (CA) của máy chủ, nếu Phòng cấp")

    run = actions.add_parser("run", help="gửi các thay đổi đang chờ và nhận kết quả duyệt")
    run.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    run.add_argument("--password-stdin", action="store_true",
                     help="đọc mật khẩu từ đầu vào chuẩn (khi máy không lưu được mật khẩu)")  # fmt: skip
    run.add_argument("--batch-size", type=int, default=None,
                     help="số thay đổi tối đa mỗi lượt gửi (mặc định 500; nhỏ hơn khi mạng yếu)")  # fmt: skip

    status = actions.add_parser("status", help="số thay đổi đang chờ, đã gửi, bị từ chối")
    status.add_argument("--json", action="store_true")

    package = actions.add_parser(
        "export-package", help="ghi các thay đổi đang chờ ra một tệp để mang đi (USB)"
    )
    package.add_argument("out", type=Path, help="tệp .zip sẽ ghi")
    package.add_argument("--school", help="mã trường (mặc định: của tài khoản đồng bộ)")

    refused = actions.add_parser("refused", help="các thay đổi bị máy chủ từ chối và lý do")
    refused.add_argument("--json", action="store_true")
    actions.add_parser("requeue", help="gửi lại các thay đổi bị từ chối (sau khi đã sửa)")


def cmd_sync(args: argparse.Namespace, open_db: Opener) -> int:
    handler = {
        "login": _login, "run": _run, "status": _status, "export-package": _export,
        "refused": _refused, "requeue": _requeue,
    }[args.action]  # fmt: skip
    return handler(args, open_db)


def _read_stdin_password() -> str:
    line = sys.stdin.readline()
    password = line.rstrip("\r\n")
    if not password:
        from sync.errors import PasswordMissing

        raise PasswordMissing("Không đọc được mật khẩu từ đầu vào chuẩn (--password-stdin).")
    return password


def _prompt_password() -> str:
    if not sys.stdin.isatty():
        from sync.errors import PasswordMissing

        raise PasswordMissing(
            "Cần mật khẩu đồng bộ: máy này không lưu được mật khẩu. Hãy đưa mật khẩu vào bằng "
            "--password-stdin (ví dụ: songmay sync run --password-stdin < tệp_mật_khẩu)."
        )
    return getpass.getpass("Mật khẩu đồng bộ: ")


def _login(args: argparse.Namespace, open_db: Opener) -> int:
    from sync.account import make_account, store_account
    from sync.client import SyncClient
    from sync.credentials import NO_SECURE_KEYRING, Credentials

    account = make_account(args.endpoint, args.school, args.username, args.ca_bundle)
    password = _read_stdin_password() if args.password_stdin else _prompt_password()
    client = SyncClient(account, lambda: password)
    try:
        client.login()
    finally:
        client.transport.close()
    db = open_db(args)
    kept = store_account(db, account, password, Credentials())
    print(f"Đã đăng nhập máy chủ {account.endpoint} với tài khoản {account.username} của trường "
          f"{account.school_code}.")  # fmt: skip
    if kept:
        print("Mật khẩu được lưu trong kho mật khẩu an toàn của hệ điều hành.")
    else:
        print(NO_SECURE_KEYRING)
    return EXIT_OK


class _CliProgress:
    """Ctrl+C asks the run to stop between two requests (the outbox stays consistent)."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.cancelled = False
        self._last = -1

    def set_progress(self, done: int, total: int, stage: str) -> None:
        if not self.show or not total:
            return
        percent = 100 * done // total
        if percent != self._last:
            self._last = percent
            print(f"\r{stage}: {done}/{total} ({percent}%)", end="", file=sys.stderr, flush=True)

    def is_cancelled(self) -> bool:
        return self.cancelled


@contextmanager
def _stop_on_interrupt(progress: _CliProgress) -> Iterator[None]:
    def stop(signum: int, frame: FrameType | None) -> None:
        progress.cancelled = True

    try:
        previous = signal.signal(signal.SIGINT, stop)
    except ValueError:  # not the main thread (tests calling main() from a worker)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _run(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.store.outbox import refused_changes
    from sync.account import PasswordProvider, keyring_password, load_account
    from sync.client import SyncClient, SyncSettings
    from sync.credentials import Credentials

    db = open_db(args)
    account = load_account(db)
    password: PasswordProvider
    if args.password_stdin:
        typed = _read_stdin_password()
        password = lambda: typed  # noqa: E731 - a provider that knows the typed password
    elif Credentials().is_secure():
        password = keyring_password(account, Credentials())
    else:
        password = _prompt_password_once()
    settings = SyncSettings()
    if args.batch_size is not None:
        if args.batch_size < 1:
            print("Lỗi: --batch-size phải là số nguyên dương.", file=sys.stderr)
            return EXIT_BAD_INPUT
        settings = SyncSettings(max_changes=args.batch_size)
    progress = _CliProgress(show=not args.json and sys.stderr.isatty())
    client = SyncClient(account, password, settings=settings)
    try:
        with _stop_on_interrupt(progress):
            report = client.run(db, progress)
    finally:
        client.transport.close()
    if progress.show:
        print(file=sys.stderr)
    result: dict[str, Any] = {
        "sent": report.sent, "accepted": report.accepted, "rejected": report.rejected,
        "duplicates": report.duplicates, "pending": report.pending,
        "decisions_received": report.decisions,
    }  # fmt: skip
    if report.error:
        result["error"] = report.error
        result["error_code"] = report.error_code
    code = EXIT_OK
    if report.error_code in _BAD_INPUT:
        code = EXIT_BAD_INPUT
    elif report.error or report.rejected:
        code = EXIT_REFUSED
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return code
    print(f"Đã gửi {report.sent} thay đổi: máy chủ nhận {report.accepted}, đã có từ trước "
          f"{report.duplicates}, từ chối {report.rejected}. Kết quả duyệt nhận về: "
          f"{report.decisions}. Còn chờ gửi: {report.pending}.")  # fmt: skip
    if report.unknown_students:
        codes = ", ".join(sorted(set(report.unknown_students))[:20])
        print(f"Có kết quả duyệt cho học sinh không có trên máy này: {codes}.")
    if report.rejected:
        _print_refused(refused_changes(db, limit=20))
        print("Sửa các bản ghi trên rồi đồng bộ lại (songmay sync requeue để gửi lại ngay).")
    if report.error:
        print(f"Lỗi: {report.error}", file=sys.stderr)
    return code


def _prompt_password_once() -> Callable[[], str]:
    """No secure keyring: ask once per run, when the first login needs it."""
    asked: list[str] = []

    def provide() -> str:
        if not asked:
            asked.append(_prompt_password())
        return asked[0]

    return provide


def _print_refused(refused: list[Any]) -> None:
    for change in refused:
        print(f"  Bị từ chối [{change.code or '?'}] {change.label}: {change.message or ''}")


def _status(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.store.outbox import outbox_counts, refused_changes, sync_state

    db = open_db(args)
    counts = outbox_counts(db)
    state = sync_state(db)
    result = {**counts, "last_sync": state.last_sync_at}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return EXIT_OK
    if state.endpoint:
        print(f"Máy chủ: {state.endpoint} — trường {state.school_code}, tài khoản "
              f"{state.username}")  # fmt: skip
    else:
        print("Chưa đăng nhập tài khoản đồng bộ (songmay sync login …).")
    print(f"Chờ gửi: {counts['pending']} · Đã gửi: {counts['sent']} · Bị từ chối: "
          f"{counts['rejected']}")  # fmt: skip
    print(f"Lần đồng bộ thành công gần nhất: {_local_time(state.last_sync_at) or 'chưa có'}")
    last = state.last_result or {}
    if last.get("error"):
        print(f"Lần đồng bộ trước dừng giữa chừng: {last['error']}")
    if counts["rejected"]:
        _print_refused(refused_changes(db, limit=20))
    return EXIT_OK


def _export(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.school import load_school
    from sync.package import export_package

    db = open_db(args)
    from desktop_app.core.store.outbox import sync_state

    school = args.school or sync_state(db).school_code or load_school(db).code
    if not school:
        print("Lỗi: chưa biết mã trường: hãy ghi --school MÃ_TRƯỜNG.", file=sys.stderr)
        return EXIT_BAD_INPUT
    summary = export_package(db, args.out, school_code=school)
    print(f"Đã ghi {summary.changes} thay đổi ({summary.submissions} lượt gửi) ra {summary.path}. "
          "Mang tệp này đến Phòng GD&ĐT để nhập vào máy chủ. Các thay đổi vẫn được đánh dấu "
          "chờ gửi: lần đồng bộ qua mạng sau sẽ được máy chủ báo là đã có.")  # fmt: skip
    return EXIT_OK


def _refused(args: argparse.Namespace, open_db: Opener) -> int:
    from dataclasses import asdict

    from desktop_app.core.store.outbox import refused_changes

    refused = refused_changes(open_db(args))
    if args.json:
        print(json.dumps([asdict(r) for r in refused], ensure_ascii=False))
    elif not refused:
        print("Không có thay đổi nào bị từ chối.")
    else:
        _print_refused(refused)
    return EXIT_OK


def _requeue(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.store.outbox import requeue_refused

    count = requeue_refused(open_db(args))
    print(f"Đã đưa {count} thay đổi bị từ chối trở lại hàng chờ gửi.")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Opener], int]] = {"sync": cmd_sync}


def _local_time(stamp: str | None) -> str | None:
    """A stored UTC timestamp as the clerk reads it: dd/mm/yyyy HH:MM in the PC's time zone."""
    if not stamp:
        return None
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%d/%m/%Y %H:%M")
