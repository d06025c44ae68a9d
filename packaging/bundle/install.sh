#!/bin/sh
# Install Interview Voice for this user (no root): the app into ~/.local/opt/interview-voice,
# and its entry and icon into your applications menu. Run it from the unpacked folder.
# --move: move this folder into place instead of copying it (the one-file installer uses it).
set -e
HERE="$(cd "$(dirname "$0")" && pwd)"
TARGET="${INTERVIEW_VOICE_INSTALL_DIR:-$HOME/.local/opt/interview-voice}"
if [ "$HERE" != "$TARGET" ]; then
  mkdir -p "$(dirname "$TARGET")"
  rm -rf "$TARGET.new"
  if [ "${1:-}" = --move ]; then mv "$HERE" "$TARGET.new"; else cp -a "$HERE" "$TARGET.new"; fi
  # the old app goes only once the new one is complete beside it
  rm -rf "$TARGET"
  mv "$TARGET.new" "$TARGET"
fi
"$TARGET/interview-voice" desktop install --exec "$TARGET/interview-voice"
echo "Installed in $TARGET. Start Interview Voice from your applications menu."
