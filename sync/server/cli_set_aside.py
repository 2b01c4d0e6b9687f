"""``songmay-server set-aside list|retry``: the submissions the worker could not apply.

set-aside list [--json]          seq, school, submission, changes, when, attempts, reason
                                 (a header line names the columns; --json has none)
set-aside retry (SEQ… | --all)   back to "received": the running server's worker applies
                                 them within seconds (or sets them aside again)
"""

from __future__ import annotations

import argparse
import getpass
import json

from sync.server.errors import BadRequest
from sync.server.set_aside import list_set_aside, retry
from sync.server.store import Store

EXIT_OK = 0
HEADER = ("SEQ (số dùng cho retry)", "Mã trường", "Mã lượt gửi", "Số thay đổi", "Lúc để riêng",
          "Lần thử", "Lý do")  # fmt: skip


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
               common: argparse.ArgumentParser) -> None:  # fmt: skip
    parser = commands.add_parser(
        "set-aside", parents=[common],
        help="các lượt gửi máy chủ không áp dụng được (xem, thử lại)",
    )  # fmt: skip
    actions = parser.add_subparsers(dest="set_aside_action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=[common], help="liệt kê các lượt gửi bị để riêng")
    listing.add_argument("--json", action="store_true", help="in dạng JSON")
    again = actions.add_parser(
        "retry", parents=[common], help="đưa lượt gửi về hàng đợi để thử lại"
    )
    again.add_argument("seqs", metavar="SEQ", type=int, nargs="*", help="số thứ tự (cột seq)")
    again.add_argument("--all", action="store_true", help="tất cả các lượt gửi bị để riêng")


def run(args: argparse.Namespace, store: Store) -> int:
    if args.set_aside_action == "list":
        return _list(store, json_output=args.json)
    if bool(args.seqs) == bool(args.all):
        raise BadRequest(
            "Hãy nêu số thứ tự lượt gửi (SEQ…) hoặc --all, không cả hai. / Give SEQ… or --all.",
            code="retry_what",
        )
    try:
        operator = getpass.getuser()
    except (OSError, KeyError):
        operator = "operator"
    done = retry(store, None if args.all else args.seqs, retried_by=operator)
    if not done:
        print("Không có lượt gửi nào bị để riêng. / Nothing is set aside.")
    else:
        listed = ", ".join(str(seq) for seq in done)
        print(f"Đã đưa {len(done)} lượt gửi ({listed}) về hàng đợi; máy chủ đang chạy sẽ áp dụng "
              f"lại trong vài giây. / {len(done)} submission(s) put back to be applied again.")  # fmt: skip
    return EXIT_OK


def _list(store: Store, *, json_output: bool) -> int:
    rows = list_set_aside(store)
    if json_output:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("Không có lượt gửi nào bị để riêng. / Nothing is set aside.")
        return EXIT_OK
    # Which number ``retry`` takes (SEQ) and which is the school's submission id.
    print("\t".join(HEADER))
    for row in rows:
        print(f"{row['seq']}\t{row['school_code']}\t{row['submission_id']}\t{row['changes']} thay "
              f"đổi\t{row['set_aside_at']}\tlần {row['attempts']}\t{row['reason']}")  # fmt: skip
    return EXIT_OK
