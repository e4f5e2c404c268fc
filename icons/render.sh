#!/usr/bin/env bash
# Re-renders the bundle icons from icon.svg. One-off tool, not part of the build.
# Needs: rsvg-convert (Debian librsvg2-bin) and Python 3 with Pillow (pip install Pillow).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$s" -h "$s" icon.svg -o "$tmp/$s.png"
done
cp "$tmp/32.png" 32x32.png
cp "$tmp/128.png" 128x128.png
cp "$tmp/256.png" 256x256.png
cp "$tmp/512.png" icon.png
python3 - "$tmp" <<'PY'
import sys
from PIL import Image
d = sys.argv[1]
img = {s: Image.open(f"{d}/{s}.png").convert("RGBA") for s in (16, 24, 32, 48, 64, 128, 256, 512, 1024)}
# Windows: every size rendered from the SVG (not downscaled from one bitmap).
ico = [16, 24, 32, 48, 64, 128, 256]
img[256].save("icon.ico", sizes=[(s, s) for s in ico], append_images=[img[s] for s in ico if s != 256])
# macOS: Pillow picks the matching sizes from append_images.
img[1024].save("icon.icns", append_images=[img[s] for s in (16, 32, 64, 128, 256, 512)])
PY
