"""The interface's languages: the source text is Vietnamese, English comes from ``songmay_en.qm``.

    python -m desktop_app.ui.shell.i18n update   # pyside6-lupdate: desktop_app/ui/**.py → songmay_en.ts
    python -m desktop_app.ui.shell.i18n build    # pyside6-lrelease: every .ts → its .qm

``qt_vi.ts`` is Qt's own dialogs in Vietnamese (Qt ships no qtbase_vi): written by hand with Qt's
contexts and English sources, built and installed like the application's catalogue.

Both live in ``resources/translations/``. The .ts file is a source (committed, translated in Qt
Linguist or any text editor); the .qm file is built: by ``build`` before packaging, or by the
application itself at start in a source checkout when it is missing or older than its .ts. A
frozen bundle loads the .qm it carries and never builds.

The language is the ``ui/language`` setting ("vi" or "en"). Most widgets call ``self.tr()`` once,
in their constructor, so a new language shows fully only in a window built after the switch: the
settings page saves the choice and offers to restart the application.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop_app.core import paths
from desktop_app.core.resources import resource_path

log = logging.getLogger("songmay.ui")

SETTINGS_KEY = "ui/language"
SOURCE_LANGUAGE = "vi"
DEFAULT_LANGUAGE = "vi"
LANGUAGES = ("vi", "en")
TRANSLATED = ("en",)  # languages with a catalogue of their own (the source language needs none)
CATALOGUE = "songmay"
# Qt's own dialogs (file, print, page set-up, standard buttons, text menus): Qt ships qtbase_en
# but no Vietnamese, so ``qt_vi.ts`` translates the Qt contexts the application shows. Its
# contexts and sources are Qt's own and must match Qt's exactly.
QT_CATALOGUE = "qt"
QT_TRANSLATED = ("vi",)
_CATALOGUE_LANGUAGES = {CATALOGUE: TRANSLATED, QT_CATALOGUE: QT_TRANSLATED}
UI_DIR = Path(__file__).resolve().parent.parent  # desktop_app/ui

# Our translators are the application's children with this object name prefix, and the language
# they installed is a property of the application: no module state to keep in step.
_TRANSLATOR_NAME = "songmay_translator_"
_LANGUAGE_PROPERTY = "songmayLanguage"


class TranslationToolMissing(RuntimeError):
    """pyside6-lupdate or pyside6-lrelease is not installed (PySide6-Essentials ships both)."""


# --- the setting -------------------------------------------------------------------------------


def normalise_language(value: object) -> str:
    """ "en", "en_GB", "EN" → "en"; anything unknown → the default (Vietnamese)."""
    code = str(value or "").strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def saved_language(settings: QSettings | None = None) -> str:
    store = settings if settings is not None else QSettings()
    return normalise_language(store.value(SETTINGS_KEY, DEFAULT_LANGUAGE))


def save_language(language: str, settings: QSettings | None = None) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    store = settings if settings is not None else QSettings()
    store.setValue(SETTINGS_KEY, language)
    store.sync()


def locale_for(language: str) -> QLocale:
    """Numbers and dates: Vietnamese (1.234, 31/12/2024) or British English (1,234, 31/12/2024),
    so that dates stay day-first like the ministry's forms in either language."""
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)


# --- files and tools ---------------------------------------------------------------------------


def translations_dir() -> Path:
    return resource_path("translations")


def ts_file(
    language: str = "en", directory: Path | None = None, catalogue: str = CATALOGUE
) -> Path:
    return (directory or translations_dir()) / f"{catalogue}_{language}.ts"


def qm_file(
    language: str = "en", directory: Path | None = None, catalogue: str = CATALOGUE
) -> Path:
    return (directory or translations_dir()) / f"{catalogue}_{language}.qm"


def all_ts_files(directory: Path | None = None) -> list[Path]:
    """Every catalogue source of the application: ``songmay_en.ts`` and Qt's ``qt_vi.ts``."""
    return [
        ts_file(language, directory, catalogue)
        for catalogue, languages in _CATALOGUE_LANGUAGES.items()
        for language in languages
    ]


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def find_tool(name: str) -> Path | None:
    """``lupdate`` or ``lrelease`` of the installed PySide6 (the binary its ``pyside6-*`` script
    runs), else a ``pyside6-<name>`` script beside this Python or on PATH."""
    suffix = ".exe" if sys.platform == "win32" else ""
    candidates: list[Path] = []
    with contextlib.suppress(ImportError):
        import PySide6

        candidates.append(Path(PySide6.__file__).resolve().parent / f"{name}{suffix}")
    script = f"pyside6-{name}"
    candidates.append(Path(sys.executable).parent / f"{script}{suffix}")
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(script)
    return Path(found) if found else None


def _require_tool(name: str) -> Path:
    tool = find_tool(name)
    if tool is None:
        raise TranslationToolMissing(
            f"pyside6-{name} was not found (beside {sys.executable} or on PATH); it comes with "
            "PySide6-Essentials: pip install PySide6-Essentials"
        )
    return tool


def _run(command: Sequence[str | Path]) -> str:
    # No console window flashing up when the windowed application builds its catalogue.
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    result = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        creationflags=flags,
    )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise RuntimeError(f"{Path(str(command[0])).name} failed ({result.returncode}): {output}")
    return output


# --- update: sources → .ts ---------------------------------------------------------------------


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


# (context, text, comment, numerus) of a message lupdate cannot see by itself.
IndirectMessage = tuple[str, str, str | None, bool]


def indirect_messages(source: str) -> list[IndirectMessage]:
    """(context, text, comment, numerus) of the messages lupdate's Python parser cannot see in a
    module: a context held in a module constant (``QT_TRANSLATE_NOOP(_CONTEXT, "Tổng quan")``),
    and calls of a module helper such as ``def _tr(text): return QCoreApplication.translate(
    "errors", text)`` (``_tr("…")``), or of one that says a count, ``def _trn(text, n): return
    QCoreApplication.translate("Page", text, "", n)`` (``_trn("{count} dòng", rows)``: English
    chooses "1 row" or "2 rows"). Literal contexts, ``self.tr`` and ``tr`` are lupdate's own
    business."""
    tree = ast.parse(source)
    constants: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], _text(node.value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, _text(node.value)
        else:
            continue
        if isinstance(target, ast.Name) and value is not None:
            constants[target.id] = value

    def context(node: ast.expr) -> str | None:
        return constants.get(node.id) if isinstance(node, ast.Name) else _text(node)

    def is_parameter(node: ast.expr, parameter: ast.arg | None) -> bool:
        return parameter is not None and isinstance(node, ast.Name) and node.id == parameter.arg

    helpers: dict[str, tuple[str, bool]] = {}  # name → (context, numerus)
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        body = [s for s in node.body if not (isinstance(s, ast.Expr) and _text(s.value))]
        call = body[0].value if len(body) == 1 and isinstance(body[0], ast.Return) else None
        if not isinstance(call, ast.Call) or _callee(call) != "translate" or len(call.args) < 2:
            continue
        parameters = node.args.args
        argument, helper_context = call.args[1], context(call.args[0])
        if not (is_parameter(argument, parameters[0]) and helper_context):
            continue
        count = parameters[1] if len(parameters) > 1 else None
        numerus = len(call.args) == 4 and is_parameter(call.args[3], count)
        helpers[node.name] = (helper_context, numerus)

    found: list[IndirectMessage] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _callee(node)
        if name in helpers and _text(node.args[0]) is not None:
            helper_context, numerus = helpers[name]
            found.append((helper_context, str(_text(node.args[0])), None, numerus))
        elif name in {"QT_TRANSLATE_NOOP", "translate"} and len(node.args) >= 2:
            first, text = node.args[0], _text(node.args[1])
            if isinstance(first, ast.Name) and text is not None and context(first) is not None:
                comment = _text(node.args[2]) if len(node.args) > 2 else None
                found.append((str(context(first)), text, comment or None, len(node.args) == 4))
    return found


def _python_literal(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def write_indirect_messages(sources: Iterable[Path], target: Path) -> int:
    """A Python file that spells out ``indirect_messages`` of every source for lupdate."""
    lines = ["# Generated for lupdate by desktop_app.ui.shell.i18n; not part of the application."]
    for path in sources:
        source = path.read_text(encoding="utf-8")
        for message_context, text, comment, numerus in indirect_messages(source):
            arguments = [message_context, text] + ([comment or ""] if comment or numerus else [])
            literals = ", ".join(map(_python_literal, arguments))
            # lupdate marks a message numerus when translate's count is a number it can read.
            lines.append(f"QCoreApplication.translate({literals}{', 1' if numerus else ''})")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def ui_sources(root: Path = UI_DIR) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def update(ts: Path | None = None, *, sources: Sequence[Path] | None = None) -> str:
    """Extract every message of the UI into ``ts`` (created, or merged keeping its translations;
    messages gone from the sources are dropped). Returns lupdate's report."""
    target = ts or ts_file("en")
    lupdate = _require_tool("lupdate")
    files = list(sources) if sources is not None else ui_sources()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="songmay-i18n-") as work:
        extra = Path(work) / "indirect_messages.py"
        write_indirect_messages(files, extra)
        language = target.stem.rsplit("_", 1)[-1]
        # No source locations: they would change with every edit of a UI file and make the .ts
        # a merge conflict between engineers; context + Vietnamese text identify a message.
        command: list[str | Path] = [lupdate, "-locations", "none", "-no-obsolete"]
        command += ["-source-language", SOURCE_LANGUAGE, "-target-language", language]
        return _run([*command, *files, extra, "-ts", target])


def unfinished_messages(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation (obsolete and vanished
    ones do not count: lrelease leaves them out)."""
    missing: list[tuple[str, str]] = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in {"obsolete", "vanished"}:
                continue
            texts = [] if translation is None else [translation.text or ""]
            if translation is not None and message.get("numerus") == "yes":
                texts = [form.text or "" for form in translation.iter("numerusform")]
            if kind == "unfinished" or not texts or not all(t.strip() for t in texts):
                missing.append((name, message.findtext("source") or ""))
    return missing


def message_count(ts: Path) -> int:
    return sum(1 for _ in ET.parse(ts).getroot().iter("message"))


# --- build: .ts → .qm --------------------------------------------------------------------------


def build(ts: Path | None = None, qm: Path | None = None) -> Path:
    """Compile ``ts`` into ``qm`` (default: beside it). Unfinished translations are left out, so
    such a message shows its Vietnamese source rather than a half-done text. Raises
    ``TranslationToolMissing`` without lrelease, ``RuntimeError`` when it fails."""
    source = ts or ts_file("en")
    target = qm or source.with_suffix(".qm")
    lrelease = _require_tool("lrelease")
    if not source.is_file():
        raise FileNotFoundError(f"no translation source {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target, then renamed over it: another process starting at the same time
    # (a second window, a parallel test) never loads a half-written catalogue.
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        _run([lrelease, "-silent", "-nounfinished", source, "-qm", partial])
        if not partial.is_file():
            raise RuntimeError(f"lrelease did not write {target}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(paths.APP_NAME, paths.APP_AUTHOR)) / "translations"


def _fresh(qm: Path, ts: Path) -> bool:
    return qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime


def ensure_built(
    language: str, directory: Path | None = None, catalogue: str = CATALOGUE
) -> Path | None:
    """The .qm of ``catalogue`` to load for ``language`` (None when the catalogue has none for
    it: the application's for Vietnamese, Qt's for English).

    In a source checkout (or an installed wheel) a missing or stale .qm is built first when
    lrelease is there; where the folder is read-only it is built in the user's cache instead. A
    frozen bundle only loads what it carries. A failed build is logged, never fatal: the
    application then shows a stale catalogue, or Vietnamese."""
    if language not in _CATALOGUE_LANGUAGES.get(catalogue, ()):
        return None
    try:
        folder = directory or translations_dir()
    except FileNotFoundError:
        return None
    ts, qm = ts_file(language, folder, catalogue), qm_file(language, folder, catalogue)
    if is_frozen() or not ts.is_file():
        return qm if qm.is_file() else None
    targets = [qm, _cache_dir() / qm.name]
    for target in targets:
        if _fresh(target, ts):
            return target
    if find_tool("lrelease") is None:
        log.warning("%s is missing or older than %s and lrelease is not installed", qm, ts)
    else:
        for target in targets:
            try:
                return build(ts, target)
            except (OSError, RuntimeError):
                log.warning("cannot build %s", target, exc_info=True)
    return next((target for target in targets if target.is_file()), None)


# --- at run time -------------------------------------------------------------------------------


def remove_translators(app: QCoreApplication) -> None:
    for translator in app.findChildren(QTranslator):
        if translator.objectName().startswith(_TRANSLATOR_NAME):
            app.removeTranslator(translator)
            translator.setObjectName("")
            translator.deleteLater()


def install_translators(
    app: QCoreApplication, language: str, directory: Path | None = None
) -> list[str]:
    """Replace our translators by those of ``language``; returns the catalogues loaded.

    Qt's own strings first (file, print and page set-up dialogs, standard buttons, the text
    fields' context menu): ``qtbase_<lang>`` from Qt's translations folder where Qt ships one
    (English), else our ``qt_<lang>`` (Vietnamese, which Qt lacks); then the application's, which
    Qt asks first because it was installed last."""
    remove_translators(app)
    language = normalise_language(language)
    loaded: list[str] = []
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(locale_for(language), "qtbase", "_", qt_dir):
        qt_translator.setObjectName(_TRANSLATOR_NAME + "qtbase")
        app.installTranslator(qt_translator)
        loaded.append("qtbase")
    else:
        qt_translator.deleteLater()
        if _install_catalogue(app, language, directory, QT_CATALOGUE):
            loaded.append(QT_CATALOGUE)
    if _install_catalogue(app, language, directory, CATALOGUE):
        loaded.append(CATALOGUE)
    app.setProperty(_LANGUAGE_PROPERTY, language)
    return loaded


def _install_catalogue(
    app: QCoreApplication, language: str, directory: Path | None, catalogue: str
) -> bool:
    qm = ensure_built(language, directory, catalogue)
    if qm is None:
        return False
    translator = QTranslator(app)
    if not translator.load(str(qm)):
        log.warning("cannot load the translation %s", qm)
        translator.deleteLater()
        return False
    translator.setObjectName(_TRANSLATOR_NAME + catalogue)
    app.installTranslator(translator)
    return True


def apply_language(
    app: QCoreApplication, language: str, directory: Path | None = None
) -> list[str]:
    """Number and date formats plus translators: what start-up does with the saved language."""
    QLocale.setDefault(locale_for(normalise_language(language)))
    return install_translators(app, language, directory)


def set_language(
    app: QCoreApplication,
    language: str,
    *,
    settings: QSettings | None = None,
    directory: Path | None = None,
) -> list[str]:
    """Save ``language`` and install its translators now. Text already on screen keeps its
    language (widgets translate in their constructors); what is built from now on uses the new
    one. The settings page therefore only saves, and restarts the application on request."""
    save_language(normalise_language(language), settings)
    return apply_language(app, language, directory)


def current_language(app: QCoreApplication | None = None) -> str:
    """The language whose translators are installed (not necessarily the saved one)."""
    instance = app or QCoreApplication.instance()
    value = instance.property(_LANGUAGE_PROPERTY) if instance is not None else None
    return normalise_language(value)


# --- command line ------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m desktop_app.ui.shell.i18n", description="Translations of the interface."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("update", help="extract the UI's messages into the .ts (lupdate)")
    up.add_argument("--ts", type=Path, help="default: resources/translations/songmay_en.ts")
    make = commands.add_parser("build", help="compile the .ts into a .qm (lrelease)")
    make.add_argument(
        "--ts", type=Path, help="default: every catalogue (songmay_en.ts and qt_vi.ts)"
    )
    make.add_argument("--qm", type=Path, help="default: beside the .ts")
    args = parser.parse_args(argv)
    try:
        if args.command == "update":
            ts = args.ts or ts_file("en")
            print(update(ts))
            missing = unfinished_messages(ts)
            print(f"{ts}: {message_count(ts)} messages, {len(missing)} without translation")
            for context, source in missing:
                print(f"  [{context}] {source}")
        elif args.ts is not None or args.qm is not None:
            print(build(args.ts, args.qm))
        else:
            for ts in all_ts_files():
                print(build(ts))
    except (TranslationToolMissing, RuntimeError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
