"""Smoke test of a built bundle (``dist/songmay/``): does the frozen application do a clerk's day?

    python installer/smoke_test.py dist/songmay [--python-baseline] [--max-mb 180]

Run with the build environment's Python (it needs openpyxl to fill the templates, and PyInstaller
to read the bundle's module archive). Everything runs on a fresh database in a temporary folder,
with the user's data, settings and cache folders pointed there too (on Linux), and Qt offscreen:

1. the bundle's content: resources (templates, minutes, fonts and licence, the built .qm, no .ts),
   Qt plugins that the app needs, nothing of the sync server nor of unused Qt modules, the OS
   keyring backend and the app's modules in the frozen archive; its unpacked size under a ceiling;
2. ``songmay-debug --version`` prints the version of desktop_app/__init__.py;
3. ``school`` sets a profile; ``template needs|devices|handovers`` write the ministry's
   templates; the templates, filled in with openpyxl as a clerk would, go through
   ``import needs|devices|handovers --json`` without errors; ``info --json`` counts them;
4. ``minutes --all --out X.pdf`` writes a PDF (starts with %PDF, one page per student at least,
   the bundled Liberation Serif embedded);
5. ``sync export-package`` writes the offline package of the pending changes (sealed to a
   district key file: encrypted and signed);
6. the window (``songmay`` and ``songmay-debug``, no command) opens offscreen on that database:
   the entry script's ``SONGMAY_SMOKE_QUIT_AFTER_MS`` hook prints a line once the main window is
   shown and quits the event loop; the process must end by itself, with exit code 0, no
   traceback, within the time limit.

With ``--python-baseline`` it also times the same commands through ``python -m desktop_app``
(the build environment's own, non-editable install) and prints both side by side.

Exit code 0 only if every check passed. The last line says how many checks passed.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "installer"))
from version_info import read_version  # noqa: E402

IS_WIN = sys.platform == "win32"
EXE = ".exe" if IS_WIN else ""
STUDENTS = 6
WINDOW_TIMEOUT_S = 90
WINDOW_QUIT_AFTER_MS = 1500
COMMAND_TIMEOUT_S = 180
SCHOOL_CODE = "66000799"

# What must be in the bundle (relative to its contents folder) and what must not.
REQUIRED_FILES = [
    "resources/templates/needs.json",
    "resources/templates/devices.json",
    "resources/templates/handovers.json",
    "resources/templates/codelists.json",
    "resources/templates/min_spec.json",
    "resources/minutes/handover.html",
    "resources/minutes/receipt.html",
    "resources/minutes/README.md",
    "resources/fonts/LiberationSerif-Regular.ttf",
    "resources/fonts/LiberationSerif-Bold.ttf",
    "resources/fonts/LICENSE-OFL.txt",
    "resources/translations/songmay_en.qm",
    "resources/translations/qt_vi.qm",  # Qt's own dialogs in Vietnamese (Qt ships none)
]
FORBIDDEN_PATH = re.compile(
    r"(fastapi|uvicorn|starlette|pydantic|tkinter|numpy|matplotlib|QtWebEngine|Qt6?Qml|"
    r"Qt6?Quick|Qt6?Pdf|Qt6?3D|Qt6?Multimedia|Qt6?Designer|opengl32sw)",
    re.IGNORECASE,
)
FORBIDDEN_MODULES = ("sync.server", "fastapi", "uvicorn", "starlette", "pydantic", "tkinter")
REQUIRED_MODULES = [
    "desktop_app.cli",
    "desktop_app.frozen",
    "desktop_app.ui.shell.app",
    "desktop_app.printing.render",
    "sync.client",
    "keyring.backends.fail",
    "keyring.backends."
    + ("Windows" if IS_WIN else "macOS" if sys.platform == "darwin" else "SecretService"),
]


@dataclass
class Results:
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        (self.passed if ok else self.failed).append(name)
        mark = "ok  " if ok else "FAIL"
        print(f"[{mark}] {name}" + (f" — {detail}" if detail else ""), flush=True)
        return ok


def run(
    command: Sequence[str | Path],
    env: dict[str, str],
    cwd: Path,
    timeout: float = COMMAND_TIMEOUT_S,
    stdin: str | None = None,
) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    result = subprocess.run(
        [str(c) for c in command],
        env=env,
        cwd=cwd,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )
    return result, time.perf_counter() - started


def describe(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}; stdout: {result.stdout[-1500:]!r}; stderr: {result.stderr[-1500:]!r}"


# --- the clerk's files ----------------------------------------------------------------------------


def _plain(header: object) -> str:
    return str(header or "").replace("(*)", "").strip()


def fill_template(template: Path, target: Path, rows: list[dict[str, object]]) -> Path:
    """Write ``rows`` (keyed by header text without the "(*)" marks) under the header row of the
    template's first sheet, as a clerk does in Excel."""
    from openpyxl import load_workbook

    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header_row, columns = None, {}
    for row in sheet.iter_rows(min_row=1, max_row=20):
        names = {_plain(cell.value): cell.column for cell in row if cell.value is not None}
        if "STT" in names and len(names) > 3:
            header_row, columns = row[0].row, names
            break
    if header_row is None:
        raise AssertionError(f"{template}: no header row with STT")
    for offset, values in enumerate(rows, start=1):
        for name, value in values.items():
            if name not in columns:
                raise AssertionError(f"{template}: no column {name!r} (has {sorted(columns)})")
            sheet.cell(row=header_row + offset, column=columns[name], value=value)
    workbook.save(target)
    return target


def clerk_rows(today: date) -> dict[str, list[dict[str, object]]]:
    given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hạnh", "Hiếu", "Lan", "Minh", "Ngọc"]
    received = today - timedelta(days=30)
    handed = today - timedelta(days=20)
    needs, devices, handovers = [], [], []
    for n in range(1, STUDENTS + 1):
        birth = today - timedelta(days=365 * 12 + 40 * n)  # grade 6-7 (THCS)
        needs.append({
            "STT": n, "Mã học sinh": f"HS{n:06d}", "Họ và tên": f"Nguyễn Văn {given[n % 10]}",
            "Ngày sinh": birth.strftime("%d/%m/%Y"), "Giới tính": "Nam" if n % 2 else "Nữ",
            "Lớp": "6A1", "Dân tộc": "Kinh", "Diện đối tượng": "Hộ nghèo",
            "Số giấy chứng nhận hộ nghèo/cận nghèo": f"{n}/GCN-UBND",
            "Đã có thiết bị học trực tuyến": "Không", "Thiết bị đang mượn của trường": "Không",
            "Loại thiết bị đề nghị": "Máy tính bảng", "Họ tên cha/mẹ/người giám hộ": "Trần Thị Hoa",
            "Số điện thoại": "0912345678", "Địa chỉ": "Thôn 3, xã Ea Tu",
        })  # fmt: skip
        devices.append({
            "STT": n, "Mã đợt tài trợ": "DOT-01", "Nguồn": "Nguồn khác",
            "Nhà tài trợ": "Công ty ABC", "Loại nhà tài trợ": "Doanh nghiệp",
            "Ngày tiếp nhận": received.strftime("%d/%m/%Y"), "Loại thiết bị": "Máy tính bảng",
            "Hãng": "Samsung", "Model": "Galaxy Tab A8", "Số serial/IMEI": f"SN{n:08d}",
            "Tình trạng": "Mới", "RAM (GB)": 4, "Bộ nhớ (GB)": 64, "Màn hình (inch)": 10.5,
            "Hệ điều hành": "Android 13", "Bảo hành (tháng)": 12, "Phụ kiện": "Sạc",
        })  # fmt: skip
        handovers.append({
            "STT": n, "Số serial/IMEI": f"SN{n:08d}", "Mã học sinh": f"HS{n:06d}",
            "Ngày bàn giao": handed.strftime("%d/%m/%Y"),
            "Người nhận (học sinh / cha mẹ / người giám hộ)": "Học sinh",
        })  # fmt: skip
    return {"needs": needs, "devices": devices, "handovers": handovers}


# --- the bundle -------------------------------------------------------------------------------


def contents_dir(bundle: Path) -> Path:
    internal = bundle / "_internal"
    return internal if internal.is_dir() else bundle


def bundle_size_mib(bundle: Path) -> float:
    """Bytes of the files (symbolic links count as their own few bytes), in MiB as du -sh."""
    return (
        sum(p.lstat().st_size for p in bundle.rglob("*") if p.is_file() or p.is_symlink()) / 2**20
    )


def frozen_modules(executable: Path) -> set[str] | None:
    """Module names in the executable's PYZ archive, or None without PyInstaller here."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return None
    archive = CArchiveReader(str(executable))
    name = next(n for n in archive.toc if n.endswith(".pyz"))
    return set(archive.open_embedded_archive(name).toc)


def check_contents(results: Results, bundle: Path, max_mb: float) -> None:
    inside = contents_dir(bundle)
    missing = [f for f in REQUIRED_FILES if not (inside / f).is_file()]
    results.check("resources are bundled where resources.py looks", not missing,
                  f"missing {missing}" if missing else "")  # fmt: skip
    sources = sorted(str(p.relative_to(inside)) for p in inside.rglob("*.ts"))
    results.check("translation sources (.ts) are left out", not sources, ", ".join(sources))
    bad = sorted(
        str(p.relative_to(inside)) for p in inside.rglob("*") if FORBIDDEN_PATH.search(p.name)
    )
    results.check("no sync server, unused Qt modules or heavy packages", not bad,
                  ", ".join(bad[:20]))  # fmt: skip
    plugins = {p.stem.removeprefix("lib") for p in inside.rglob("plugins/platforms/*")}
    wanted = {"qoffscreen", "qwindows" if IS_WIN else "qxcb"}
    results.check("Qt platform plugins", wanted <= plugins, f"found {sorted(plugins)}")
    size = bundle_size_mib(bundle)
    results.check(f"unpacked size {size:.1f} MiB ≤ {max_mb:.0f} MiB", size <= max_mb)
    modules = frozen_modules(bundle / f"songmay-debug{EXE}")
    if modules is None:
        print("[skip] frozen module list: PyInstaller is not importable here")
        return
    absent = [m for m in REQUIRED_MODULES if m not in modules]
    results.check("app modules and the OS keyring backend are frozen", not absent,
                  f"missing {absent}" if absent else "")  # fmt: skip
    present = sorted(m for m in modules if m.startswith(FORBIDDEN_MODULES))
    results.check("the frozen archive has no server modules", not present, ", ".join(present[:10]))


# --- timings ------------------------------------------------------------------------------------


def median_time(action: Callable[[], float], times: int = 5) -> float:
    action()  # warm the file cache: both sides are measured warm
    return statistics.median(action() for _ in range(times))


def window_run(
    command: Sequence[str | Path], env: dict[str, str], cwd: Path
) -> tuple[int | None, float | None, str, str]:
    """Start the window; returns (exit code, seconds until the window was shown, out, err)."""
    env = {**env, "SONGMAY_SMOKE_QUIT_AFTER_MS": str(WINDOW_QUIT_AFTER_MS)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(c) for c in command], env=env, cwd=cwd, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace",
    )  # fmt: skip
    shown: list[float] = []
    lines: list[str] = []
    errors: list[str] = []

    def read_out() -> None:
        assert process.stdout is not None
        for line in process.stdout:  # the hook flushes its line at once
            if line.startswith("SMOKE window-shown") and not shown:
                shown.append(time.perf_counter() - started)
            lines.append(line)

    def read_err() -> None:
        assert process.stderr is not None
        errors.extend(process.stderr)

    readers = [threading.Thread(target=read_out), threading.Thread(target=read_err)]
    for reader in readers:
        reader.start()
    try:
        code: int | None = process.wait(timeout=WINDOW_TIMEOUT_S)
    except subprocess.TimeoutExpired:  # a hang (a modal dialog, a dead lock): a failure
        process.kill()
        process.wait()
        code = None
    for reader in readers:
        reader.join(timeout=10)
    return code, (shown[0] if shown else None), "".join(lines), "".join(errors)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def check_sync(
    results: Results,
    server: Path,
    songmay: Callable[..., tuple[subprocess.CompletedProcess[str], float]],
    env: dict[str, str],
    work: Path,
) -> None:
    """The frozen sync client (requests, the keyring choice of desktop_app.frozen) against the
    reference server on 127.0.0.1: log in, send every pending change."""
    data, password, port = work / "server", "mat-khau-kiem-thu", free_port()
    result, _ = run([server, "--data", data, "add-school", SCHOOL_CODE, "--name", "Trường THCS Kiểm Thử",
                     "--username", "vanthu", "--password-stdin"], env, work, stdin=password + "\n")  # fmt: skip
    if not results.check("sync: the server has an account", result.returncode == 0,
                         "" if result.returncode == 0 else describe(result)):  # fmt: skip
        return
    process = subprocess.Popen(
        [str(server), "--data", str(data), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        endpoint = f"http://127.0.0.1:{port}"
        result, _ = songmay("sync", "login", "--endpoint", endpoint, "--school", SCHOOL_CODE,
                            "--username", "vanthu", "--password-stdin", stdin=password + "\n")  # fmt: skip
        store = "OS keyring" if "kho mật khẩu an toàn của hệ điều hành." in result.stdout else (
            "no secure keyring: the password is asked each time")  # fmt: skip
        results.check("sync login", result.returncode == 0,
                      store if result.returncode == 0 else describe(result))  # fmt: skip
        if store == "OS keyring":  # the password must come back from the keyring
            result, _ = songmay("sync", "run", "--json")
        else:
            result, _ = songmay("sync", "run", "--json", "--password-stdin", stdin=password + "\n")
        report = json.loads(result.stdout) if result.returncode == 0 else {}
        results.check("sync run sends every pending change",
                      report.get("sent", 0) > 0 and report.get("pending") == 0
                      and report.get("rejected") == 0, f"{report}" if report else describe(result))  # fmt: skip
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def window_title(out: str) -> str | None:
    found = re.search(r"^SMOKE window-shown .* title=(.*)$", out, re.MULTILINE)
    return found.group(1) if found else None


# --- main -----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Smoke test of the PyInstaller bundle.")
    parser.add_argument("bundle", type=Path, help="the one-folder bundle, e.g. dist/songmay")
    parser.add_argument("--python-baseline", action="store_true",
                        help="also time `python -m desktop_app` (this Python's install)")  # fmt: skip
    parser.add_argument("--max-mb", type=float,
                        default=float(os.environ.get("SONGMAY_BUNDLE_MAX_MB", "180")),
                        help="fail above this unpacked size in MiB (default 180, env SONGMAY_BUNDLE_MAX_MB)")  # fmt: skip
    parser.add_argument("--server", help="a songmay-server executable (the 'server' extra): "
                        "log in and sync with it on 127.0.0.1")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    bundle = args.bundle.resolve()
    debug_exe, window_exe = bundle / f"songmay-debug{EXE}", bundle / f"songmay{EXE}"
    results = Results()
    if not results.check("both executables exist", debug_exe.is_file() and window_exe.is_file(),
                         str(bundle)):  # fmt: skip
        return 1

    work = Path(tempfile.mkdtemp(prefix="songmay-smoke-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SONGMAY_", "PYTHON"))}
    env.update({
        "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1",
        "XDG_DATA_HOME": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config"),
        "XDG_CACHE_HOME": str(work / "cache"), "XDG_RUNTIME_DIR": str(work / "runtime"),
    })  # fmt: skip
    (work / "runtime").mkdir(mode=0o700)
    (work / "keys").mkdir(mode=0o700)
    # no keyring on a build machine: the database key is generated into this 0600 file
    env["SONGMAY_DB_KEY_FILE"] = str(work / "keys" / "db.key")
    db = work / "school.sqlite3"
    timings: dict[str, dict[str, float | None]] = {}

    def songmay(
        *arguments: str | Path, stdin: str | None = None
    ) -> tuple[subprocess.CompletedProcess[str], float]:
        return run([debug_exe, "--db", db, *arguments], env, work, stdin=stdin)

    try:
        check_contents(results, bundle, args.max_mb)

        result, seconds = run([debug_exe, "--version"], env, work)
        expected = f"songmay {read_version(ROOT)}"
        results.check("--version", result.returncode == 0 and result.stdout.strip() == expected,
                      f"{result.stdout.strip()!r} in {seconds:.2f} s (expected {expected!r})")  # fmt: skip

        result, _ = songmay("school", "--name", "Trường THCS Kiểm Thử", "--code", SCHOOL_CODE,
                            "--level", "THCS", "--province", "Đắk Lắk", "--district",
                            "TP. Buôn Ma Thuột", "--commune", "Xã Ea Tu",
                            "--principal", "Nguyễn Thị Hạnh", "--clerk", "Trần Văn Minh")  # fmt: skip
        results.check("school profile", result.returncode == 0,
                      "" if result.returncode == 0 else describe(result))  # fmt: skip

        rows = clerk_rows(date.today())
        for kind in ("needs", "devices", "handovers"):
            template = work / f"mau-{kind}.xlsx"
            result, _ = songmay("template", kind, template)
            ok = result.returncode == 0 and zipfile.is_zipfile(template)
            if not results.check(f"template {kind}", ok, describe(result) if not ok else ""):
                continue
            filled = fill_template(template, work / f"{kind}.xlsx", rows[kind])
            result, _ = songmay("import", kind, filled, "--json")
            try:
                report = json.loads(result.stdout)
            except json.JSONDecodeError:
                report = {}
            imported = report.get("rows_imported")
            errors = [p for p in report.get("problems", []) if p.get("severity") == "error"]
            results.check(f"import {kind} ({STUDENTS} rows)",
                          result.returncode == 0 and imported == STUDENTS and not errors,
                          f"imported {imported}" if result.returncode == 0 else describe(result))  # fmt: skip

        result, _ = songmay("info", "--json")
        counts = json.loads(result.stdout)["counts"] if result.returncode == 0 else {}
        results.check("info counts what was imported",
                      counts.get("students") == STUDENTS and counts.get("devices") == STUDENTS
                      and counts.get("handed_over") == STUDENTS, f"{counts}")  # fmt: skip

        pdf = work / "bien-ban.pdf"
        result, seconds = songmay("minutes", "--all", "--out", pdf)
        data = pdf.read_bytes() if pdf.is_file() else b""
        pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", data))
        results.check("minutes --all writes a PDF",
                      result.returncode == 0 and data.startswith(b"%PDF") and pages >= STUDENTS,
                      f"{len(data)} bytes, {pages} pages, {seconds:.2f} s"
                      if result.returncode == 0 else describe(result))  # fmt: skip
        results.check("the PDF embeds the bundled Liberation Serif", b"LiberationSerif" in data)

        package = work / "goi-dong-bo.zip"
        # The package is sealed to the district server's key: here a key file as the district
        # hands it out (any 32 bytes are an X25519 public key).
        server_key = work / "may-chu.json"
        server_key.write_text(json.dumps({"public_key": base64.b64encode(os.urandom(32)).decode()}),
                              encoding="utf-8")  # fmt: skip
        result, _ = songmay("sync", "export-package", package, "--school", SCHOOL_CODE,
                            "--server-key", server_key)  # fmt: skip
        sealed = package.read_bytes()[:16] if package.is_file() else b""
        results.check("sync export-package writes a sealed package",
                      result.returncode == 0 and sealed == b"SONGMAY-PACKAGE\n",
                      result.stdout.strip()[:80] if result.returncode == 0 else describe(result))  # fmt: skip

        if args.server:
            server = shutil.which(args.server) or args.server
            check_sync(results, Path(server).resolve(), songmay, env, work)
        else:
            print("[skip] sync with a server: no --server given")

        titles = {}
        for exe in (window_exe, debug_exe):
            code, shown, out, err = window_run([exe, "--db", db], env, work)
            # The windowed songmay.exe of Windows may have no stdout: there, its exit code 0 in
            # time says the window was shown (the hook quits only after showing it).
            silent = IS_WIN and exe == window_exe
            ok = code == 0 and "Traceback" not in err
            ok = ok and (silent or (shown is not None and "visible=True" in out))
            detail = f"window shown after {shown or 0:.2f} s, exit {code}" if ok else (
                f"exit {code}, shown {shown}; stdout {out[-800:]!r}; stderr {err[-1500:]!r}")  # fmt: skip
            results.check(f"{exe.name}: the main window opens and closes cleanly", ok, detail)
            titles["vi"] = window_title(out)
        if not IS_WIN:  # QSettings is a file here (the registry on Windows)
            english = {**env, "XDG_CONFIG_HOME": str(work / "config-en")}
            settings = work / "config-en" / "SongVaMayTinhChoEm" / "SongMay.conf"
            settings.parent.mkdir(parents=True)
            settings.write_text("[ui]\nlanguage=en\n", encoding="utf-8")
            code, _shown, out, err = window_run([debug_exe, "--db", db], english, work)
            titles["en"] = window_title(out)
            results.check("in English the bundled translation is loaded",
                          code == 0 and titles["en"] is not None and titles["en"] != titles["vi"],
                          f"titles {titles}")  # fmt: skip
            log = work / "data" / "SongMay" / "logs" / "songmay.log"
            text = log.read_text(encoding="utf-8") if log.is_file() else ""
            bad = [line for line in text.splitlines() if " ERROR " in line or "Traceback" in line]
            results.check("the application's log has no errors", bool(text) and not bad,
                          "; ".join(bad[:5]) if text else f"no log at {log}")  # fmt: skip

        # Timings (warm, median of 5): the bundle vs the same install run by Python.
        timings["--version"] = {
            "bundle": median_time(lambda: run([debug_exe, "--version"], env, work)[1])
        }
        timings["info"] = {"bundle": median_time(lambda: songmay("info")[1])}
        timings["window shown"] = {"bundle": median_time(
            lambda: window_run([debug_exe, "--db", db], env, work)[1] or float("nan"))}  # fmt: skip
        if args.python_baseline:
            python = [sys.executable, "-m", "desktop_app"]
            timings["--version"]["python"] = median_time(
                lambda: run([*python, "--version"], env, work)[1])  # fmt: skip
            timings["info"]["python"] = median_time(
                lambda: run([*python, "--db", db, "info"], env, work)[1])  # fmt: skip
            entry = ROOT / "installer" / "songmay_main.py"  # the same entry, unfrozen
            timings["window shown"]["python"] = median_time(
                lambda: window_run([sys.executable, entry, "--db", db], env, work)[1]
                or float("nan"))  # fmt: skip
        print("\nStart-up times (seconds, warm, median of 5; window: until the main window shows):")
        print(f"  {'':14} {'bundle':>8} {'python -m':>10}")
        for name, row in timings.items():
            python_time = row.get("python")
            python_text = f"{python_time:10.2f}" if python_time is not None else f"{'—':>10}"
            print(f"  {name:14} {row['bundle']:8.2f} {python_text}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    total = len(results.passed) + len(results.failed)
    if results.failed:
        print(f"\nsmoke test FAILED: {len(results.failed)} of {total} checks failed: "
              + "; ".join(results.failed))  # fmt: skip
        return 1
    print(f"\nsmoke test: all {total} checks passed ({bundle})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
