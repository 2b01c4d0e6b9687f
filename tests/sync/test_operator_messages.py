"""What the operator reads on the command line (issue 16, second round): the set-aside list says
which column ``retry`` takes, a refused PostgreSQL connection says why, and ``backup`` names a
missing folder, never names a pg_dump ``.sqlite3``, shows small sizes in KB and never
overwrites a dated backup. Real servers, real databases, a throwaway PostgreSQL cluster."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime, timedelta

import pytest
from server_helpers import change, submission
from test_intake import poison, set_aside_cli

from sync.server.cli import main as server_main

PASSWORD = "s3cret-Pw-9"


def test_the_set_aside_list_names_its_columns_so_retry_gets_the_seq(sync_server, school_api):
    api = school_api()
    poison(sync_server.store, "poison-1")
    body = submission("66001", [change("student", "poison-1")])
    assert api.submit(body).status_code == 202
    api.wait_done(body["submission_id"], timeout=5)
    code, out = set_aside_cli(sync_server, "list")
    assert code == 0
    header, row = out.splitlines()
    columns = header.split("\t")
    assert columns[0].startswith("SEQ") and "retry" in columns[0]
    assert columns[2] == "Mã lượt gửi" and "Lý do" in columns
    values = row.split("\t")
    assert len(values) == len(columns) and values[2] == body["submission_id"]
    assert set_aside_cli(sync_server, "retry", values[0])[0] == 0  # the seq
    code, out = set_aside_cli(sync_server, "list", "--json")
    assert out.startswith("[")  # --json unchanged: no header


def refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


@pytest.mark.parametrize(
    ("url", "says"),
    [
        (lambda c: c.url("no_such_db"), ("chưa có cơ sở dữ liệu «no_such_db»", "does not exist")),
        (lambda c: f"postgresql://ghost:{PASSWORD}@/postgres?host={c.root}",
         ("không có tài khoản (role) «ghost»", "role 'ghost' does not exist")),
        (lambda c: f"postgresql://u:{PASSWORD}@127.0.0.1:{refused_port()}/x",
         ("từ chối kết nối", "connection refused at 127.0.0.1:")),
        (lambda c: f"postgresql://u:{PASSWORD}@/x?host={c.root}/nowhere",
         ("không có socket", "no such socket")),
    ],
    ids=["missing database", "missing role", "refused port", "no socket"],
)  # fmt: skip
def test_a_refused_postgresql_connection_says_why(postgres_cluster, tmp_path, capsys, url, says):
    code = server_main(["--data", str(tmp_path), "--db", url(postgres_cluster), "set-aside",
                        "list"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1, err
    vietnamese, english = err.strip().split(" / ")
    assert "Không kết nối được cơ sở dữ liệu" in vietnamese and says[0] in vietnamese, err
    assert says[1] in english, err
    assert PASSWORD not in err and "Traceback" not in err and err.count("\n") == 1


def test_a_backup_into_a_missing_folder_names_the_folder(sync_server, tmp_path, capsys):
    for given, folder in [
        (tmp_path / "nope" / "b.sqlite3", tmp_path / "nope"),
        (f"{tmp_path / 'daily'}/", tmp_path / "daily"),
    ]:
        code = server_main([*sync_server.cli_args(), "backup", "--output", str(given)])
        err = capsys.readouterr().err
        assert code == 2, err
        assert f"Không có thư mục {folder}:" in err and err.count("\n") == 1
        assert ".tmp" not in err and "No such file" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["server"]


def test_a_small_backup_is_shown_in_kb_and_a_dated_one_never_overwrites(
    sync_server, tmp_path, capsys
):
    folder = tmp_path / "nightly"
    folder.mkdir()
    now = datetime.now(UTC)
    taken = [folder / f"songmay-server-{(now + timedelta(seconds=s)):%Y%m%d-%H%M%S}.sqlite3"
             for s in range(3)]  # fmt: skip
    for path in taken:
        path.write_bytes(b"an older backup")
    assert server_main([*sync_server.cli_args(), "backup", "--output", str(folder)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\(\d+ KB, ", out) and "0.0 MB" not in out, out
    assert all(path.read_bytes() == b"an older backup" for path in taken)
    (new,) = set(folder.iterdir()) - set(taken)
    assert re.fullmatch(r"songmay-server-\d{8}-\d{6}-2\.sqlite3", new.name), new.name
    assert str(new) in out and new.stat().st_size > 1024


@pytest.mark.parametrize("server_backend", ["postgres"])
def test_a_postgresql_dump_is_never_named_sqlite3(server_backend, sync_server, tmp_path, capsys):
    given = tmp_path / "copy.sqlite3"
    assert server_main([*sync_server.cli_args(), "backup", "--output", str(given)]) == 0
    out = capsys.readouterr().out
    dump = tmp_path / "copy.dump"
    assert not given.exists() and dump.read_bytes()[:5] == b"PGDMP"
    assert str(dump) in out and "đổi thành .dump" in out and " KB, " in out
