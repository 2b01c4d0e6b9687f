# Build the Windows bundle (dist\songmay\) and the installer (dist\SongMay-Setup-<version>.exe).
#
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 -Python "py -3.12" -NoSmoke
#   powershell -ExecutionPolicy Bypass -File installer\build.ps1 -Iscc "D:\Inno Setup 6\ISCC.exe"
#
# The same steps as installer/build.sh: a clean venv (build\installer-venv) from Python 3.11+
# (64-bit, python.org or the py launcher), `pip install .[build]` (not editable), the
# translations, the icon, PyInstaller with installer\songmay.spec, the smoke test, then
# Inno Setup 6.3+ (iscc installer\songmay.iss). Stops at the first failing step.
param(
    [string]$Python = "py -3.11",
    [string]$Iscc = "",
    [switch]$ReuseVenv,
    [switch]$NoSmoke,
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
Set-Location $Root

function Invoke-Checked {
    # Run a program and stop when it fails ($ErrorActionPreference does not cover exit codes).
    # A simple function: every argument, "-m" included, arrives in $args as it is.
    $exe, $rest = $args
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "failed ($LASTEXITCODE): $exe $($rest -join ' ')" }
}

function Step([string]$Text) { Write-Host "`n== $Text" -ForegroundColor Cyan }

$started = Get-Date
$Venv = Join-Path $Root "build\installer-venv"
$Py = Join-Path $Venv "Scripts\python.exe"

Step "build venv: $Venv"
if (-not $ReuseVenv -or -not (Test-Path $Py)) {
    if (Test-Path $Venv) { Remove-Item -Recurse -Force $Venv }
    $parts = @($Python -split " " | Where-Object { $_ })
    $launcherArgs = @($parts | Select-Object -Skip 1)
    Invoke-Checked $parts[0] @launcherArgs -m venv $Venv
}
Invoke-Checked $Py -c "import sys, struct; assert sys.version_info >= (3, 11) and struct.calcsize('P') == 8, 'Python 3.11+ 64-bit needed'"
Invoke-Checked $Py installer\version_info.py --check
$Version = (& $Py installer\version_info.py).Trim()
# Not editable: the smoke test's python baseline runs what a user would install.
Invoke-Checked $Py -m pip install -q ".[build]"

Step "translations"
# lrelease comes with PySide6; then this checkout again, so the installed copy carries the .qm.
Invoke-Checked $Py -m desktop_app.ui.shell.i18n build
Invoke-Checked $Py -m pip install -q --no-deps --force-reinstall .

Step "icon"
$IconDir = Join-Path $Root "build\installer"
Invoke-Checked $Py installer\make_icon.py $IconDir

Step "PyInstaller"
if (Test-Path dist\songmay) { Remove-Item -Recurse -Force dist\songmay }
$env:SONGMAY_ICON = Join-Path $IconDir "songmay.ico"
$env:SONGMAY_VERSION_FILE = Join-Path $Root "build\installer\version_info.txt"
Invoke-Checked $Py -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath (Join-Path $Root "dist") --workpath (Join-Path $Root "build\pyinstaller") `
    installer\songmay.spec
$bytes = (Get-ChildItem -Recurse -File dist\songmay | Measure-Object -Property Length -Sum).Sum
Write-Host ("unpacked size: {0:N1} MiB (dist\songmay)" -f ($bytes / 1MB))

if (-not $NoSmoke) {
    Step "smoke test"
    Invoke-Checked $Py installer\smoke_test.py dist\songmay --python-baseline
}

if (-not $NoInstaller) {
    Step "Inno Setup"
    if (-not $Iscc) {
        $candidates = @(
            (Get-Command iscc.exe -ErrorAction SilentlyContinue | ForEach-Object Source),
            "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
            "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
            "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
        ) | Where-Object { $_ -and (Test-Path $_) }
        $Iscc = $candidates | Select-Object -First 1
    }
    if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found: install it, or pass -Iscc PATH" }
    Invoke-Checked $Iscc "/DAppVersion=$Version" installer\songmay.iss
    Write-Host "installer: dist\SongMay-Setup-$Version.exe"
}
Write-Host ("installer\build.ps1 done in {0:N0} s" -f ((Get-Date) - $started).TotalSeconds)
