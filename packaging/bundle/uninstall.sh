#!/bin/sh
# Remove Interview Voice's menu entry, icon and app folder. Your sessions, settings and
# models stay in ~/.local/share/interview-voice and ~/.config/interview-voice.
set -e
TARGET="${INTERVIEW_VOICE_INSTALL_DIR:-$HOME/.local/opt/interview-voice}"
HERE="$(cd "$(dirname "$0")" && pwd)"
"$HERE/interview-voice" desktop uninstall
if [ -d "$TARGET" ] && [ -x "$TARGET/interview-voice" ]; then
  rm -rf "$TARGET"
  echo "Removed $TARGET."
fi
echo "Your sessions, settings and models are kept in ~/.local/share/interview-voice and ~/.config/interview-voice."
