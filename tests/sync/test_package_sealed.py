"""The USB package signed and encrypted (format v2): real keys, real files, the project's server on
loopback. A good package imports exactly as before; an unsigned, forged, tampered, misaddressed or
replayed one is refused with exit 2, a reason, and nothing applied."""

from __future__ import annotations

import os
import stat

import pytest
import requests
from keyring.backends import fail
from keyrings import using_keyring
from server_helpers import (
    api_for,
    change,
    package_zip,
    register_key,
    seal_package,
    sealed_package,
    signing_key,
    submission,
    write_package,
)
from test_client_support import PASSWORD, SCHOOL, USER, add_students, client_for, memory_keyring

from desktop_app import cli
from desktop_app.core.store import outbox
from desktop_app.core.store.package_keys import package_keys
from sync import protocol, sealing
from sync.package import export_package
from sync.server import cli as server_cli
from sync.server.keys import KEY_FILENAME
from sync.server.packages import import_package

PLANTED = "Lò Văn Sáng"  # every student of add_students


@pytest.fixture
def server(sync_server):
    sync_server.add_school(SCHOOL, USER, PASSWORD, name="Trường THCS Ea Tu")
    return sync_server


def server_main(capsys, server, *args):
    code = server_cli.main(["--data", str(server.data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, server, package, problem, says):
    """Exit 2, the reason's code and words, nothing applied."""
    code, _, err = server_main(capsys, server, "import-package", str(package))
    assert code == 2, err
    assert f"({problem})" in err and says in err and "Không có dữ liệu nào được nhập" in err
    assert server.stats(SCHOOL)["changes_applied"] == 0


def test_a_school_that_logged_in_exports_a_package_that_imports_exactly_as_before(
    db, server, tmp_path
):
    add_students(db, 5)
    out = tmp_path / "usb" / "goi.zip"
    with memory_keyring() as ring:
        client_for(server.url).exchange_keys(db)
        kept = package_keys(db)
        assert kept.signing_private is None and kept.registered_endpoint == server.url
        assert kept.signing_public and ring.get_password("songmay-package-key",
                                                         outbox.sync_state(db).client_id)  # fmt: skip
        summary = export_package(db, out, school_code=SCHOOL)
        data = out.read_bytes()
        assert sealing.is_sealed(data) and stat.S_IMODE(out.stat().st_mode) == 0o600
        for planted in (PLANTED, "S000003", "2010-01-01"):  # nothing readable on the stick
            assert planted.encode() not in data and planted.encode("utf-16-le") not in data
        first = import_package(server.store, out)
        again = import_package(server.store, out)
        assert (first.signed, first.submissions, first.new_submissions) == (True, 1, 1)
        assert (again.new_submissions, again.already_imported) == (0, 1)
        assert first.counts["accepted"] == summary.changes == 6
        assert server.stats(SCHOOL)["students"] == 5
        # the school's next sync over the network finds it all there
        report = client_for(server.url).run(db)
    assert report.ok and (report.duplicates, report.accepted) == (6, 0)


def test_the_key_is_made_once_and_without_a_secure_keyring_kept_in_the_database(db, server):
    client = client_for(server.url)
    with using_keyring(fail.Keyring()):
        client.exchange_keys(db)
        kept = package_keys(db)
        assert kept.signing_private and kept.signing_public
        client.exchange_keys(db)  # registered already: the same key, no new registration
    assert package_keys(db).signing_public == kept.signing_public
    with server.store.connect() as conn:
        rows = conn.execute("SELECT * FROM key_registrations").fetchall()
    assert [(r["school_code"], r["source"], r["registered_by"]) for r in rows] == [
        (SCHOOL, "login", USER)
    ]


def test_key_registration_over_http_needs_a_session_and_replaces_the_old_key(server):
    api = api_for(server, "66002")
    public = sealing.encode_key(sealing.public_raw(signing_key()))
    body = {"public_key": public, "client_id": "pc-1"}
    anonymous = requests.post(server.url + protocol.KEYS_PATH, json=body, timeout=10)
    assert anonymous.status_code == 401
    first = api.http.post(server.url + protocol.KEYS_PATH, json=body, timeout=10)
    assert first.status_code == 200 and first.json()["replaced"] is False
    other = sealing.encode_key(sealing.public_raw(signing_key()))
    second = api.http.post(server.url + protocol.KEYS_PATH,
                           json={"public_key": other, "client_id": "pc-1"}, timeout=10)  # fmt: skip
    assert second.json()["replaced"] is True
    assert second.json()["fingerprint"] == sealing.fingerprint(sealing.decode_key(other))
    bad = api.http.post(server.url + protocol.KEYS_PATH,
                        json={"public_key": "c2hvcnQ=", "client_id": "pc-1"}, timeout=10)  # fmt: skip
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_key"
    with server.store.connect() as conn:
        keys = conn.execute("SELECT key_id FROM school_keys WHERE school_code = '66002'")
        assert [r["key_id"] for r in keys] == [sealing.key_id(sealing.decode_key(other))]
        trail = conn.execute("SELECT previous_key_id FROM key_registrations ORDER BY seq")
        assert [r[0] for r in trail] == [None, sealing.key_id(sealing.decode_key(public))]


def test_the_server_key_is_made_once_private_and_published(server):
    key_file = server.data_dir / KEY_FILENAME
    if os.name == "posix":  # the key, and the schools' data beside it, are the server's only
        files = [key_file, *server.data_dir.glob("server.sqlite3*")]
        assert server.data_dir / "server.sqlite3" in files
        for private in files:
            assert stat.S_IMODE(private.stat().st_mode) == 0o600, private
    answer = requests.get(server.url + protocol.SERVER_KEY_PATH, timeout=10).json()
    raw = sealing.decode_key(answer["public_key"])
    assert answer["key_id"] == sealing.key_id(raw)
    before = key_file.read_bytes()
    server.stop()
    server.start()
    again = requests.get(server.url + protocol.SERVER_KEY_PATH, timeout=10).json()
    assert again == answer and key_file.read_bytes() == before


# --- refusals ------------------------------------------------------------------------------------


def good_parts(server):
    key = signing_key()
    register_key(server.data_dir, SCHOOL, key)
    return key, [submission(SCHOOL, [change(full_name=PLANTED)])]


def test_an_unsigned_package_of_version_1_is_refused_unless_the_operator_allows_it(
    server, tmp_path, capsys
):
    package = write_package(tmp_path / "old.zip", SCHOOL, [submission(SCHOOL, [change()])])
    refused(capsys, server, package, "package_unsigned", "không có chữ ký")
    code, _, err = server_main(capsys, server, "import-package", str(package), "--allow-unsigned")
    assert code == 0 and "Cảnh báo" in err and server.stats(SCHOOL)["changes_applied"] == 1


def test_a_package_signed_with_a_key_not_registered_is_refused(server, tmp_path, capsys):
    _, bodies = good_parts(server)
    forged = sealed_package(tmp_path / "p", server.data_dir, SCHOOL, bodies, signing_key())
    refused(capsys, server, forged, "package_bad_signature", "chữ ký không đúng")


def test_a_school_without_a_registered_key_cannot_import(server, tmp_path, capsys):
    bodies = [submission(SCHOOL, [change()])]
    package = sealed_package(tmp_path / "p", server.data_dir, SCHOOL, bodies, signing_key())
    refused(capsys, server, package, "package_key_unknown", "chưa đăng ký khóa")


def test_a_package_signed_by_another_school_is_refused_and_names_it(server, tmp_path, capsys):
    good_parts(server)
    server.add_school("66099", "other", PASSWORD)
    theirs = signing_key()
    register_key(server.data_dir, "66099", theirs)
    bodies = [submission(SCHOOL, [change(full_name="Kẻ Giả Mạo")], client_id="client-1")]
    replayed = sealed_package(tmp_path / "p", server.data_dir, SCHOOL, bodies, theirs)
    refused(capsys, server, replayed, "package_other_school", "khóa của trường 66099")


def test_one_flipped_byte_in_the_ciphertext_or_the_header_is_refused(server, tmp_path, capsys):
    key, bodies = good_parts(server)
    package = sealed_package(tmp_path / "p", server.data_dir, SCHOOL, bodies, key)
    data = package.read_bytes()
    body = bytearray(data)
    body[-20] ^= 0x01
    package.write_bytes(bytes(body))
    refused(capsys, server, package, "package_tampered", "bị sửa")
    header = data.replace(b'"client_id":"client-1"', b'"client_id":"client-2"')
    assert header != data and len(header) == len(data)
    package.write_bytes(header)
    refused(capsys, server, package, "package_bad_signature", "chữ ký không đúng")
    package.write_bytes(data)  # the package as sealed still imports
    code, _, err = server_main(capsys, server, "import-package", str(package))
    assert code == 0, err


def test_a_package_addressed_to_another_server_is_refused(server, tmp_path, capsys):
    key, bodies = good_parts(server)
    elsewhere = sealing.public_raw(signing_key())  # any 32 bytes: another server's X25519 key
    package = seal_package(tmp_path / "p", server.data_dir, SCHOOL, package_zip(SCHOOL, bodies),
                           key, server_key=elsewhere)  # fmt: skip
    refused(capsys, server, package, "package_wrong_server", "máy chủ khác")


def test_a_package_from_another_computer_than_the_registered_one_is_refused(
    server, tmp_path, capsys
):
    key, _ = good_parts(server)  # registered for client-1
    bodies = [submission(SCHOOL, [change()], client_id="client-9")]
    package = sealed_package(tmp_path / "p", server.data_dir, SCHOOL, bodies, key,
                             client_id="client-9")  # fmt: skip
    refused(capsys, server, package, "package_wrong_client", "máy khác")


# --- the commands --------------------------------------------------------------------------------


def songmay(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_school_never_online_exports_with_the_district_key_file_and_registers_on_paper(
    db, server, tmp_path, capsys
):
    """show-key → register-key (fingerprint checked); server-key file → export-package."""
    add_students(db, 2)
    db_path = str(tmp_path / "school.sqlite3")
    out = tmp_path / "goi.zip"
    code, _, err = songmay(capsys, "--db", db_path, "sync", "export-package", str(out))
    assert code == 2 and "Máy chưa nhận khóa của máy chủ huyện: hãy đăng nhập đồng bộ" in err
    assert not out.exists()

    code, shown, _ = songmay(capsys, "--db", db_path, "sync", "show-key")
    assert code == 0
    key = next(w for w in shown.split() if len(w) == 44 and w.endswith("="))
    fingerprint = sealing.fingerprint(sealing.decode_key(key))
    assert fingerprint in shown
    code, _, err = server_main(capsys, server, "register-key", SCHOOL, key, "--fingerprint",
                               "0000-0000-0000-0000")  # fmt: skip
    assert code == 2 and "Dấu vân tay không khớp" in err
    written = tmp_path / "show-key.txt"
    written.write_text(shown, encoding="utf-8")
    code, said, err = server_main(capsys, server, "register-key", SCHOOL, str(written),
                                  "--fingerprint", fingerprint.lower(),
                                  "--client-id", outbox.sync_state(db).client_id)  # fmt: skip
    assert code == 0 and fingerprint in said, err

    key_file = tmp_path / "may-chu.json"
    assert server_main(capsys, server, "server-key", "--output", str(key_file))[0] == 0
    code, said, err = songmay(capsys, "--db", db_path, "sync", "export-package", str(out),
                              "--server-key", str(key_file))  # fmt: skip
    assert code == 0 and "Đã ghi 3 thay đổi" in said, err
    summary = import_package(server.store, out)
    assert summary.counts["accepted"] == 3 and server.stats(SCHOOL)["students"] == 2
