#!/usr/bin/env bash
# `make package-check`: the packaged app as a candidate gets it, away from this repository.
# Runs the one-file installer (dist/*.run) in a fresh HOME (no .venv, no source tree on any path),
# then from the installed binary: doctor, simulate on the test models, the window under Xvfb (time
# to the window; screenshots at 100 % and 200 % scaling), the window on Wayland (a headless Weston),
# and uninstall.sh. Screenshots land in build/package/. The models come from this machine's models
# folder (set INTERVIEW_VOICE_MODELS_DIR to choose), so that the check downloads nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
INSTALLER="$(ls -t "$ROOT"/dist/interview-voice-*-linux-*.run 2>/dev/null | head -1)"
[ -n "$INSTALLER" ] || { echo "no installer in dist/: run make package first" >&2; exit 1; }
MODELS="${INTERVIEW_VOICE_MODELS_DIR:-$HOME/.local/share/interview-voice/models}"
SHOTS="$ROOT/build/package"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# the tools this check drives the app with (not needed by the app itself)
need="" ; for pair in Xvfb:xvfb xwininfo:x11-utils import:imagemagick bc:bc espeak-ng:espeak-ng weston:weston; do
  command -v "${pair%%:*}" >/dev/null || need="$need ${pair#*:}"
done
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing the check's tools:$need"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  else
    echo "the check needs:$need (sudo apt-get install -y$need)" >&2; exit 1
  fi
fi

WORK="$(mktemp -d)"
trap 'kill ${GUI_PID:-} ${XVFB_PID:-} ${WESTON_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$SHOTS"
clean() { env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 INTERVIEW_VOICE_MODELS_DIR="$MODELS" "$@"; }
APP="$WORK/home/.local/opt/interview-voice/interview-voice"

say "the one-file installer (fresh HOME: $WORK/home)"
clean QT_QPA_PLATFORM=offscreen "$INSTALLER" --no-start
test -x "$APP"
test -f "$WORK/home/.local/share/applications/org.interviewvoice.InterviewVoice.desktop"
say "a damaged installer is refused"
head -c 50000000 "$INSTALLER" > "$WORK/cut.run"
if clean sh "$WORK/cut.run" --no-start 2> "$WORK/cut.txt"; then echo "a cut installer was accepted" >&2; exit 1; fi
grep -q "incomplete" "$WORK/cut.txt" && rm "$WORK/cut.run"

say "doctor"
# no sound card here: the microphone and speakers lines fail, everything else must pass
clean QT_QPA_PLATFORM=offscreen "$APP" doctor > "$WORK/doctor.txt" || true
cat "$WORK/doctor.txt"
grep -q "interviewer library .*proof .*passed" "$WORK/doctor.txt"
! grep '^\[FAIL\]' "$WORK/doctor.txt" | grep -v 'microphone\|speakers' | grep -q .

say "simulate on the test models"
mkdir -p "$WORK/answers"
espeak-ng -w "$WORK/answers/a1.wav" "I would start with a logistic regression baseline on billing data."
clean QT_QPA_PLATFORM=offscreen "$APP" simulate --plan first-interview --seed 1 --answers "$WORK/answers" \
  --out "$WORK/out" --stt whisper-tiny.en --live-stt same --llm smollm2-135m-instruct-q4_1 | tail -2
test -s "$WORK/out/report.json"

# The window on an X display at a scale; waits for it, then for the models ("Ready" takes a few s).
window_on_x() {  # scale screen-size screenshot
  local display=":$((90 + RANDOM % 9))"
  Xvfb "$display" -screen 0 "$2x24" >/dev/null 2>&1 & XVFB_PID=$!
  sleep 1
  local start; start=$(date +%s.%N)
  clean DISPLAY="$display" QT_SCALE_FACTOR="$1" "$APP" > "$WORK/gui-$1.log" 2>&1 & GUI_PID=$!
  for _ in $(seq 1 120); do
    xwininfo -display "$display" -root -tree 2>/dev/null | grep -q '"Interview Voice"' && break
    sleep 0.25
  done
  xwininfo -display "$display" -root -tree | grep -q '"Interview Voice"' || { cat "$WORK/gui-$1.log"; exit 1; }
  echo "window after $(echo "$(date +%s.%N) - $start" | bc) s (scale $1)"
  sleep 8
  DISPLAY="$display" import -window root "$3"
  kill "$GUI_PID"; wait "$GUI_PID" 2>/dev/null || true
  kill "$XVFB_PID"; wait "$XVFB_PID" 2>/dev/null || true
  echo "screenshot: $3"
}
say "the window under Xvfb"
window_on_x 1 1600x1000 "$SHOTS/window.png"
say "the window at 200 % scaling (a 3200x2000 laptop screen)"
window_on_x 2 3200x2000 "$SHOTS/window-200.png"

say "the window on Wayland (headless Weston)"
mkdir -p "$WORK/run" && chmod 700 "$WORK/run"
XDG_RUNTIME_DIR="$WORK/run" weston --backend=headless-backend.so --socket=wl-check --width=1280 --height=800 \
  --use-pixman --debug > "$WORK/weston.log" 2>&1 & WESTON_PID=$!
for _ in $(seq 1 40); do [ -S "$WORK/run/wl-check" ] && break; sleep 0.25; done
clean XDG_RUNTIME_DIR="$WORK/run" WAYLAND_DISPLAY=wl-check QT_QPA_PLATFORM=wayland "$APP" > "$WORK/gui-wl.log" 2>&1 &
GUI_PID=$!
sleep 12
kill -0 "$GUI_PID" || { echo "the app did not stay up on Wayland:" >&2; cat "$WORK/gui-wl.log" >&2; exit 1; }
(cd "$WORK" && XDG_RUNTIME_DIR="$WORK/run" WAYLAND_DISPLAY=wl-check weston-screenshooter)
mv "$(ls -t "$WORK"/wayland-screenshot-*.png | head -1)" "$SHOTS/window-wayland.png"
kill "$GUI_PID"; wait "$GUI_PID" 2>/dev/null || true
grep -qi "could not load the qt platform plugin\|failed to create wl_display" "$WORK/gui-wl.log" && exit 1
echo "screenshot: $SHOTS/window-wayland.png"

echo "installer $(du -h "$INSTALLER" | cut -f1), installed $(du -sh "$WORK/home/.local/opt/interview-voice" | cut -f1)"
say "uninstall.sh"
clean sh "$WORK/home/.local/opt/interview-voice/uninstall.sh"
test ! -e "$WORK/home/.local/share/applications/org.interviewvoice.InterviewVoice.desktop"
test ! -e "$WORK/home/.local/opt/interview-voice"
say "The package works from a clean environment"
