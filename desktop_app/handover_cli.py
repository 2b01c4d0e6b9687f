"""The Bàn giao commands of ``songmay``: ``allocate``, ``handover record|return|history`` and
``minutes``. Kept apart from cli.py so each file stays small; cli.py registers them."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.core.forms import FormResult
from desktop_app.core.importing.handovers import RETURN_REASONS

EXIT_OK, EXIT_REFUSED = 0, 1
RECEIVER_CODES = ("student", "parent", "guardian")

Opener = Callable[[argparse.Namespace], Any]


def add_parsers(commands: Any) -> None:
    allocate = commands.add_parser(
        "allocate", help="đề xuất phân bổ thiết bị cho học sinh theo thứ tự ưu tiên"
    )
    allocate.add_argument("--json", action="store_true", help="in đề xuất dạng JSON")

    handover = commands.add_parser("handover", help="ghi nhận bàn giao, thu hồi, xem lịch sử")
    actions = handover.add_subparsers(dest="action", metavar="VIỆC", required=True)

    record = actions.add_parser("record", help="ghi nhận bàn giao một thiết bị cho một học sinh")
    target = record.add_mutually_exclusive_group(required=True)
    target.add_argument("--student", help="mã học sinh")
    target.add_argument("--proposal", action="store_true",
                        help="ghi nhận mọi dòng của đề xuất phân bổ hiện tại")  # fmt: skip
    record.add_argument("--device", help="số serial/IMEI của thiết bị (bắt buộc với --student)")
    record.add_argument("--date", help="ngày bàn giao dd/mm/yyyy (mặc định: hôm nay)")
    record.add_argument("--receiver", choices=RECEIVER_CODES, default="student",
                        help="người nhận: học sinh, cha mẹ hoặc người giám hộ")  # fmt: skip
    record.add_argument("--receiver-name", help="họ tên người nhận thay học sinh")
    record.add_argument("--relationship", help="quan hệ của người nhận thay với học sinh")
    record.add_argument("--citizen-id", help="số CCCD của người nhận thay (nếu có)")
    record.add_argument("--handed-by", help="người của nhà trường bàn giao")
    record.add_argument("--position", help="chức vụ người bàn giao")
    record.add_argument("--condition", help="tình trạng thiết bị khi giao")
    record.add_argument("--accessories", help="phụ kiện kèm theo")
    record.add_argument("--note", help="ghi chú")
    record.add_argument("--json", action="store_true")

    give_back = actions.add_parser(
        "return", help="ghi nhận thu hồi thiết bị (hỏng, chuyển trường…)"
    )
    give_back.add_argument("--device", required=True, help="số serial/IMEI")
    give_back.add_argument("--reason", required=True, choices=tuple(RETURN_REASONS),
                           help="; ".join(f"{k}: {v}" for k, v in RETURN_REASONS.items()))  # fmt: skip
    give_back.add_argument("--date", help="ngày thu hồi dd/mm/yyyy (mặc định: hôm nay)")
    give_back.add_argument("--returned-by", help="người mang thiết bị trả lại")
    give_back.add_argument("--condition", help="tình trạng thiết bị khi thu hồi")
    give_back.add_argument("--note", help="ghi chú (bắt buộc với lý do other)")
    give_back.add_argument("--json", action="store_true")

    history = actions.add_parser("history", help="lịch sử bàn giao của một thiết bị/học sinh")
    whose = history.add_mutually_exclusive_group(required=True)
    whose.add_argument("--student", help="mã học sinh")
    whose.add_argument("--device", help="số serial/IMEI")
    history.add_argument("--json", action="store_true")

    minutes = commands.add_parser("minutes", help="in biên bản bàn giao/tiếp nhận ra tệp PDF")
    which = minutes.add_mutually_exclusive_group(required=True)
    which.add_argument("--student", action="append", help="mã học sinh (có thể lặp lại)")
    which.add_argument("--batch", help="mọi học sinh nhận thiết bị của một đợt tài trợ")
    which.add_argument("--all", action="store_true", help="mọi học sinh đã nhận thiết bị")
    which.add_argument("--receipt", metavar="BATCH", help="biên bản tiếp nhận của một đợt tài trợ")
    minutes.add_argument("--out", type=Path, required=True, help="tệp PDF")


def _print_problems(results: list[FormResult], labels: list[str]) -> None:
    for label, result in zip(labels, results, strict=True):
        for kind, found in (("LỖI", result.errors), ("Cảnh báo", result.warnings)):
            for field, messages in found.items():
                for message in messages:
                    print(f"{kind} [{label}{' · ' + field if field else ''}]: {message}")


def _day(text: str | None) -> str:
    return text or date.today().strftime("%d/%m/%Y")


def cmd_allocate(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.allocation import TIE_BREAK_RULE, propose_for

    proposal = propose_for(open_db(args))
    if args.json:
        print(json.dumps(proposal.as_dict(), ensure_ascii=False))
        return EXIT_OK
    print(f"Đề xuất phân bổ: {len(proposal.lines)} thiết bị cho {len(proposal.lines)} học sinh.")
    print(TIE_BREAK_RULE)
    for number, line in enumerate(proposal.lines, start=1):
        c, d = line.candidate, line.device
        print(f"{number:>4}. {c.code} {c.full_name} ({c.class_name}) ← {d.serial} "
              f"{d.brand} {d.model}: {line.reason}"
              + (f" ⚠ {line.warning}" if line.warning else ""))  # fmt: skip
    for skipped in proposal.skipped:
        c = skipped.candidate
        print(f"   – {c.code} {c.full_name} ({c.class_name}): {skipped.reason}")
    for unused in proposal.unused:
        print(f"   · Thiết bị {unused.device.serial}: {unused.reason}")
    return EXIT_OK


def cmd_handover(args: argparse.Namespace, open_db: Opener) -> int:
    return {"record": _record, "return": _return, "history": _history}[args.action](args, open_db)


def _record(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.handovers import record_handovers
    from desktop_app.core.templates.spec import load_codelists

    db = open_db(args)
    receiver = load_codelists()["receiver"].label(args.receiver)
    details = {
        "handover_date": _day(args.date), "receiver_role": receiver,
        "receiver_name": args.receiver_name, "relationship": args.relationship,
        "receiver_citizen_id": args.citizen_id, "handed_by": args.handed_by,
        "handed_by_position": args.position, "condition": args.condition,
        "accessories": args.accessories, "note": args.note,
    }  # fmt: skip
    if args.proposal:
        from desktop_app.core.allocation import propose_for

        lines = propose_for(db).lines
        forms = [{**details, "student_code": line.candidate.code, "serial": line.device.serial}
                 for line in lines]  # fmt: skip
    else:
        if not args.device:
            print("Lỗi: hãy ghi số serial/IMEI của thiết bị: --device SỐ_MÁY")
            return EXIT_REFUSED
        forms = [{**details, "student_code": args.student, "serial": args.device}]
    results = record_handovers(db, forms, today=date.today())
    saved = all(result.ok for result in results)
    if args.json:
        print(json.dumps({
            "recorded": len(results) if saved else 0,
            "lines": [{"student_code": f["student_code"], "serial": f["serial"],
                       "id": r.record_id, "errors": r.errors, "warnings": r.warnings}
                      for f, r in zip(forms, results, strict=True)],
        }, ensure_ascii=False))  # fmt: skip
        return EXIT_OK if saved else EXIT_REFUSED
    _print_problems(results, [f"{f['student_code']} ← {f['serial']}" for f in forms])
    if saved:
        print(f"Đã ghi nhận {len(results)} lượt bàn giao.")
        return EXIT_OK
    print("Chưa ghi nhận lượt nào: hãy sửa các lỗi trên rồi chạy lại.")
    return EXIT_REFUSED


def _return(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.handovers import record_return

    result = record_return(open_db(args), serial=args.device, event_date=_day(args.date),
                           reason=args.reason, note=args.note, returned_by=args.returned_by,
                           condition=args.condition, today=date.today())  # fmt: skip
    if args.json:
        print(json.dumps({"id": result.record_id, "errors": result.errors}, ensure_ascii=False))
    else:
        _print_problems([result], [args.device])
        if result.ok:
            print(f"Đã ghi nhận thu hồi thiết bị {args.device} ({RETURN_REASONS[args.reason]}).")
    return EXIT_OK if result.ok else EXIT_REFUSED


def _history(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.handovers import device_history, student_history
    from desktop_app.core.templates.cells import fmt_date

    db = open_db(args)
    events = student_history(db, args.student) if args.student else device_history(db, args.device)
    if args.json:
        print(json.dumps([{
            "kind": e.kind, "date": e.event_date.isoformat(), "serial": e.serial,
            "student_code": e.student_code, "receiver": e.receiver, "reason": e.reason,
            "note": e.note, "late": e.late, "minutes_no": e.minutes_no,
        } for e in events], ensure_ascii=False))  # fmt: skip
        return EXIT_OK
    if not events:
        print("Chưa có lượt bàn giao hay thu hồi nào.")
    for e in events:
        print(f"{fmt_date(e.event_date)}  {e.description} — thiết bị {e.serial} ({e.device})"
              + (" [ghi nhận muộn]" if e.late else ""))  # fmt: skip
    return EXIT_OK


def cmd_minutes(args: argparse.Namespace, open_db: Opener) -> int:
    from desktop_app.core.minutes import handover_minutes, receipt_minutes
    from desktop_app.core.paths import data_dir

    db = open_db(args)
    template_dir = data_dir() / "minutes"
    if args.receipt:
        documents = [receipt_minutes(db, args.receipt, template_dir=template_dir)]
    else:
        documents = handover_minutes(db, student_codes=args.student, batch_code=args.batch,
                                     all_students=args.all, template_dir=template_dir)  # fmt: skip
    if not documents:
        print("Không có biên bản nào để in: chưa có học sinh nào nhận thiết bị.")
        return EXIT_REFUSED
    from desktop_app.printing import ensure_gui_application, write_pdf  # Qt only from here

    ensure_gui_application()
    write_pdf(documents, args.out)
    print(f"Đã in {len(documents)} biên bản ra {args.out}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace, Opener], int]] = {
    "allocate": cmd_allocate,
    "handover": cmd_handover,
    "minutes": cmd_minutes,
}
