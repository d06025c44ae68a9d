#!/usr/bin/env bash
# Sets up Interview Voice on Debian/Ubuntu: system packages (when it can),
# a virtual environment in .venv, pinned dependencies, and the models.
#   packaging/setup.sh run    the app's models (default set)
#   packaging/setup.sh test   plus test tools and the small test models
# Safe to run again: every step skips what is already done.
set -euo pipefail

MODE="${1:-run}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
LLAMA_VERSION="$(sed -n 's/^llama-cpp-python==//p' "$ROOT/requirements.lock")"
VENV="$ROOT/.venv"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# --- Python -----------------------------------------------------------------
command -v "$PYTHON" >/dev/null || die "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)."
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "Python 3.11 or newer is needed; $PYTHON is $("$PYTHON" -V 2>&1)."

# --- System packages ----------------------------------------------------------
# PortAudio for sound, the Qt xcb libraries for the window, a compiler and
# CMake to build llama-cpp-python; espeak-ng makes candidate speech for tests,
# strace checks that a session opens no network connection.
SYSTEM_PACKAGES="libportaudio2 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-image0 libegl1 libgl1
  libfontconfig1 libdbus-1-3 build-essential cmake"
if [ "$MODE" = test ]; then
  SYSTEM_PACKAGES="$SYSTEM_PACKAGES espeak-ng sox util-linux strace"
  # A PulseAudio null sink is the tests' sound card. On a PipeWire desktop,
  # installing pulseaudio would replace pipewire-pulse: leave the desktop alone.
  if ! dpkg-query -W -f='${Status}' pipewire-pulse 2>/dev/null | grep -q "install ok installed"; then
    SYSTEM_PACKAGES="$SYSTEM_PACKAGES pulseaudio pulseaudio-utils libasound2-plugins"
  fi
fi
if command -v dpkg >/dev/null; then
  missing=""
  for pkg in $SYSTEM_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
      say "Installing system packages:$missing"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
      die "these system packages are missing:$missing
Install them, then run this again:
  sudo apt-get update && sudo apt-get install -y$missing"
    fi
  fi
else
  say "Not a Debian/Ubuntu system: make sure PortAudio, the Qt 6 xcb libraries, a C++ compiler and CMake are installed."
fi

# --- Virtual environment ---------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the virtual environment in .venv"
  "$PYTHON" -m venv "$VENV"
fi
PIP="$VENV/bin/python -m pip --disable-pip-version-check"

# --- Python packages (skipped when the lock files have not changed) ------------
LOCKS="requirements.lock pyproject.toml"
[ "$MODE" = test ] && LOCKS="$LOCKS requirements-test.lock"
STAMP="$VENV/.installed-$(cat $LOCKS | sha256sum | cut -c1-16)"
if [ ! -f "$STAMP" ]; then
  say "Installing Python packages"
  # llama-cpp-python is built for this CPU and proven below, not installed from the lock.
  grep -v '^llama-cpp-python==' requirements.lock > "$VENV/requirements-without-llama.txt"
  $PIP install -q -r "$VENV/requirements-without-llama.txt"
  [ "$MODE" = test ] && $PIP install -q -r requirements-test.lock
  $PIP install -q --no-deps --no-build-isolation -e . 2>/dev/null || $PIP install -q --no-deps -e .
  touch "$STAMP"
fi

# --- Models -----------------------------------------------------------------------
MODEL_SET=default
[ "$MODE" = test ] && MODEL_SET=test
say "Checking the $MODEL_SET models"
"$VENV/bin/interview-voice" models install --set "$MODEL_SET"

# --- llama-cpp-python: built for this CPU, proven, cached ------------------------
# PyPI has only its source. Each build variant (tuned to this CPU; the same without
# AMX; portable AVX2; plain) is cached in ~/.cache/interview-voice/wheels and proven
# in a child process (load the smallest model, generate a few tokens) before it is
# used; a build that crashes here is replaced by the next, safer one. Force one with
# INTERVIEW_VOICE_LLAMA_VARIANT=native|native-noamx|avx2|plain.
"$VENV/bin/python" -m interview_voice.native.wheels --version "$LLAMA_VERSION"
