#!/usr/bin/env bash
# `make package-check`: the packaged app as a candidate gets it, away from this repository.
# Unpacks the tar.gz into a temporary folder with a fresh HOME (no .venv, no source tree on any
# path), runs install.sh, then from the installed binary: doctor, simulate on the test models,
# and the window under Xvfb (time to the window, and a screenshot in build/package/window.png).
# The models come from this machine's models folder (set INTERVIEW_VOICE_MODELS_DIR to choose),
# so that the check downloads nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TARBALL="$(ls -t "$ROOT"/dist/interview-voice-*-linux-*.tar.gz 2>/dev/null | head -1)"
[ -n "$TARBALL" ] || { echo "no package in dist/: run make package first" >&2; exit 1; }
MODELS="${INTERVIEW_VOICE_MODELS_DIR:-$HOME/.local/share/interview-voice/models}"
WORK="$(mktemp -d)"
trap 'kill "${XVFB_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/unpacked"
tar -C "$WORK/unpacked" -xzf "$TARBALL"
clean() { env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 INTERVIEW_VOICE_MODELS_DIR="$MODELS" "$@"; }
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "install.sh (fresh HOME: $WORK/home)"
clean QT_QPA_PLATFORM=offscreen sh "$WORK/unpacked/interview-voice/install.sh"
APP="$WORK/home/.local/opt/interview-voice/interview-voice"
test -f "$WORK/home/.local/share/applications/org.interviewvoice.InterviewVoice.desktop"

say "doctor"
# no sound card here: the microphone and speakers lines fail, everything else must pass
clean QT_QPA_PLATFORM=offscreen "$APP" doctor > "$WORK/doctor.txt" || true
cat "$WORK/doctor.txt"
grep -q "interviewer library .*proof .*passed" "$WORK/doctor.txt"
! grep '^\[FAIL\]' "$WORK/doctor.txt" | grep -v 'microphone\|speakers' | grep -q .

say "simulate on the test models"
espeak-ng -w "$WORK/a1.wav" "I would start with a logistic regression baseline on billing data."
mkdir -p "$WORK/answers" && mv "$WORK/a1.wav" "$WORK/answers/"
clean QT_QPA_PLATFORM=offscreen "$APP" simulate --plan first-interview --seed 1 --answers "$WORK/answers" \
  --out "$WORK/out" --stt whisper-tiny.en --live-stt same --llm smollm2-135m-instruct-q4_1 | tail -2
test -s "$WORK/out/report.json"

say "the window under Xvfb"
DISPLAY_NUMBER=:$((90 + RANDOM % 9))
Xvfb "$DISPLAY_NUMBER" -screen 0 1280x800x24 >/dev/null 2>&1 &
XVFB_PID=$!
sleep 1
START=$(date +%s.%N)
clean DISPLAY="$DISPLAY_NUMBER" "$APP" > "$WORK/gui.log" 2>&1 &
GUI_PID=$!
for _ in $(seq 1 120); do
  if xwininfo -display "$DISPLAY_NUMBER" -root -tree 2>/dev/null | grep -q '"Interview Voice"'; then break; fi
  sleep 0.25
done
echo "window after $(echo "$(date +%s.%N) - $START" | bc) s"
sleep 8
mkdir -p "$ROOT/build/package"
DISPLAY="$DISPLAY_NUMBER" import -window root "$ROOT/build/package/window.png"
kill "$GUI_PID" 2>/dev/null || true
echo "screenshot: $ROOT/build/package/window.png; package $(du -h "$TARBALL" | cut -f1), unpacked $(du -sh "$WORK/home/.local/opt/interview-voice" | cut -f1)"
say "uninstall.sh"
clean sh "$WORK/home/.local/opt/interview-voice/uninstall.sh"
test ! -e "$WORK/home/.local/share/applications/org.interviewvoice.InterviewVoice.desktop"
say "The package works from a clean environment"
