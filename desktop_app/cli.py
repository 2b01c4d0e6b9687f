"""``songmay``: the same jobs as the window, without it (for district IT staff, scripts, tests)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app import __version__, backup_cli, handover_cli, sync_cli
from desktop_app.core.errors import SongMayError
from desktop_app.core.paths import resolve_db_path
from desktop_app.core.templates.spec import KINDS, load_template

EXIT_OK, EXIT_ROW_ERRORS, EXIT_FILE_ERROR = 0, 1, 2

_TEXT = {
    "vi": {
        "template_written": 'Đã tạo mẫu "{title}": {path}',
        "exported": "Đã xuất {count} dòng ra {path}",
        "report_written": "Đã ghi báo cáo lỗi: {path}",
        "summary": (
            "Trang tính: {sheet} (tiêu đề ở dòng {header_row}) — đọc {rows_read} dòng, "
            "hợp lệ {rows_valid}, lỗi {errors}, cảnh báo {warnings}."
        ),
        "imported": "Đã nhập {rows_imported} dòng (thêm mới {created}, cập nhật {updated}, "
        "không đổi {unchanged}).",
        "dry_run": "Chạy thử: không ghi gì vào dữ liệu.",
        "blocked": "Chưa nhập dòng nào vì tệp còn lỗi. Sửa lỗi rồi nhập lại, hoặc dùng --partial "
        "để chỉ nhập các dòng hợp lệ.",
        "school_empty": "Chưa có hồ sơ trường. Đặt bằng: songmay school --name ... --code ... "
        "--level THCS ...",
        "more": "… và {count} vấn đề khác (xem báo cáo lỗi với --report).",
        "no_display": "Không tìm thấy màn hình để mở cửa sổ ứng dụng. Trên máy không có màn hình, "
        "hãy dùng các lệnh dòng lệnh (xem: songmay --help), ví dụ: songmay info.",
    },
    "en": {
        "template_written": 'Template "{title}" written: {path}',
        "exported": "Exported {count} rows to {path}",
        "report_written": "Error report written: {path}",
        "summary": (
            "Sheet: {sheet} (header on row {header_row}) — {rows_read} rows read, "
            "{rows_valid} valid, {errors} errors, {warnings} warnings."
        ),
        "imported": "Imported {rows_imported} rows ({created} new, {updated} updated, "
        "{unchanged} unchanged).",
        "dry_run": "Dry run: nothing was written.",
        "blocked": "Nothing imported because of errors. Fix them, or use --partial.",
        "school_empty": "No school profile yet. Set it with: songmay school --name ... --code ...",
        "more": "… and {count} more problems (see the error report with --report).",
        "no_display": "No display to open the window on. Use the command line instead "
        "(see: songmay --help), e.g. songmay info.",
    },
}
SCHOOL_LABELS = {
    "name": "Tên trường", "code": "Mã trường", "level": "Cấp học", "commune": "Xã/phường",
    "district": "Quận/huyện", "province": "Tỉnh/thành phố", "principal": "Hiệu trưởng",
    "clerk": "Cán bộ phụ trách", "parent_agency": "Cơ quan chủ quản (in trên biên bản)",
    "approval_policy": "Nhu cầu chưa được Phòng duyệt khi bàn giao: warn (cảnh báo) hoặc block "
    "(không cho bàn giao)",
}  # fmt: skip
MAX_PRINTED_PROBLEMS = 50


def _say(lang: str, key: str, **params: Any) -> str:
    return _TEXT.get(lang, _TEXT["vi"])[key].format(**params)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="songmay",
        description="Sóng và máy tính cho em — ứng dụng của nhà trường (dòng lệnh).",
    )
    parser.add_argument("--version", action="version", version=f"songmay {__version__}")
    parser.add_argument("--db", help="tệp dữ liệu SQLite (mặc định: biến SONGMAY_DB hoặc thư mục "
                        "dữ liệu người dùng)")  # fmt: skip
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="ngôn ngữ thông báo")
    parser.add_argument("--demo", action="store_true", help="điền dữ liệu mẫu vào tệp dữ liệu mới")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH")

    template = commands.add_parser("template", help="tạo tệp mẫu Excel trống")
    template.add_argument("kind", choices=KINDS)
    template.add_argument("out", type=Path)

    imp = commands.add_parser("import", help="kiểm tra và nhập một tệp Excel")
    imp.add_argument("kind", choices=KINDS)
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    imp.add_argument("--partial", action="store_true", help="nhập các dòng hợp lệ dù có lỗi")
    imp.add_argument("--report", type=Path, help="ghi báo cáo lỗi ra tệp Excel")
    imp.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    exp = commands.add_parser("export", help="xuất dữ liệu theo mẫu của Bộ")
    exp.add_argument("kind", choices=KINDS)
    exp.add_argument("out", type=Path)

    school = commands.add_parser("school", help="xem hoặc đặt hồ sơ trường")
    for name, label in SCHOOL_LABELS.items():
        school.add_argument(f"--{name.replace('_', '-')}", dest=name, help=label)
    school.add_argument("--json", action="store_true")

    info = commands.add_parser("info", help="thông tin trường, số liệu, hàng đợi đồng bộ")
    info.add_argument("--json", action="store_true")
    handover_cli.add_parsers(commands)
    sync_cli.add_parsers(commands)
    backup_cli.add_parsers(commands)
    return parser


def _open(args: argparse.Namespace) -> Any:
    from desktop_app.core.store.database import open_database

    return open_database(resolve_db_path(args.db))


def cmd_template(args: argparse.Namespace) -> int:
    from desktop_app.core.importing.export import write_template

    db = _open(args) if args.db else None
    write_template(db, args.kind, args.out)
    title = load_template(args.kind).title.capitalize()
    print(_say(args.lang, "template_written", title=title, path=args.out))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from desktop_app.core.importing.report import write_error_report
    from desktop_app.core.importing.service import ImportOptions, import_file

    db = _open(args)
    report = import_file(
        db, args.kind, args.file, ImportOptions(dry_run=args.dry_run, partial=args.partial)
    )
    if args.report:
        write_error_report(report, args.report, args.lang)
    if args.json:
        print(json.dumps(report.as_dict(args.lang), ensure_ascii=False))
        return report.exit_code
    lang = args.lang
    if report.sheet:
        print(_say(lang, "summary", sheet=report.sheet, header_row=report.header_row,
                   rows_read=report.rows_read, rows_valid=report.rows_valid,
                   errors=len(report.errors), warnings=len(report.warnings)))  # fmt: skip
    for problem in report.problems[:MAX_PRINTED_PROBLEMS]:
        label = {"error": "LỖI", "warning": "Cảnh báo"}[problem.severity] if lang == "vi" else (
            problem.severity.upper())  # fmt: skip
        print(f"{label} [{problem.code}] {problem.location(lang)}: {problem.message(lang)}")
    if len(report.problems) > MAX_PRINTED_PROBLEMS:
        print(_say(lang, "more", count=len(report.problems) - MAX_PRINTED_PROBLEMS))
    if args.report:
        print(_say(lang, "report_written", path=args.report))
    if report.dry_run:
        print(_say(lang, "dry_run"))
    elif report.rows_imported or not report.errors:
        print(_say(lang, "imported", rows_imported=report.rows_imported, created=report.created,
                   updated=report.updated, unchanged=report.unchanged))  # fmt: skip
    elif not report.file_error:
        print(_say(lang, "blocked"))
    return report.exit_code


def cmd_export(args: argparse.Namespace) -> int:
    from desktop_app.core.importing.export import export_file

    count = export_file(_open(args), args.kind, args.out)
    print(_say(args.lang, "exported", count=count, path=args.out))
    return EXIT_OK


def cmd_school(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from desktop_app.core.school import load_school, save_school

    db = _open(args)
    changes = {name: getattr(args, name) for name in SCHOOL_LABELS if getattr(args, name)}
    profile = save_school(db, changes) if changes else load_school(db)
    if args.json:
        print(json.dumps(asdict(profile), ensure_ascii=False))
    elif not any(asdict(profile).values()):
        print(_say(args.lang, "school_empty"))
    else:
        for name, label in SCHOOL_LABELS.items():
            print(f"{label}: {getattr(profile, name) or '—'}")
    return EXIT_OK


def cmd_info(args: argparse.Namespace) -> int:
    from desktop_app.core.store.queries import database_info

    path = resolve_db_path(args.db)
    info = database_info(_open(args), path)
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
        return EXIT_OK
    school = info["school"]
    print(f"Sóng và máy tính cho em — songmay {__version__}")
    print(f"Tệp dữ liệu: {info['database']}")
    print(f"Trường: {school.get('name') or '(chưa đặt — dùng lệnh: songmay school --name ...)'}"
          + (f" — mã {school['code']}, cấp {school['level']}" if school.get("code") else ""))  # fmt: skip
    counts = info["counts"]
    print(
        f"Học sinh: {counts['students']} · Nhu cầu: {counts['needs']} · Nhà tài trợ: "
        f"{counts['donors']} · Đợt tài trợ: {counts['donation_batches']} · Thiết bị: "
        f"{counts['devices']} · Đã bàn giao: {counts['handed_over']}"
    )
    print(f"Thay đổi chờ đồng bộ: {info['outbox']['pending']}")
    return EXIT_OK


COMMANDS = {
    "template": cmd_template,
    "import": cmd_import,
    "export": cmd_export,
    "school": cmd_school,
    "info": cmd_info,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:  # the window; only this path imports Qt
            if not _has_display():
                print(_say(args.lang, "no_display"), file=sys.stderr)
                return EXIT_FILE_ERROR
            from desktop_app.ui.shell.app import run

            return run(resolve_db_path(args.db), demo=args.demo)
        if args.command in handover_cli.COMMANDS:
            return handover_cli.COMMANDS[args.command](args, _open)
        if args.command in sync_cli.COMMANDS:
            return sync_cli.COMMANDS[args.command](args, _open)
        if args.command in backup_cli.COMMANDS:
            return backup_cli.COMMANDS[args.command](args, _open)
        return COMMANDS[args.command](args)
    except SongMayError as exc:
        print(f"Lỗi: {exc.message}", file=sys.stderr)
        return EXIT_FILE_ERROR
    except BrokenPipeError:  # the output was piped into a program that stopped reading
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # a file the user named cannot be written or read
        print(f"Lỗi: không ghi/đọc được tệp {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_FILE_ERROR
    except Exception:  # a bug of ours: the details go to the log, the clerk gets a sentence
        log = _log_unexpected_error()
        print(
            "Lỗi không mong đợi; dữ liệu không bị thay đổi dở dang. Chi tiết đã ghi vào "
            f"{log}. Hãy gửi tệp này cho bộ phận hỗ trợ.",
            file=sys.stderr,
        )
        return 3


def _has_display() -> bool:
    """Qt aborts the process when it finds no screen; say what to do instead (over SSH, on a
    server). Windows and macOS always have one; offscreen rendering needs none."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _log_unexpected_error() -> Path:
    import traceback
    from datetime import datetime

    from desktop_app.core.paths import data_dir

    log = data_dir() / "logs" / "songmay.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().isoformat()} songmay {__version__}\n")
            handle.write(traceback.format_exc())
    except OSError:
        return Path("(không ghi được nhật ký)")
    return log


if __name__ == "__main__":
    raise SystemExit(main())
