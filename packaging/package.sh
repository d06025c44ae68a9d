#!/usr/bin/env bash
# `make package`: Interview Voice as one download for candidates.
#   build/package/dist/interview-voice/           the app (PyInstaller, one folder)
#   dist/interview-voice-VERSION-linux-ARCH.tar.gz that folder with install.sh / uninstall.sh
#   dist/interview-voice-VERSION-linux-ARCH.run    the one-file installer: that tar.gz behind a checking header
# The interviewer library inside is the portable AVX2 build (x86_64; a build tuned with
# -march=native dies on other CPUs), proven here before it is packed. Models are not
# inside: the app gets them on first start, with progress (or `interview-voice models install`).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
BUILD="$ROOT/build/package"
VENV="$BUILD/venv"
LLAMA_VERSION="$(sed -n 's/^llama-cpp-python==//p' requirements.lock)"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)"
ARCH="$(uname -m)"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the build environment in $VENV"
  mkdir -p "$BUILD"
  "$PYTHON" -m venv "$VENV"
fi
PIP="$VENV/bin/python -m pip --disable-pip-version-check -q"
say "Installing the app's packages and PyInstaller into the build environment"
grep -v '^llama-cpp-python==' requirements.lock > "$BUILD/requirements-without-llama.txt"
$PIP install -r "$BUILD/requirements-without-llama.txt" -r requirements-package.lock
$PIP install --no-deps -e .

say "The interviewer library: portable build, proven on this machine"
VARIANT=plain
[ "$ARCH" = x86_64 ] && grep -qw avx2 /proc/cpuinfo && VARIANT=avx2
INTERVIEW_VOICE_LLAMA_VARIANT="$VARIANT" "$VENV/bin/python" -m interview_voice.native.wheels --version "$LLAMA_VERSION"

say "Building the app folder"
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --distpath "$BUILD/dist" --workpath "$BUILD/work" \
  packaging/pyinstaller/interview-voice.spec
APP="$BUILD/dist/interview-voice"
cp packaging/bundle/install.sh packaging/bundle/uninstall.sh packaging/bundle/README.txt "$APP/"
chmod 755 "$APP/install.sh" "$APP/uninstall.sh"

say "Checking the packaged app starts"
"$APP/interview-voice" --version

mkdir -p "$ROOT/dist"
TARBALL="$ROOT/dist/interview-voice-$VERSION-linux-$ARCH.tar.gz"
tar -C "$BUILD/dist" -czf "$TARBALL" interview-voice
INSTALLER="$ROOT/dist/interview-voice-$VERSION-linux-$ARCH.run"
packaging/make_installer.sh "$TARBALL" "$APP" "$INSTALLER"
say "Done: $INSTALLER ($(du -h "$INSTALLER" | cut -f1)) and $TARBALL; the app folder is $(du -sh "$APP" | cut -f1)"
