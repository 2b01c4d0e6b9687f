"""``songmay-server``: run the reference receiving server and do the district office's jobs.

    songmay-server [--data DIR] [--db PATH_OR_URL] COMMAND …
      add-school CODE --name NAME --username USER --password-stdin [--unit DISTRICT] [--level L]
      unit add CODE --name NAME [--parent PROVINCE_CODE] | unit list [--json]
      school list [--json] | school disable|enable|unlock CODE
      user add USERNAME --name NAME --role reviewer|statistician|health|admin --unit CODE
               [--level TH|THCS|THPT] --password-stdin
      user list [--json] | user disable|enable|revoke|unlock USERNAME
      user reset-password USERNAME --password-stdin
      audit [--since DATE] [--actor NAME] [--json]
      serve [--host 127.0.0.1] [--port 8765] [--token-ttl SECONDS] [--rate-limit N]
            [--header-timeout S] [--body-timeout S] [--keep-alive S] [--max-connections N]
            [--log-file PATH] [--metrics-from CIDR,…] [--login-address-limit N]
            [--workers N]
      backup --output FILE_OR_DIR
      review CODE --student STUDENT_CODE (--approve | --return --comment TEXT)
             (--user STAFF_USERNAME | --reviewer NAME)
      stats --school CODE [--json]
      import-package FILE [--json] [--allow-unsigned]
      register-key CODE KEY [--client-id ID] [--fingerprint XXXX-XXXX-XXXX-XXXX]
      server-key [--output FILE]
      openapi [--output FILE]
      set-aside list [--json] | set-aside retry (SEQ… | --all)

The database is ``--db``, else ``DIR/server.sqlite3`` for ``--data DIR``, else the
``SONGMAY_SERVER_DB`` environment variable (a path or ``sqlite:///…``, or a ``postgresql://…`` URL
for PostgreSQL), else ``server.sqlite3`` in the user data folder "SongMayServer". The server's own
files (its package key) are in ``--data DIR`` if given (with a PostgreSQL database named by
``--db`` or the variable), else beside the SQLite file, else (PostgreSQL) in the user data folder. Exit codes: 0 done, 1 refused (unknown school or student,
port in use, no server data at --data/--db…), 2 bad input (a password shorter than 8
characters, bad package…). Only serve, add-school and unit add create the database; every other
command refuses a place with no server data. What a command changes is audited with
``local:<the computer's login>`` as its client address. Expected errors print one sentence,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sync.server.audit import at_console
from sync.server.auth import DEFAULT_TOKEN_TTL
from sync.server.cli_ops import cmd_backup
from sync.server.errors import BadRequest, ServerError
from sync.server.login_guard import ADDRESS_FAILURES
from sync.server.ops import LOOPBACK, networks
from sync.server.store import DB_ENV_VAR, PG_SCHEMES, Store, resolve_db_path
from sync.server.timeouts import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_KEEP_ALIVE,
    DEFAULT_MAX_CONNECTIONS,
)

EXIT_OK, EXIT_REFUSED, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765

log = logging.getLogger("sync.server")


def build_parser() -> argparse.ArgumentParser:
    # The global options are accepted before or after the command (scripts write both).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                        help="thư mục dữ liệu (tệp server.sqlite3 và khóa của máy chủ trong đó)")  # fmt: skip
    common.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS,
                        help="tệp SQLite, sqlite:///… hoặc postgresql://… "
                             f"(mặc định: biến {DB_ENV_VAR})")  # fmt: skip
    parser = argparse.ArgumentParser(
        prog="songmay-server", parents=[common],
        description="Máy chủ nhận dữ liệu của chương trình Sóng và máy tính cho em.",
    )  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = commands.add_parser("add-school", parents=[common],
                              help="thêm trường và tài khoản (hoặc đổi mật khẩu)")  # fmt: skip
    add.add_argument("code", metavar="CODE", help="mã trường")
    add.add_argument("--name", help="tên trường (bắt buộc khi thêm trường mới)")
    add.add_argument("--username", required=True, help="tên đăng nhập của trường")
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="đọc mật khẩu từ dòng đầu của stdin")  # fmt: skip
    add.add_argument("--unit", metavar="DISTRICT_CODE", help="phòng giáo dục quản lý trường")
    add.add_argument("--level", choices=("TH", "THCS", "THPT"), help="cấp học của trường")

    unit = commands.add_parser("unit", parents=[common], help="đơn vị: tỉnh, huyện")
    unit_commands = unit.add_subparsers(dest="unit_command", required=True, metavar="ACTION")
    unit_add = unit_commands.add_parser("add", parents=[common],
                                        help="thêm đơn vị (có --parent: cấp huyện)")  # fmt: skip
    unit_add.add_argument("code", metavar="CODE", help="mã đơn vị")
    unit_add.add_argument("--name", required=True, help="tên đơn vị")
    unit_add.add_argument("--parent", metavar="CODE", help="mã tỉnh (khi thêm một huyện)")
    unit_list = unit_commands.add_parser("list", parents=[common], help="liệt kê đơn vị")
    unit_list.add_argument("--json", action="store_true", help="in dạng JSON")

    school = commands.add_parser("school", parents=[common], help="liệt kê, khóa, mở lại trường")
    school_commands = school.add_subparsers(dest="school_command", required=True,
                                            metavar="ACTION")  # fmt: skip
    school_list = school_commands.add_parser("list", parents=[common], help="liệt kê trường")
    school_list.add_argument("--json", action="store_true", help="in dạng JSON")
    for action, text in (("disable", "khóa trường: hủy mọi phiên, không đăng nhập được"),
                         ("enable", "mở lại trường (phiên cũ vẫn bị hủy)"),
                         ("unlock", "gỡ khóa tạm sau nhiều lần đăng nhập sai")):  # fmt: skip
        school_commands.add_parser(action, parents=[common], help=text).add_argument(
            "code", metavar="CODE", help="mã trường"
        )

    user = commands.add_parser("user", parents=[common], help="tài khoản cán bộ phòng/sở")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    user_add = user_commands.add_parser("add", parents=[common], help="thêm tài khoản cán bộ")
    user_add.add_argument("username", metavar="USERNAME")
    user_add.add_argument("--name", required=True, help="họ tên")
    user_add.add_argument("--role", required=True,
                          choices=("reviewer", "statistician", "health", "admin"))  # fmt: skip
    user_add.add_argument("--unit", required=True, metavar="CODE", help="mã tỉnh hoặc huyện")
    user_add.add_argument("--level", choices=("TH", "THCS", "THPT"),
                          help="chỉ duyệt trường cấp này")  # fmt: skip
    user_add.add_argument("--password-stdin", action="store_true", required=True,
                          help="đọc mật khẩu từ dòng đầu của stdin")  # fmt: skip
    user_list = user_commands.add_parser("list", parents=[common], help="liệt kê tài khoản")
    user_list.add_argument("--json", action="store_true", help="in dạng JSON")
    for action, text in (("disable", "khóa tài khoản và hủy mọi phiên"),
                         ("enable", "mở lại tài khoản"),
                         ("revoke", "hủy mọi phiên đăng nhập của tài khoản"),
                         ("unlock", "gỡ khóa tạm sau nhiều lần đăng nhập sai")):  # fmt: skip
        user_commands.add_parser(action, parents=[common], help=text).add_argument(
            "username", metavar="USERNAME"
        )
    reset = user_commands.add_parser("reset-password", parents=[common], help="đặt mật khẩu mới")
    reset.add_argument("username", metavar="USERNAME")
    reset.add_argument("--password-stdin", action="store_true", required=True,
                       help="đọc mật khẩu từ dòng đầu của stdin")  # fmt: skip

    audit = commands.add_parser("audit", parents=[common],
                                help="nhật ký: đăng nhập, duyệt, thay đổi tài khoản")  # fmt: skip
    audit.add_argument("--since", metavar="DATE", type=_day,
                       help="từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd, giờ UTC)")  # fmt: skip
    audit.add_argument("--actor", metavar="NAME", help="chỉ của người/tài khoản này")
    audit.add_argument("--json", action="store_true", help="in dạng JSON")

    serve = commands.add_parser("serve", parents=[common], help="chạy máy chủ")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"mặc định {DEFAULT_HOST}")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT,
                       help=f"mặc định {DEFAULT_PORT}; 0 = cổng trống bất kỳ")  # fmt: skip
    serve.add_argument("--token-ttl", type=_positive_int, default=DEFAULT_TOKEN_TTL,
                       metavar="SECONDS", help="thời hạn phiên đăng nhập (mặc định 8 giờ)")  # fmt: skip
    serve.add_argument("--rate-limit", type=_positive_int, default=0, metavar="N",
                       help="tối đa N lượt gửi mỗi phút cho một trường (0 = không giới hạn)")  # fmt: skip
    serve.add_argument("--workers", type=_positive_int, default=0, metavar="N",
                       help="số luồng áp dụng dữ liệu (SQLite: 1; PostgreSQL: mặc định 4)")  # fmt: skip
    serve.add_argument("--header-timeout", type=_seconds, default=DEFAULT_HEADER_TIMEOUT,
                       metavar="S", help="ngắt kết nối chưa gửi xong tiêu đề yêu cầu sau S giây")  # fmt: skip
    serve.add_argument("--body-timeout", type=_seconds, default=DEFAULT_BODY_TIMEOUT,
                       metavar="S", help="trả 408 khi nội dung yêu cầu dừng quá S giây")  # fmt: skip
    serve.add_argument("--keep-alive", type=_positive_int, default=DEFAULT_KEEP_ALIVE,
                       metavar="S", help="đóng kết nối rảnh sau S giây")  # fmt: skip
    serve.add_argument("--max-connections", type=_positive_int, default=DEFAULT_MAX_CONNECTIONS,
                       metavar="N", help="quá N kết nối: bỏ kết nối chờ lâu nhất chưa gửi yêu cầu (0 = không giới hạn)")  # fmt: skip
    serve.add_argument("--log-file", type=Path, metavar="PATH",
                       help="tệp nhật ký xoay vòng (mặc định server.log cạnh tệp dữ liệu)")  # fmt: skip
    serve.add_argument("--metrics-from", type=_networks, default=LOOPBACK, metavar="CIDR,…",
                       help="địa chỉ được đọc /metrics (mặc định chỉ máy này)")  # fmt: skip
    serve.add_argument("--login-address-limit", type=_positive_int, default=ADDRESS_FAILURES,
                       metavar="N", help="khóa tạm một địa chỉ sau N lần đăng nhập sai trong 5 "
                       f"phút (mặc định {ADDRESS_FAILURES}; 0 = không khóa theo địa chỉ)")  # fmt: skip
    serve.add_argument("--log-level", default="info",
                       choices=("critical", "error", "warning", "info", "debug"))  # fmt: skip
    # Tests only: wait inside each submission's transaction (to kill the server there).
    serve.add_argument("--test-apply-delay", type=float, default=0.0, help=argparse.SUPPRESS)

    backup = commands.add_parser("backup", parents=[common],
                                 help="sao lưu cơ sở dữ liệu (kể cả khi máy chủ đang chạy)")  # fmt: skip
    backup.add_argument("--output", required=True, metavar="FILE_OR_DIR",
                        help="tệp sao lưu, hoặc thư mục (tên tệp theo ngày giờ)")  # fmt: skip

    review = commands.add_parser("review", parents=[common],
                                 help="duyệt hoặc trả lại nhu cầu của một học sinh")  # fmt: skip
    review.add_argument("code", metavar="CODE", help="mã trường")
    review.add_argument("--student", required=True, metavar="STUDENT_CODE", help="mã học sinh")
    decision = review.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true", help="duyệt")
    decision.add_argument("--return", dest="return_", action="store_true",
                          help="trả lại (cần --comment)")  # fmt: skip
    review.add_argument("--comment", help="lý do / ghi chú cho nhà trường")
    review.add_argument("--user", metavar="USERNAME",
                        help="tài khoản cán bộ duyệt (vai trò reviewer/admin của huyện hoặc tỉnh)")  # fmt: skip
    review.add_argument("--reviewer",
                        help="chỉ khi máy chủ chưa có tài khoản cán bộ nào (cách cũ): tên người "
                        "duyệt, mặc định tên đăng nhập máy")  # fmt: skip

    stats = commands.add_parser("stats", parents=[common], help="số liệu đã nhận của một trường")
    stats.add_argument("--school", required=True, metavar="CODE")
    stats.add_argument("--json", action="store_true", help="in dạng JSON")

    package = commands.add_parser("import-package", parents=[common],
                                  help="nhập gói dữ liệu ngoại tuyến (.zip)")  # fmt: skip
    package.add_argument("file", metavar="FILE", type=Path)
    package.add_argument("--json", action="store_true", help="in tóm tắt dạng JSON")
    package.add_argument("--allow-unsigned", action="store_true",
                         help="chỉ khi chuyển đổi: nhận cả gói cũ không ký, không mã hóa")  # fmt: skip

    register = commands.add_parser(
        "register-key", parents=[common],
        help="đăng ký khóa ký gói dữ liệu của một trường chưa từng đồng bộ qua mạng",
    )  # fmt: skip
    register.add_argument("code", metavar="CODE", help="mã trường")
    register.add_argument("key", metavar="KEY",
                          help="khóa công khai (songmay sync show-key in ra) hoặc tệp chứa khóa")  # fmt: skip
    register.add_argument("--client-id", help="mã máy của trường (nếu có: chỉ nhận gói từ máy đó)")
    register.add_argument("--fingerprint", metavar="XXXX-XXXX-XXXX-XXXX",
                          help="dấu vân tay trường đưa: khóa bị từ chối nếu không khớp")  # fmt: skip

    server_key = commands.add_parser(
        "server-key", parents=[common],
        help="in khóa công khai của máy chủ (tệp đưa cho trường chưa từng đồng bộ qua mạng)",
    )  # fmt: skip
    server_key.add_argument("--output", type=Path, help="ghi ra tệp thay vì stdout")

    openapi = commands.add_parser("openapi", parents=[common], help="in tài liệu OpenAPI")
    openapi.add_argument("--output", type=Path, help="ghi ra tệp thay vì stdout")

    from sync.server import cli_set_aside

    cli_set_aside.add_parser(commands, common)
    return parser


def _port(text: str) -> int:
    value = int(text) if text.isdigit() else -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"cổng không hợp lệ: {text!r} (0–65535)")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 86400:
        raise argparse.ArgumentTypeError(f"cần số giây dương: {text!r}")
    return value


def _networks(text: str) -> tuple[str, ...]:
    specs = tuple(part.strip() for part in text.split(",") if part.strip())
    try:
        networks(specs)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"địa chỉ mạng không hợp lệ: {exc}") from None
    return specs


def _day(text: str) -> str:
    """A day as the audit stores it (ISO): written dd/mm/yyyy, as in Viet Nam, or yyyy-mm-dd."""
    from datetime import date, datetime

    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        f"ngày không hợp lệ: {text!r}; hãy viết dd/mm/yyyy, ví dụ {date.today():%d/%m/%Y}"
    )


def _positive_int(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"cần một số nguyên không âm: {text!r}")
    return int(text)


# The commands that make the server's database where there is none yet; every other one
# refuses (a mistyped --data would otherwise leave an empty new store behind, silently).
CREATING = {("serve", None), ("add-school", None), ("unit", "add")}
NO_STORE = {"openapi", "backup"}  # backup refuses a missing database in its own words


class NoStore(ServerError):
    status, exit_code, code = 404, EXIT_REFUSED, "no_store"


def _named_store(args: argparse.Namespace) -> Store:
    db, data = getattr(args, "db", None), getattr(args, "data", None)
    named = os.environ.get(DB_ENV_VAR, "")
    if data and not db and named.partition("://")[0] in PG_SCHEMES:
        db = named  # a PostgreSQL database named in the environment, its files in --data
    if db and data:  # both: the database is --db, the server's own files are in --data
        return Store(resolve_db_path(db=db), data_dir=Path(data).expanduser())
    return Store(resolve_db_path(db=db, data_dir=data))


def _require_store(args: argparse.Namespace) -> None:
    """Refuse (exit 1) a command that needs the server's data where there is none yet."""
    action = getattr(args, "unit_command", None) if args.command == "unit" else None
    if args.command in NO_STORE or (args.command, action) in CREATING:
        return
    store = _named_store(args)
    try:
        if store.exists():
            return
    finally:
        store.close()
    raise NoStore(
        f"Chưa có dữ liệu máy chủ ở {store.describe()}; kiểm tra --data/--db. / No server data "
        "there yet; check --data/--db."
    )


def _store(args: argparse.Namespace) -> Store:
    store = _named_store(args)
    store.initialize()
    return store


def cmd_add_school(args: argparse.Namespace) -> int:
    from sync.server.auth import add_school
    from sync.server.cli_accounts import read_password

    password = read_password()
    change = add_school(
        _store(args), args.code, name=args.name, username=args.username, password=password,
        unit=args.unit, level=args.level,
    )  # fmt: skip
    if change.school_created:
        print(f"Đã thêm trường {args.code} và tài khoản {args.username}.")
        return EXIT_OK
    labels = {"name": "tên trường", "unit": "đơn vị", "level": "cấp học"}
    done = [f"{labels[field]} ({old or 'chưa có'} → {new})" for field, old, new in change.changed]
    if change.user_created:
        done.append(f"thêm tài khoản {args.username}")
    else:
        done.append(f"đặt lại mật khẩu tài khoản {args.username} (mở khóa đăng nhập nếu đang "
                    f"bị khóa; {change.tokens_revoked} phiên đăng nhập cũ đã bị hủy)")  # fmt: skip
    print(f"Trường {args.code} đã có; đã đổi: {'; '.join(done)}.")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from sync.server.app import ServerSettings, create_app
    from sync.server.net import listening_socket
    from sync.server.ops import LOG_FILENAME, close_log_file, open_log_file
    from sync.server.timeouts import Timeouts, server_config

    store = _store(args)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    try:
        sock = listening_socket(args.host, args.port)
    except OSError as exc:
        print(f"Lỗi: không mở được cổng {args.host}:{args.port} ({exc.strerror}). Cổng có thể "
              "đang được chương trình khác dùng: hãy chọn cổng khác (--port).", file=sys.stderr)  # fmt: skip
        return EXIT_REFUSED
    host, port = sock.getsockname()[:2]
    url = f"http://[{host}]:{port}" if family == socket.AF_INET6 else f"http://{host}:{port}"
    settings = ServerSettings(
        token_ttl=args.token_ttl, rate_limit=args.rate_limit, apply_delay=args.test_apply_delay,
        metrics_from=args.metrics_from, login_address_limit=args.login_address_limit,
        workers=args.workers,
    )  # fmt: skip
    timeouts = Timeouts(
        header=args.header_timeout, body=args.body_timeout, keep_alive=args.keep_alive,
        max_connections=args.max_connections,
    )  # fmt: skip
    config = server_config(
        create_app(store, settings), timeouts, log_level=args.log_level, server_header=False
    )
    # After uvicorn's Config: it (re)configures its loggers when created.
    log_file = open_log_file(args.log_file or store.data_dir / LOG_FILENAME)
    log.info("serving on %s (header %ss, body %ss, keep-alive %ss, at most %s connections)",
             url, timeouts.header, timeouts.body, timeouts.keep_alive, timeouts.max_connections)  # fmt: skip
    server = uvicorn.Server(config)
    print(
        f"Máy chủ đang chạy tại {url} (dữ liệu: {store.describe()}). Nhấn Ctrl+C để dừng.",
        flush=True,
    )
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it already handled
        pass
    finally:
        sock.close()
        log.info("stopped")
        close_log_file(log_file)
    if not server.started:
        print("Lỗi: máy chủ không khởi động được (xem nhật ký ở trên).", file=sys.stderr)
        return EXIT_REFUSED
    print("Đã dừng máy chủ.", flush=True)
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    from sync.server.district import record_decision

    if args.return_ and not (args.comment and args.comment.strip()):
        raise BadRequest(
            'Trả lại nhu cầu cần có lý do: thêm --comment "…".', code="comment_required"
        )
    decision = record_decision(
        _store(args), args.code, args.student, approve=args.approve, comment=args.comment,
        reviewer=args.reviewer, staff=args.user,
    )  # fmt: skip
    verb = "duyệt" if decision["decision"] == "approved" else "trả lại"
    print(f"Đã ghi quyết định: {verb} nhu cầu của học sinh {args.student} (trường {args.code}); "
          "trường sẽ nhận được ở lần đồng bộ tới.")  # fmt: skip
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from sync.server.district import stats

    result = stats(_store(args), args.school)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"Trường {result['school']}: {result['students']} học sinh, {result['needs']} nhu cầu, "
              f"{result['devices']} thiết bị, {result['handovers']} biên bản bàn giao; "
              f"{result['changes_applied']} thay đổi đã nhận.")  # fmt: skip
    return EXIT_OK


def cmd_import_package(args: argparse.Namespace) -> int:
    from sync.server.packages import import_package

    summary = import_package(_store(args), args.file, allow_unsigned=args.allow_unsigned)
    if not summary.signed:
        print("Cảnh báo: gói này không có chữ ký và không được mã hóa (gói cũ, nhận nhờ "
              "--allow-unsigned).", file=sys.stderr)  # fmt: skip
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
        return EXIT_OK
    counts = summary.counts
    print(f"Gói của trường {summary.school_code}: {summary.submissions} lượt gửi "
          f"(mới {summary.new_submissions}, đã nhập trước đó {summary.already_imported}).")  # fmt: skip
    if summary.new_submissions:
        print(f"Thay đổi: chấp nhận {counts['accepted']}, trùng/bỏ qua {counts['duplicate']}, "
              f"bị từ chối {counts['rejected']}.")  # fmt: skip
    else:
        print("Gói này đã được nhập trước đó: không có gì thay đổi.")
    return EXIT_OK


def cmd_register_key(args: argparse.Namespace) -> int:
    import getpass

    from sync.sealing import decode_key, fingerprint
    from sync.server.keys import register_school_key

    text = args.key
    candidate = Path(text)
    if len(text) != 44 and candidate.is_file():  # a file holding the key (show-key's output)
        text = _key_in(candidate.read_text(encoding="utf-8"))
    try:
        raw = decode_key(text)
    except ValueError:
        raise BadRequest(
            "Khóa không hợp lệ: cần chuỗi 44 ký tự mà songmay sync show-key in ra, hoặc tệp chứa "
            "chuỗi đó. / Not a valid key.",
            code="invalid_key",
        ) from None
    if args.fingerprint and args.fingerprint.strip().upper() != fingerprint(raw):
        raise BadRequest(
            f"Dấu vân tay không khớp: khóa này có dấu vân tay {fingerprint(raw)}, trường đưa "
            f"{args.fingerprint.strip().upper()}. Khóa chưa được đăng ký: hãy hỏi lại trường. / "
            "The fingerprint does not match; nothing registered.",
            code="fingerprint_mismatch",
        )
    try:
        operator = getpass.getuser()
    except (OSError, KeyError):
        operator = "operator"
    done = register_school_key(
        _store(args), args.code, text, client_id=args.client_id, source="operator",
        registered_by=operator,
    )  # fmt: skip
    verb = "thay khóa cũ bằng" if done.replaced else "đăng ký"
    print(f"Đã {verb} khóa ký gói dữ liệu của trường {done.school_code}: dấu vân tay "
          f"{done.fingerprint}. Hãy so với dấu vân tay trường đưa.")  # fmt: skip
    return EXIT_OK


def _key_in(text: str) -> str:
    """The key in a file show-key wrote: its line "…: KEY", or the whole text."""
    for line in text.splitlines():
        word = line.rsplit(maxsplit=1)[-1] if line.strip() else ""
        if len(word) == 44 and word.endswith("="):
            return word
    return text.strip()


def cmd_server_key(args: argparse.Namespace) -> int:
    from sync.server.keys import server_public_key

    text = json.dumps(server_public_key(_store(args)).as_dict()) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    temporary = args.output.with_name(args.output.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, args.output)
    print(f"Đã ghi khóa công khai của máy chủ ra {args.output}: chép tệp này cho trường.",
          file=sys.stderr)  # fmt: skip
    return EXIT_OK


def openapi_document() -> str:
    """The app's OpenAPI document as committed in sync/server/openapi.json."""
    from sync.server.app import create_app

    document = create_app(Store(Path(os.devnull))).openapi()
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def cmd_openapi(args: argparse.Namespace) -> int:
    text = openapi_document()
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    temporary = args.output.with_name(args.output.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, args.output)
    return EXIT_OK


def cmd_set_aside(args: argparse.Namespace) -> int:
    from sync.server import cli_set_aside

    return cli_set_aside.run(args, _store(args))


def _accounts(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from sync.server import cli_accounts

        command: Callable[[argparse.Namespace], int] = getattr(cli_accounts, name)
        return command(args)

    return run


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "add-school": cmd_add_school,
    "unit": _accounts("cmd_unit"),
    "school": _accounts("cmd_school"),
    "user": _accounts("cmd_user"),
    "audit": _accounts("cmd_audit"),
    "serve": cmd_serve,
    "backup": cmd_backup,
    "review": cmd_review,
    "stats": cmd_stats,
    "import-package": cmd_import_package,
    "register-key": cmd_register_key,
    "server-key": cmd_server_key,
    "openapi": cmd_openapi,
    "set-aside": cmd_set_aside,
}


def _utf8_output() -> None:
    """Vietnamese on a Windows console or through a pipe: never a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure: Any = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_output()
    args = build_parser().parse_args(argv)
    try:
        _require_store(args)
        if args.command == "serve":  # what it records names the client's address
            return COMMANDS[args.command](args)
        with at_console():  # who at this computer ran the command, in each audit row
            return COMMANDS[args.command](args)
    except ServerError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        print(f"Lỗi: không đọc/ghi được tệp {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
