<#
.SYNOPSIS
  Builds Kith's Windows installer: the PyInstaller bundle, then the Inno Setup setup .exe.

.DESCRIPTION
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Python py] [-Work DIR] [-Dist DIR]

  1. copies the sources (pyproject.toml, desktop\, resources\) to WORK\src;
  2. makes WORK\venv and installs Kith (not editable) with PyInstaller (the "packaging" extra);
  3. renders the icons (packaging\render_icons.py) including kith.ico;
  4. freezes Kith with packaging\kith.spec -> WORK\bundle\kith (kith.exe, kith-cli.exe);
  5. checks the bundle (kith-cli.exe --version, --self-test offscreen);
  6. runs Inno Setup's iscc on packaging\windows\kith.iss -> DIST\kith-VERSION-windows-x64-setup.exe,
     and zips the bundle -> DIST\kith-VERSION-windows-x64.zip.

  Needs Python 3.11+ and Inno Setup 6 (iscc.exe on PATH or in its default folder; for example
  `choco install innosetup`). Defaults: WORK = build\windows, DIST = dist.
#>
param(
    [string]$Python = "python",
    [string]$Work = "",
    [string]$Dist = ""
)
$ErrorActionPreference = "Stop"
$Root = (Resolve-Path "$PSScriptRoot\..\..").Path
if (-not $Work) { $Work = Join-Path $Root "build\windows" }
if (-not $Dist) { $Dist = Join-Path $Root "dist" }
New-Item -ItemType Directory -Force -Path $Work, $Dist | Out-Null

function Invoke-Step([string]$Exe, [string[]]$Arguments) {
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "``$Exe $($Arguments -join ' ')`` failed (exit code $LASTEXITCODE)" }
}

$Version = (& $Python -c "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))['project']['version'])" "$Root\pyproject.toml").Trim()
Write-Host "==> Building Kith $Version for Windows in $Work"

# 1. sources
$Src = Join-Path $Work "src"
if (Test-Path $Src) { Remove-Item -Recurse -Force $Src }
New-Item -ItemType Directory -Path $Src | Out-Null
Copy-Item "$Root\pyproject.toml" $Src
if (Test-Path "$Root\README.md") { Copy-Item "$Root\README.md" $Src }
Copy-Item -Recurse "$Root\desktop", "$Root\resources" $Src
Get-ChildItem $Src -Recurse -Directory -Include "__pycache__", "*.egg-info" | Remove-Item -Recurse -Force

# 2. build environment
$Venv = Join-Path $Work "venv"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $VenvPython)) { Invoke-Step $Python @("-m", "venv", $Venv) }
Write-Host "==> Installing Kith (not editable) and PyInstaller"
Invoke-Step $VenvPython @("-m", "pip", "install", "--disable-pip-version-check", "-q", "$Src[packaging]")
Invoke-Step $VenvPython @("-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps", "--force-reinstall", $Src)

# 3. icons
Write-Host "==> Rendering the icons"
$Icons = Join-Path $Work "icons"
$env:QT_QPA_PLATFORM = "offscreen"
Invoke-Step $VenvPython @("$Root\packaging\render_icons.py", "--out", $Icons, "--ico")
$Ico = Join-Path $Icons "kith.ico"
if (-not (Test-Path $Ico)) { throw "the icon helper made no $Ico" }

# 4. bundle
Write-Host "==> Freezing Kith with PyInstaller"
$env:KITH_ICON = $Ico
$BundleRoot = Join-Path $Work "bundle"
Invoke-Step $VenvPython @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", $BundleRoot, "--workpath", (Join-Path $Work "pyinstaller"),
    "$Root\packaging\kith.spec")
$Bundle = Join-Path $BundleRoot "kith"

# 5. the bundle runs on its own
$Shown = (& "$Bundle\kith-cli.exe" --version).Trim()
if ($Shown -ne "Kith $Version") { throw "the bundle says '$Shown', not 'Kith $Version'" }
Invoke-Step "$Bundle\kith-cli.exe" @("--self-test")

# 6. installer and zip
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $Iscc)) { throw "Inno Setup 6 (iscc.exe) not found: install it, e.g. choco install innosetup" }
Write-Host "==> Making the installer with Inno Setup"
Invoke-Step $Iscc @("/Q", "/DAppVersion=$Version", "/DBundleDir=$Bundle", "/DOutputDir=$Dist",
    "/DIconFile=$Ico", "$Root\packaging\windows\kith.iss")
$Zip = Join-Path $Dist "kith-$Version-windows-x64.zip"
if (Test-Path $Zip) { Remove-Item $Zip }
Compress-Archive -Path $Bundle -DestinationPath $Zip
Get-ChildItem $Dist -Filter "kith-$Version-windows-*" | ForEach-Object { Write-Host ("  {0}  {1:N1} MiB" -f $_.FullName, ($_.Length / 1MB)) }
