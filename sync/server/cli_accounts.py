"""The account commands of ``songmay-server`` (units, schools, staff users, audit).

Each change is made by the operator at the server's console: the audit trail names them by the
computer's login (audit.operator()), and every row a command records (a review under a staff
account too) has ``local:<that login>`` as its client address (audit.at_console()). Text
output is in Vietnamese (unit kinds, roles); ``--json`` keeps the codes.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sync.server import accounts
from sync.server.audit import entries
from sync.server.errors import BadRequest
from sync.server.store import Store

EXIT_OK = 0


def _store(args: argparse.Namespace) -> Store:
    from sync.server.cli import _store as named

    return named(args)


def read_password() -> str:
    """The first line of stdin (typed by hand: not echoed); never empty."""
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Mật khẩu: ")
    else:
        password = sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not password:
        raise BadRequest(
            "Mật khẩu trống: hãy đưa mật khẩu vào stdin (một dòng). / Empty password.",
            code="empty_password",
        )
    return password


def _yes(flag: bool) -> str:
    return "đã khóa" if flag else "hoạt động"


def cmd_unit(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.unit_command == "add":
        unit = accounts.add_unit(store, args.code, name=args.name, parent=args.parent)
        kind = accounts.UNIT_KIND_NAMES[unit["kind"]]
        verb = "Đã thêm" if unit["created"] else "Đã cập nhật"
        print(f"{verb} đơn vị {unit['code']} ({kind}): {unit['name']}.")
        return EXIT_OK
    units = accounts.list_units(store)
    if args.json:
        print(json.dumps(units, ensure_ascii=False))
        return EXIT_OK
    if not units:
        print("Chưa có đơn vị nào.")
    for unit in units:
        above = f", thuộc {unit['parent']}" if unit["parent"] else ""
        print(f"{unit['code']}\t{accounts.UNIT_KIND_NAMES[unit['kind']]}{above}\t{unit['name']}")
    return EXIT_OK


def cmd_school(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.school_command == "list":
        schools = accounts.list_schools(store)
        if args.json:
            print(json.dumps(schools, ensure_ascii=False))
            return EXIT_OK
        if not schools:
            print("Chưa có trường nào.")
        for school in schools:
            print(f"{school['code']}\t{school['unit'] or '-'}\t{school['level'] or '-'}\t"
                  f"{_yes(school['disabled'])}\t{school['accounts']} tài khoản\t"
                  f"{school['name']}")  # fmt: skip
        return EXIT_OK
    if args.school_command == "unlock":
        locked = accounts.unlock_school(store, args.code)
        if locked:
            print(f"Đã gỡ khóa đăng nhập của trường {args.code} (tài khoản "
                  f"{', '.join(locked)}): có thể đăng nhập lại ngay.")  # fmt: skip
        else:
            print(f"Trường {args.code} không có tài khoản nào đang bị khóa đăng nhập; đã xóa "
                  "các lần đăng nhập sai đã đếm.")  # fmt: skip
        return EXIT_OK
    disabled = args.school_command == "disable"
    ended = accounts.set_school_disabled(store, args.code, disabled)
    if disabled:
        print(f"Đã khóa trường {args.code}: không đăng nhập được nữa; {ended} phiên đăng nhập "
              "đã bị hủy.")  # fmt: skip
    else:
        print(f"Đã mở lại trường {args.code}: trường cần đăng nhập lại.")
    return EXIT_OK


def cmd_user(args: argparse.Namespace) -> int:
    store = _store(args)
    command = args.user_command
    if command == "add":
        accounts.add_user(
            store, args.username, full_name=args.name, role=args.role, unit=args.unit,
            level=args.level, password=read_password(),
        )  # fmt: skip
        print(f"Đã thêm tài khoản cán bộ {args.username} ({accounts.ROLE_NAMES[args.role]}, "
              f"đơn vị {args.unit}"
              f"{', cấp ' + args.level if args.level else ''}).")  # fmt: skip
        return EXIT_OK
    if command == "list":
        users = accounts.list_users(store)
        if args.json:
            print(json.dumps(users, ensure_ascii=False))
            return EXIT_OK
        if not users:
            print("Chưa có tài khoản cán bộ nào.")
        for user in users:
            print(f"{user['username']}\t{accounts.ROLE_NAMES[user['role']]}\t{user['unit']}\t{user['level'] or '-'}\t"
                  f"{_yes(user['disabled'])}\t{user['sessions']} phiên\t{user['name']}")  # fmt: skip
        return EXIT_OK
    done: dict[str, Any] = {
        "disable": (accounts.disable_user, "Đã khóa tài khoản {u}; {n} phiên đăng nhập đã bị hủy."),
        "enable": (accounts.enable_user, "Đã mở lại tài khoản {u}: cần đăng nhập lại."),
        "revoke": (accounts.revoke_user, "Đã hủy {n} phiên đăng nhập của tài khoản {u}."),
    }
    if command == "reset-password":
        ended = accounts.reset_password(store, args.username, read_password())
        print(f"Đã đổi mật khẩu tài khoản {args.username} (và gỡ khóa đăng nhập nếu có); "
              f"{ended} phiên đăng nhập cũ đã bị hủy.")  # fmt: skip
        return EXIT_OK
    if command == "unlock":
        if accounts.unlock_user(store, args.username):
            print(f"Đã gỡ khóa đăng nhập của tài khoản {args.username}: có thể đăng nhập lại ngay.")
        else:
            print(f"Tài khoản {args.username} không bị khóa đăng nhập; đã xóa các lần đăng nhập "
                  "sai đã đếm.")  # fmt: skip
        return EXIT_OK
    action, message = done[command]
    ended = action(store, args.username)
    print(message.format(u=args.username, n=ended))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    rows = entries(_store(args), since=args.since, actor=args.actor)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("Nhật ký chưa có mục nào" + (" khớp điều kiện đã chọn." if args.since or args.actor
                                           else "."))  # fmt: skip
    for row in rows:
        print("\t".join(str(row[key] or "-") for key in (
            "at", "actor_kind", "actor", "action", "target", "unit_code", "outcome",
            "client_address")))  # fmt: skip
    return EXIT_OK
