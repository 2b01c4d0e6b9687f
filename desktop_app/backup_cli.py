"""The safe-keeping commands of ``songmay``: ``backup`` (to the backups folder, to a file, encrypted
for a USB stick; ``--list``) and ``restore`` (a backup or an encrypted copy, recognised by its
header). Kept apart from cli.py so each file stays small; cli.py registers them.

Exit codes: 0 done; 1 refused and nothing changed (wrong passphrase, changed or damaged file, the
database open in a window, passphrases that differ); 2 a file cannot be found, read or written.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core.errors import SongMayError
from desktop_app.core.paths import backups_dir, resolve_db_path

EXIT_OK, EXIT_REFUSED, EXIT_FILE_ERROR = 0, 1, 2
# Codes of a refusal: the input was read and judged, nothing was changed.
_REFUSED = frozenset({
    "wrong_passphrase", "file_tampered", "backup_damaged", "not_a_backup", "in_use",
    "already_running", "weak_passphrase", "passphrase_mismatch", "same_file",
    "unsupported_version",
})  # fmt: skip

Opener = Callable[[argparse.Namespace], Any]


def add_parsers(commands: Any) -> None:
    backup = commands.add_parser(
        "backup", help="sao lưu dữ liệu (vào thư mục sao lưu, ra tệp, hoặc mã hoá ra USB)"
    )
    backup.add_argument("--out", type=Path,
                        help="tệp sẽ ghi (mặc định: thư mục sao lưu cạnh tệp dữ liệu)")  # fmt: skip
    backup.add_argument("--encrypt", action="store_true",
                        help="mã hoá bằng mật khẩu (để mang đi bằng USB)")  # fmt: skip
    backup.add_argument("--passphrase-stdin", action="store_true",
                        help="đọc mật khẩu từ đầu vào chuẩn (một dòng) thay vì hỏi")  # fmt: skip
    backup.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu")
    backup.add_argument("--keep", type=int, metavar="N",
                        help="từ nay giữ lại N bản sao lưu gần nhất (mặc định 10)")  # fmt: skip
    backup.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    restore = commands.add_parser(
        "restore", help="khôi phục dữ liệu từ một bản sao lưu (thường hoặc mã hoá)"
    )
    restore.add_argument("file", type=Path, help="tệp sao lưu (.sqlite3) hoặc bản mã hoá (.smbk)")
    restore.add_argument("--passphrase-stdin", action="store_true",
                         help="đọc mật khẩu của bản mã hoá từ đầu vào chuẩn (một dòng)")  # fmt: skip
    restore.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def _refused(code: str, message: str) -> SongMayError:
    return SongMayError(message, code=code)


def _read_stdin_passphrase() -> str:
    passphrase = sys.stdin.readline().rstrip("\r\n")
    if not passphrase:
        raise _refused("passphrase_missing",
                       "Không đọc được mật khẩu từ đầu vào chuẩn (--passphrase-stdin).")  # fmt: skip
    return passphrase


def _ask_passphrase(twice: bool) -> str:
    if not sys.stdin.isatty():
        raise _refused(
            "passphrase_missing",
            "Cần mật khẩu: hãy đưa mật khẩu vào bằng --passphrase-stdin (một dòng, ví dụ: "
            "songmay restore E:\\saoluu.smbk --passphrase-stdin < tệp_mật_khẩu).",
        )
    first = getpass.getpass("Mật khẩu: ")
    if twice and getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise _refused(
            "passphrase_mismatch", "Hai lần nhập mật khẩu không giống nhau; chưa ghi gì."
        )
    return first


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    return _read_stdin_passphrase() if args.passphrase_stdin else _ask_passphrase(twice)


def _existing_db(args: argparse.Namespace) -> Path:
    path = resolve_db_path(args.db)
    if not path.is_file():
        raise _refused("not_found", f"Không tìm thấy tệp dữ liệu: {path}")
    return path


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"


def _list(db_path: Path, as_json: bool) -> int:
    from desktop_app.core.safekeeping.backups import list_backups, load_keep

    found = list_backups(db_path)
    if as_json:
        print(json.dumps([info.as_dict() for info in found], ensure_ascii=False))
        return EXIT_OK
    folder = backups_dir(db_path)
    if not found:
        print(f"Chưa có bản sao lưu nào trong {folder}.")
        return EXIT_OK
    print(f"{len(found)} bản sao lưu trong {folder} (giữ lại {load_keep(folder)} bản gần nhất):")
    for info in found:
        counts = ("không đọc được" if info.students is None
                  else f"{info.students} học sinh, {info.handovers} lượt bàn giao")  # fmt: skip
        print(f"  {info.created:%d/%m/%Y %H:%M:%S}  {info.reason_label:<27} "
              f"{_size(info.size):>9}  {counts}  {info.path.name}")  # fmt: skip
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.safekeeping import backups

    db_path = resolve_db_path(args.db)
    if args.keep is not None:
        backups.save_keep(backups_dir(db_path), args.keep)
        if not args.json:
            print(f"Từ nay giữ lại {args.keep} bản sao lưu gần nhất trong {backups_dir(db_path)}.")
    if args.list:
        return _list(db_path, args.json)
    db_path = _existing_db(args)
    if args.encrypt:
        from desktop_app.core.safekeeping.encrypted import SUFFIX, export_encrypted

        passphrase = _passphrase(args, twice=True)
        out = (
            args.out
            or backups_dir(db_path) / f"songmay-{datetime.now():%Y%m%d-%H%M%S}-manual{SUFFIX}"
        )
        written = export_encrypted(db_path, out, passphrase)
        note = "Bản sao đã mã hoá; cần đúng mật khẩu này để khôi phục."
    elif args.out:
        written = backups.write_copy(db_path, args.out)
        note = "Bản sao KHÔNG mã hoá: hãy giữ cẩn thận (có thông tin cá nhân của học sinh)."
    else:
        written = backups.make_backup(db_path, "manual")
        note = f"Thư mục sao lưu giữ lại {backups.load_keep(written.parent)} bản gần nhất."
    if args.json:
        print(json.dumps({"path": str(written), "size": written.stat().st_size,
                          "encrypted": bool(args.encrypt)}, ensure_ascii=False))  # fmt: skip
    else:
        print(f"Đã sao lưu dữ liệu vào {written} ({_size(written.stat().st_size)}, đã kiểm tra "
              f"toàn vẹn). {note}")  # fmt: skip
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.safekeeping.backups import database_counts
    from desktop_app.core.safekeeping.drives import check_local_drive
    from desktop_app.core.safekeeping.encrypted import is_encrypted, restore_encrypted
    from desktop_app.core.safekeeping.instance import AlreadyRunning, lock_holder
    from desktop_app.core.safekeeping.restore import restore_backup

    db_path = resolve_db_path(args.db)
    if not args.file.is_file():
        raise _refused("not_found", f"Không tìm thấy tệp sao lưu: {args.file}")
    check_local_drive(db_path)
    holder = lock_holder(db_path)
    if holder is not None:
        raise AlreadyRunning(db_path, holder)
    if is_encrypted(args.file):
        result = restore_encrypted(db_path, args.file, _passphrase(args, twice=False))
    else:
        result = restore_backup(db_path, args.file)
    students, handovers = database_counts(db_path)
    if args.json:
        print(json.dumps({"restored_from": str(result.restored_from),
                          "previous": str(result.previous) if result.previous else None,
                          "students": students, "handovers": handovers},
                         ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    counts = f" ({students} học sinh, {handovers} lượt bàn giao)" if students is not None else ""
    print(f"Đã khôi phục dữ liệu từ {result.restored_from}{counts} vào {db_path}.")
    if result.previous is not None:
        kind = "tệp hỏng được giữ nguyên" if result.previous_damaged else "bản sao lưu"
        print(f"Dữ liệu trước khi khôi phục ({kind}): {result.previous}")
    return EXIT_OK


def _guarded(command: Callable[[argparse.Namespace, Opener], int]) -> Callable[..., int]:
    def run(args: argparse.Namespace, open_db: Opener) -> int:
        try:
            return command(args, open_db)
        except SongMayError as exc:
            if exc.code not in _REFUSED:
                raise  # cli.main: message and exit 2
            print(f"Lỗi: {exc.message}", file=sys.stderr)
            return EXIT_REFUSED

    return run


COMMANDS: dict[str, Callable[[argparse.Namespace, Opener], int]] = {
    "backup": _guarded(cmd_backup),
    "restore": _guarded(cmd_restore),
}
