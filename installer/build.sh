#!/usr/bin/env bash
# Build the one-folder bundle dist/songmay/ from this checkout (Linux), then smoke-test it.
#
#   bash installer/build.sh                    # a fresh build venv from python3
#   bash installer/build.sh --python python3.12
#   bash installer/build.sh --reuse-venv       # keep build/installer-venv between runs (faster)
#   bash installer/build.sh --no-smoke         # build only
#
# Steps: a clean venv (build/installer-venv), `pip install .[build]` (not editable), the
# translations (`python -m desktop_app.ui.shell.i18n build`), the icon, PyInstaller with
# installer/songmay.spec into dist/songmay/, the unpacked size, then installer/smoke_test.py
# (which also times the bundle against `python -m desktop_app`). Exit 0 only if all of it passed.
# Needs binutils (objdump, strip) and the Qt runtime libraries that .ci/run installs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PYTHON=${SONGMAY_BUILD_PYTHON:-python3}
VENV=${SONGMAY_BUILD_VENV:-$ROOT/build/installer-venv}
REUSE=0
SMOKE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --python) PYTHON=$2; shift 2 ;;
    --reuse-venv) REUSE=1; shift ;;
    --no-smoke) SMOKE=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

step() { printf '\n== %s\n' "$*"; }
started=$(date +%s)

for tool in objdump strip; do
  command -v "$tool" >/dev/null || { echo "PyInstaller needs $tool: apt-get install binutils" >&2; exit 2; }
done
"$PYTHON" - <<'EOF' || { echo "Python 3.11 or newer is needed (--python)" >&2; exit 2; }
import sys
raise SystemExit(0 if sys.version_info >= (3, 11) else 1)
EOF
"$PYTHON" installer/version_info.py --check >/dev/null

step "build venv: $VENV"
if [ "$REUSE" = 0 ] || [ ! -x "$VENV/bin/python" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi
PY=$VENV/bin/python
# Not editable: the smoke test's python baseline runs what a user would install.
"$PY" -m pip install -q ".[build]"
"$PY" -m pip list --format=freeze 2>/dev/null | grep -iE '^(pyside6|shiboken6|pyinstaller)' || true

step "translations"
# lrelease comes with PySide6, so after the install; the .qm goes to resources/translations/,
# where the spec takes it. Then this checkout again, so that the installed copy carries it too.
"$PY" -m desktop_app.ui.shell.i18n build
"$PY" -m pip install -q --no-deps --force-reinstall .

step "icon"
ICON_DIR=$ROOT/build/installer
"$PY" installer/make_icon.py "$ICON_DIR"

step "PyInstaller"
rm -rf dist/songmay
pyi_started=$(date +%s)
SONGMAY_ICON="$ICON_DIR/songmay.ico" "$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" installer/songmay.spec
echo "PyInstaller took $(( $(date +%s) - pyi_started )) s"
echo "unpacked size: $(du -sh dist/songmay | cut -f1) (dist/songmay)"
echo "  of which: $(du -sh dist/songmay/_internal/PySide6 | cut -f1) PySide6/Qt"

if [ "$SMOKE" = 1 ]; then
  step "smoke test"
  # The sync check needs the reference server, which the bundle must not contain: take it from
  # the development venv (its 'test' or 'server' extra), as CI has it, or SONGMAY_SMOKE_SERVER.
  server=${SONGMAY_SMOKE_SERVER:-$ROOT/.venv/bin/songmay-server}
  server_args=()
  if [ -x "$server" ]; then
    server_args=(--server "$server")
  else
    echo "no songmay-server at $server: the smoke test skips the sync check"
  fi
  "$PY" installer/smoke_test.py dist/songmay --python-baseline "${server_args[@]}"
fi
echo "installer/build.sh done in $(( $(date +%s) - started )) s"
