#!/bin/sh
# Interview Voice installer: one file that holds the whole app. Run it (or double-click it after
# marking it executable) and it installs the app for this user, with no root: the app into
# ~/.local/opt/interview-voice and Interview Voice into the applications menu; then it opens the app.
#   --no-start        install only
#   --extract DIR     unpack the app folder into DIR and stop (run DIR/interview-voice/interview-voice)
# Your sessions, settings and models are never touched by installing or removing the app.
set -u
PAYLOAD_SHA256=@PAYLOAD_SHA256@
PAYLOAD_BYTES=@PAYLOAD_BYTES@
UNPACKED_KB=@UNPACKED_KB@
HEAD_LINES=@HEAD_LINES@
SELF="$0"
TARGET="${INTERVIEW_VOICE_INSTALL_DIR:-$HOME/.local/opt/interview-voice}"
START=1
EXTRACT_ONLY=""

# A double-clicked installer has no terminal: errors also go to a desktop notice where one can be shown.
fail() {
  echo "Interview Voice could not be installed: $*" >&2
  if [ ! -t 2 ]; then
    if command -v zenity >/dev/null 2>&1; then zenity --error --title "Interview Voice" --text "Interview Voice could not be installed: $*" 2>/dev/null
    elif command -v kdialog >/dev/null 2>&1; then kdialog --title "Interview Voice" --error "Interview Voice could not be installed: $*" 2>/dev/null
    elif command -v notify-send >/dev/null 2>&1; then notify-send "Interview Voice could not be installed" "$*" 2>/dev/null
    fi
  fi
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --no-start) START="" ;;
    --extract) [ $# -ge 2 ] || fail "--extract needs a folder"; EXTRACT_ONLY="$2"; shift ;;
    -h|--help) sed -n '2,7s/^# \{0,1\}//p' "$SELF"; exit 0 ;;
    *) fail "unknown option $1 (try --help)" ;;
  esac
  shift
done

payload() { tail -n +"$((HEAD_LINES + 1))" "$SELF"; }

for tool in tail tar gzip sha256sum df; do
  command -v "$tool" >/dev/null 2>&1 || fail "this system lacks '$tool', which unpacking needs."
done
echo "Checking the installer file…"
actual_bytes="$(payload | wc -c)"
[ "$actual_bytes" -eq "$PAYLOAD_BYTES" ] || fail "this file is incomplete ($actual_bytes of $PAYLOAD_BYTES bytes): download it again."
actual_sha="$(payload | sha256sum | cut -d' ' -f1)"
[ "$actual_sha" = "$PAYLOAD_SHA256" ] || fail "this file is damaged (its checksum does not match): download it again."

DEST_PARENT="$(dirname "$TARGET")"
[ -n "$EXTRACT_ONLY" ] && DEST_PARENT="$EXTRACT_ONLY"
mkdir -p "$DEST_PARENT" || fail "the folder $DEST_PARENT cannot be created."
free_kb="$(df -Pk "$DEST_PARENT" | awk 'NR==2 {print $4}')"
[ "${free_kb:-0}" -gt "$((UNPACKED_KB + 20480))" ] || fail "not enough free space in $DEST_PARENT: the app needs $((UNPACKED_KB / 1024)) MB, $((free_kb / 1024)) MB are free."

if [ -n "$EXTRACT_ONLY" ]; then
  payload | tar -xz -C "$EXTRACT_ONLY" || fail "unpacking into $EXTRACT_ONLY failed."
  echo "Unpacked into $EXTRACT_ONLY/interview-voice."
  exit 0
fi

# Unpack beside the target and swap it in, so an interrupted install leaves the old app working.
STAGE="$(mktemp -d "$DEST_PARENT/.interview-voice-install.XXXXXX")" || fail "no temporary folder in $DEST_PARENT."
trap 'rm -rf "$STAGE"' EXIT INT TERM
echo "Unpacking Interview Voice ($((UNPACKED_KB / 1024)) MB)…"
payload | tar -xz -C "$STAGE" || fail "unpacking failed (is the disk full?)."
INTERVIEW_VOICE_INSTALL_DIR="$TARGET" sh "$STAGE/interview-voice/install.sh" --move || fail "the install step failed."
if [ -n "$START" ]; then
  echo "Starting Interview Voice…"
  nohup "$TARGET/interview-voice" >/dev/null 2>&1 &
fi
exit 0
# The app folder follows as a gzip-compressed tar.
