#!/usr/bin/env bash
# The one-file installer: packaging/bundle/installer-head.sh with its numbers filled in, then the
# app's tar.gz. Usage: make_installer.sh APP.tar.gz APP_FOLDER OUT.run
set -euo pipefail
TARBALL="$1"; APP="$2"; OUT="$3"
HEAD="$(dirname "$0")/bundle/installer-head.sh"
LINES="$(wc -l < "$HEAD")"
SHA="$(sha256sum "$TARBALL" | cut -d' ' -f1)"
BYTES="$(wc -c < "$TARBALL")"
KB="$(du -sk "$APP" | cut -f1)"
sed -e "s/@PAYLOAD_SHA256@/$SHA/" -e "s/@PAYLOAD_BYTES@/$BYTES/" -e "s/@UNPACKED_KB@/$KB/" \
    -e "s/@HEAD_LINES@/$LINES/" "$HEAD" > "$OUT.tmp"
[ "$(wc -l < "$OUT.tmp")" = "$LINES" ] || { echo "installer head changed length" >&2; exit 1; }
cat "$TARBALL" >> "$OUT.tmp"
chmod 755 "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
