"""Damaged databases made for real, for the health-check tests (CLI and window)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from builders import NEEDS_HEADERS, fill_needs_and_devices, needs_row, write_sheet

PAGE_SIZE = 16384
WAL_HEADER, FRAME_HEADER = 32, 24
FRAME = FRAME_HEADER + PAGE_SIZE


def needs_file(folder: Path, first: int, count: int) -> Path:
    rows = [
        needs_row(i, **{"Họ và tên (*)": f"Học Sinh {chr(65 + i % 26)}{chr(65 + i // 26)}"})
        for i in range(first, first + count)
    ]
    return write_sheet(folder / f"needs-{first}.xlsx", NEEDS_HEADERS, rows, sheet="Nhu cau")


def import_then_crash(db_path: Path, sheet: Path) -> None:
    """A real import in another process, which then ends without closing the database (as a
    power cut or a crash would): the committed import stays in the -wal, not yet in the file."""
    code = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from desktop_app.core.importing.service import import_file
        from desktop_app.core.store.database import open_database
        db = open_database(Path({str(db_path)!r}))
        db.execute("PRAGMA wal_autocheckpoint=0")
        report = import_file(db, "needs", Path({str(sheet)!r}))
        assert report.rows_imported > 0, report.problems
        print(report.rows_imported, flush=True)
        os._exit(0)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    wal = Path(f"{db_path}-wal")
    assert wal.stat().st_size > WAL_HEADER, "the import must still be in the -wal"


def wal_frames(db_path: Path) -> int:
    return (Path(f"{db_path}-wal").stat().st_size - WAL_HEADER) // FRAME


def truncate_wal(db_path: Path) -> None:
    """The last frame (the import's commit frame) cut off."""
    wal = Path(f"{db_path}-wal")
    frames = wal_frames(db_path)
    os.truncate(wal, WAL_HEADER + (frames - 1) * FRAME + FRAME // 2)


def flip_wal(db_path: Path) -> None:
    """One byte of the import's last frame flipped: its checksum fails, replay stops before it."""
    wal = Path(f"{db_path}-wal")
    frames = wal_frames(db_path)
    with wal.open("r+b") as handle:
        handle.seek(WAL_HEADER + (frames - 1) * FRAME + FRAME_HEADER + 1000)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))


def flip_page(db_path: Path, page: int) -> None:
    with db_path.open("r+b") as handle:
        handle.seek((page - 1) * PAGE_SIZE + 500)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))


def school_with_backup(db, folder: Path) -> Path:
    """A closed database with 3 students (imported for real) and one good daily backup."""
    from desktop_app.core.safekeeping import backups

    fill_needs_and_devices(db, folder, count=3)
    db.close()
    path = folder / "school.sqlite3"
    for old in backups.list_backups(path):
        old.path.unlink()
    backups.make_backup(path, "daily")
    return path
