"""``songmay --lang en`` speaks English (help, results, errors), with Vietnamese only in the
school's own data; without it, or with ``--lang vi``, the same commands speak Vietnamese."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from builders import NEEDS_HEADERS, fill_needs_and_devices, needs_row, write_sheet
from languages import is_vietnamese, template_words, vietnamese_lines

from desktop_app import cli
from desktop_app.core.store.database import open_database

SCHOOL = {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS",
          "principal": "Nguyễn Thị Hạnh", "district": "Buôn Ma Thuột"}  # fmt: skip
PASSPHRASE = "Mật khẩu USB của trường"


def songmay(capsys, monkeypatch, *args: str | Path, stdin: str | None = None):
    """(exit code, stdout, stderr) of the command line run in this process."""
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    try:
        code = cli.main([str(a) for a in args])
    except SystemExit as stop:  # --help, or argparse refusing the arguments
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def english(text: str, *school_data: object) -> list[str]:
    """The lines that are not English once the school's data and the templates are set aside."""
    return vietnamese_lines(text, {*map(str, school_data), *template_words()})


HELPS = [
    [], ["template"], ["import"], ["export"], ["school"], ["info"], ["backup"], ["restore"],
    ["sync"], ["sync", "login"], ["sync", "run"], ["sync", "status"], ["sync", "export-package"],
    ["sync", "refused"], ["sync", "requeue"], ["allocate"], ["handover"], ["handover", "record"],
    ["handover", "return"], ["handover", "history"], ["minutes"],
]  # fmt: skip


@pytest.mark.parametrize("command", HELPS, ids=lambda c: " ".join(c) or "songmay")
def test_the_help_of_each_command_is_english_with_lang_en_and_vietnamese_without(
    command, capsys, monkeypatch
):
    code, out, _ = songmay(capsys, monkeypatch, "--lang", "en", *command, "--help")
    assert code == 0 and "usage: songmay" in out
    assert english(out) == []
    code, out, _ = songmay(capsys, monkeypatch, *command, "--help")
    assert code == 0 and is_vietnamese(out)


def test_lang_is_read_before_the_parser_so_that_every_way_of_writing_it_counts():
    assert cli.requested_language(["--lang", "en", "--help"]) == "en"
    assert cli.requested_language(["--lang=en", "sync", "--help"]) == "en"
    assert cli.requested_language(["--la", "en"]) == "en"  # argparse accepts the abbreviation
    assert cli.requested_language(["--lang", "fr"]) == "vi"
    assert cli.requested_language(["backup", "--list"]) == "vi"
    assert cli.requested_language(["--", "--lang", "en"]) == "vi"


@pytest.fixture
def needs_file(tmp_path: Path) -> tuple[Path, list[str]]:
    birth = (date.today() - timedelta(days=365 * 12)).strftime("%d/%m/%Y")
    rows = [needs_row(1, **{"Ngày sinh (*)": birth}),
            needs_row(2, **{"Ngày sinh (*)": birth, "Giới tính (*)": "Không rõ"})]  # fmt: skip
    cells = [str(value) for row in rows for value in row.values()]
    return write_sheet(tmp_path / "nhu cau.xlsx", NEEDS_HEADERS, rows), cells


def test_template_import_export_school_and_info_say_everything_in_english(
    tmp_path, needs_file, capsys, monkeypatch
):
    db = tmp_path / "s.db"
    file, cells = needs_file
    outputs = []
    for command in (
        ["info"],
        ["school"],
        ["school", *(f"--{k}={v}" for k, v in SCHOOL.items())],
        ["template", "needs", tmp_path / "mau.xlsx"],
        ["import", "needs", file, "--dry-run", "--report", tmp_path / "loi.xlsx"],
        ["import", "needs", file],
        ["import", "needs", file, "--partial"],
        ["export", "needs", tmp_path / "xuat.xlsx"],
        ["info"],
    ):
        code, out, err = songmay(capsys, monkeypatch, "--db", db, "--lang", "en", *command)
        assert code in (0, 1), err
        outputs.append(out + err)
    text = "\n".join(outputs)
    assert english(text, *cells, *SCHOOL.values()) == []
    assert "School name: —" in outputs[1] and "School name: Trường THCS Ea Tu" in text
    assert "Dry run: nothing was written." in outputs[4] and "Imported 1 row (" in outputs[6]
    assert "Exported 1 row to" in outputs[7] and "Students: 1 · Needs: 1" in outputs[8]


def test_the_same_commands_speak_vietnamese_by_default(tmp_path, needs_file, capsys, monkeypatch):
    db = tmp_path / "s.db"
    code, out, _ = songmay(capsys, monkeypatch, "--db", db, "import", "needs", needs_file[0],
                           "--partial")  # fmt: skip
    assert code == 1 and "Đã nhập 1 dòng (thêm mới 1" in out
    code, out, _ = songmay(capsys, monkeypatch, "--db", db, "--lang", "vi", "info")
    assert code == 0 and "Học sinh: 1 · Nhu cầu: 1" in out and "Thay đổi chờ đồng bộ" in out


def test_the_error_report_workbook_is_worded_in_the_requested_language(
    tmp_path, needs_file, capsys, monkeypatch
):
    from openpyxl import load_workbook

    report = tmp_path / "problems.xlsx"
    songmay(capsys, monkeypatch, "--db", tmp_path / "s.db", "--lang", "en", "import", "needs",
            needs_file[0], "--report", report)  # fmt: skip
    book = load_workbook(report)
    listing = book["Problems"]
    assert listing["A1"].value == "PROBLEMS FOUND IN THE IMPORTED EXCEL FILE"
    assert [c.value for c in listing[4]] == ["Row", "Cell", "Column", "Severity", "Code", "Message"]
    assert listing["D5"].value == "Error"


@pytest.fixture
def school(tmp_path: Path) -> Path:
    path = tmp_path / "school.sqlite3"
    database = open_database(path)
    fill_needs_and_devices(database, tmp_path, count=3)
    database.close()
    return path


def test_backup_and_restore_say_everything_in_english(school, tmp_path, capsys, monkeypatch):
    copy = tmp_path / "usb" / "copy.smbk"
    runs = [
        (["backup"], None),
        (["backup", "--keep", "5"], None),
        (["backup", "--list"], None),
        (["backup", "--out", tmp_path / "plain.sqlite3"], None),
        (["backup", "--encrypt", "--passphrase-stdin", "--out", copy], PASSPHRASE + "\n"),
        (["restore", copy, "--passphrase-stdin"], PASSPHRASE + "\n"),
        (["restore", tmp_path / "plain.sqlite3"], None),
    ]
    outputs = []
    for command, stdin in runs:
        code, out, err = songmay(capsys, monkeypatch, "--db", school, "--lang", "en", *command,
                                 stdin=stdin)  # fmt: skip
        assert code == 0, err
        outputs.append(out + err)
    text = "\n".join(outputs)
    assert english(text) == []
    assert "integrity checked" in outputs[0] and "Manual backup" in outputs[2]
    assert "From now on, the 5 newest backups are kept" in outputs[1]
    assert "students: 3" in outputs[5] and "The data before the restore (a backup)" in outputs[5]


@pytest.mark.parametrize(
    ("command", "stdin", "code", "words"),
    [
        (["restore", "nowhere.smbk"], None, 2, "Error: Backup file not found"),
        (["backup", "--encrypt", "--passphrase-stdin"], "short\n", 1,
         "Error: The passphrase is too short: it needs at least 12 characters"),
        (["backup", "--keep", "0"], None, 2, "Error: The number of backups to keep"),
        (["sync", "run"], None, 2, "Error: This computer is not logged in to a sync account"),
        (["sync", "login", "--endpoint", "http://dongbo.example.vn", "--school", "1",
          "--username", "u", "--password-stdin"], "x\n", 2, "must start with https://"),
        (["sync", "export-package", "out.zip"], None, 2, "Error: the school code is not known"),
        (["sync", "export-package", "out.zip", "--school", "66001"], None, 2,
         "Error: This computer has not received the district server's key"),
        (["sync", "run", "--batch-size", "0", "--password-stdin"], "x\n", 2,
         "--batch-size must be a positive whole number"),
    ],
)  # fmt: skip
def test_errors_are_english_with_lang_en_and_keep_their_exit_codes(
    school, capsys, monkeypatch, command, stdin, code, words
):
    from desktop_app.core.store import outbox

    if "--batch-size" in command:
        database = open_database(school)
        outbox.save_account(database, "https://dongbo.example.vn", "66001", "vanthu")
        database.close()
    if command[:2] == ["sync", "export-package"]:
        school = school.with_name("no-school-yet.sqlite3")  # no profile, no sync account
    got, out, err = songmay(capsys, monkeypatch, "--db", school, "--lang", "en", *command,
                            stdin=stdin)  # fmt: skip
    assert got == code and words in err, err
    assert english(out + err) == []
    got, _, err = songmay(capsys, monkeypatch, "--db", school, *command, stdin=stdin)
    assert got == code and err.startswith("Lỗi: ") and is_vietnamese(err)


def test_an_unexpected_error_is_one_english_sentence(tmp_path, capsys, monkeypatch):
    def broken(_args):
        raise RuntimeError("database exploded")

    monkeypatch.setitem(cli.COMMANDS, "info", broken)
    monkeypatch.setattr(cli, "_log_unexpected_error", lambda: None)
    code, _, err = songmay(capsys, monkeypatch, "--db", tmp_path / "s.db", "--lang", "en", "info")
    assert code == 3 and err.startswith("Unexpected error; no data was left half-changed.")
    assert "(the log could not be written)" in err and "exploded" not in err
