from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop_app.core.resources import resources_dir
from desktop_app.core.school import save_school
from desktop_app.core.store.database import open_database
from desktop_app.core.store.keys import ENV_KEY_FILE


def pytest_configure(config: pytest.Config) -> None:
    """Every test, and every command a test starts, finds the database key in a 0600 key file
    (``SONGMAY_DB_KEY_FILE``): the database is encrypted, the keyring is not touched."""
    if os.environ.get(ENV_KEY_FILE):
        return
    folder = Path(tempfile.mkdtemp(prefix="songmay-keys-"))
    key_file = folder / "db.key"
    key_file.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    key_file.chmod(0o600)
    os.environ[ENV_KEY_FILE] = str(key_file)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A real database file on disk, with a THCS school profile."""
    database = open_database(tmp_path / "school.sqlite3")
    save_school(database, {"name": "Trường THCS Ea Tu", "code": "66001", "level": "THCS"})
    yield database
    database.close()


# -- rendering: LibreOffice turns a workbook into the pages it prints, poppler reads them ----------
APT_PACKAGES = "libreoffice-calc-nogui poppler-utils"


def _require(programs: Sequence[str], package: str) -> None:
    """Skip (with the reason) when a program is missing on a developer's machine; on CI
    (CI=true) a missing program fails the test: the rendered pages must be checked there."""
    missing = [name for name in programs if shutil.which(name) is None]
    if not missing:
        return
    reason = (
        f"{', '.join(missing)} not installed (Debian/Ubuntu: apt-get install -y "
        f"--no-install-recommends {package}); the rendered-page tests need it"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass(frozen=True)
class Poppler:
    """What a PDF's pages are: their sizes in points, their text (one string per page)."""

    def page_sizes(self, pdf: Path) -> list[tuple[float, float]]:
        count = self.page_count(pdf)
        out = _run(["pdfinfo", "-f", "1", "-l", str(count), str(pdf)])
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)
        return [(float(w), float(h)) for w, h in sizes]

    def page_count(self, pdf: Path) -> int:
        found = re.search(r"^Pages:\s+(\d+)", _run(["pdfinfo", str(pdf)]), re.MULTILINE)
        assert found, f"pdfinfo read no page count from {pdf}"
        return int(found.group(1))

    def page_texts(self, pdf: Path, *, layout: bool = True) -> list[str]:
        args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
        pages = _run(args).split("\f")
        return pages[:-1] if pages and not pages[-1].strip() else pages

    def word_heights(self, pdf: Path, first: int, last: int) -> list[tuple[str, float]]:
        """Every word on pages first..last with its box's height (about 1.1 × its font size)."""
        html = _run(["pdftotext", "-bbox", "-f", str(first), "-l", str(last), str(pdf), "-"])
        return [
            (word, float(y1) - float(y0))
            for y0, y1, word in re.findall(
                r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                html,
            )
        ]

    def render(self, pdf: Path, folder: Path, dpi: int = 50) -> list[Path]:
        """PNG pictures of the pages, to look at."""
        folder.mkdir(parents=True, exist_ok=True)
        _run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / pdf.stem)])
        return sorted(folder.glob(f"{pdf.stem}-*.png"))


def _run(args: Sequence[str]) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture(scope="session")
def poppler() -> Poppler:
    _require(("pdfinfo", "pdftotext", "pdftoppm"), "poppler-utils")
    return Poppler()


@dataclass(frozen=True)
class Soffice:
    """LibreOffice headless, with a profile of its own (parallel test workers never share
    one) and the application's bundled fonts (Liberation Serif, metric-compatible with Times
    New Roman), as a school's office PC prints."""

    program: str
    home: Path

    def convert(self, files: Sequence[Path], suffix: str, folder: Path) -> list[Path]:
        """Convert ``files`` to ``suffix`` ("pdf", "xls", "ods", "xlsx") in one run (each
        LibreOffice start costs seconds); returns the new files, in the same order."""
        folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "FONTCONFIG_FILE": str(self.home / "fonts.conf"),
               "HOME": str(self.home)}  # fmt: skip
        profile = (self.home / "profile").as_uri()
        subprocess.run(
            [self.program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
             "--convert-to", suffix, "--outdir", str(folder), *map(str, files)],
            capture_output=True, text=True, check=True, timeout=300, env=env,
        )  # fmt: skip
        made = [folder / f"{Path(f).stem}.{suffix}" for f in files]
        missing = [p.name for p in made if not p.exists()]
        assert not missing, f"LibreOffice wrote no {suffix} for {missing}"
        return made

    def to_pdf(self, files: Sequence[Path], folder: Path) -> list[Path]:
        return self.convert(files, "pdf", folder)


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> Soffice:
    _require(("soffice",), "libreoffice-calc-nogui")
    home = tmp_path_factory.mktemp("soffice")
    fonts = resources_dir() / "fonts"
    (home / "fonts.conf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts}</dir>\n  <cachedir>{home / 'fontcache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return Soffice(shutil.which("soffice") or "soffice", home)
