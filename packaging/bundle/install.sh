#!/bin/sh
# Install Interview Voice for this user (no root): the app into ~/.local/opt/interview-voice,
# and its entry and icon into your applications menu. Run it from the unpacked folder.
set -e
HERE="$(cd "$(dirname "$0")" && pwd)"
TARGET="${INTERVIEW_VOICE_INSTALL_DIR:-$HOME/.local/opt/interview-voice}"
if [ "$HERE" != "$TARGET" ]; then
  mkdir -p "$(dirname "$TARGET")"
  rm -rf "$TARGET.new"
  cp -a "$HERE" "$TARGET.new"
  rm -rf "$TARGET"
  mv "$TARGET.new" "$TARGET"
fi
"$TARGET/interview-voice" desktop install --exec "$TARGET/interview-voice"
echo "Installed in $TARGET. Start Interview Voice from your applications menu."
