#!/usr/bin/env bash
# Builds Kith for macOS: the PyInstaller .app (packaging/kith.spec's BUNDLE) and a .dmg.
#
#   bash packaging/macos/build.sh          (PYTHON=python3.11 WORK=build/macos DIST=dist)
#
# 1. copies the sources to WORK/src and installs Kith (not editable) with PyInstaller into
#    WORK/venv; 2. renders the icon PNGs (packaging/render_icons.py) and turns them into
#    kith.icns with iconutil; 3. freezes WORK/bundle/Kith.app (Info.plist: bundle id
#    io.github.kith.Kith, LSUIElement off, high-resolution capable, version from pyproject);
#    4. checks the app runs (--version, --self-test offscreen); 5. makes
#    DIST/kith-VERSION-macos-ARCH.dmg with hdiutil (the app and a link to /Applications).
# The app is ad-hoc signed by PyInstaller, not notarized: packaging/README.md says how to open it
# the first time (macOS 15: System Settings ▸ Privacy & Security ▸ Open Anyway). Built on an
# arm64 Mac it runs on Apple silicon, on an Intel Mac on Intel: the workflow builds both.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="${WORK:-$ROOT/build/macos}"
DIST="${DIST:-$ROOT/dist}"
mkdir -p "$WORK" "$DIST"
VERSION="$("$PYTHON" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$ROOT/pyproject.toml")"
echo "==> Building Kith $VERSION for macOS in $WORK"

# 1. sources and the build environment
rm -rf "$WORK/src" && mkdir -p "$WORK/src"
cp "$ROOT/pyproject.toml" "$WORK/src/"
[ -f "$ROOT/README.md" ] && cp "$ROOT/README.md" "$WORK/src/"
cp -R "$ROOT/desktop" "$ROOT/resources" "$WORK/src/"
find "$WORK/src" \( -name __pycache__ -o -name '*.egg-info' \) -prune -exec rm -rf {} +
[ -x "$WORK/venv/bin/python" ] || "$PYTHON" -m venv "$WORK/venv"
VENV_PYTHON="$WORK/venv/bin/python"
echo "==> Installing Kith (not editable) and PyInstaller"
"$VENV_PYTHON" -m pip install --disable-pip-version-check -q "$WORK/src[packaging]"
"$VENV_PYTHON" -m pip install --disable-pip-version-check -q --no-deps --force-reinstall "$WORK/src"

# 2. icons: the PNG sizes, then an .iconset (16…512 at 1x and 2x, so up to 1024 px) for iconutil
echo "==> Rendering the icons"
rm -rf "$WORK/icons" "$WORK/kith.iconset"
QT_QPA_PLATFORM=offscreen "$VENV_PYTHON" "$ROOT/packaging/render_icons.py" --out "$WORK/icons"
mkdir "$WORK/kith.iconset"
png() { echo "$WORK/icons/${1}x${1}/apps/kith.png"; }
for size in 16 32 128 256 512; do
  cp "$(png "$size")" "$WORK/kith.iconset/icon_${size}x${size}.png"
  # Every @2x, up to 512@2x (the 1024 px icon the App Store and Finder's large views use).
  cp "$(png $((size * 2)))" "$WORK/kith.iconset/icon_${size}x${size}@2x.png"
done
iconutil -c icns "$WORK/kith.iconset" -o "$WORK/kith.icns"

# 3. the .app
echo "==> Freezing Kith.app with PyInstaller"
KITH_ICON="$WORK/kith.icns" "$VENV_PYTHON" -m PyInstaller --noconfirm --log-level WARN \
  --distpath "$WORK/bundle" --workpath "$WORK/pyinstaller" "$ROOT/packaging/kith.spec"
APP="$WORK/bundle/Kith.app"

# 4. it runs on its own
shown="$("$APP/Contents/MacOS/kith" --version)"
[ "$shown" = "Kith $VERSION" ] || { echo "the app says '$shown', not 'Kith $VERSION'" >&2; exit 1; }
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/kith" --self-test

# 5. the disk image
echo "==> Making the disk image with hdiutil"
STAGE="$WORK/dmg"
rm -rf "$STAGE" && mkdir "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG="$DIST/kith-$VERSION-macos-$(uname -m).dmg"
rm -f "$DMG"
hdiutil create -volname "Kith $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
du -sh "$APP" "$DMG"
