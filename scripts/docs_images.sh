#!/usr/bin/env bash
# Regenerate every picture in docs/ that the README links: the window at three screen sizes (light and dark),
# the group view, four slides, the recovery offer and the sample brief with its pages. Needs xvfb-run and
# pdftoppm (Debian: xvfb, poppler-utils) and the project's .venv. Usage: bash scripts/docs_images.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
shot() { xvfb-run -a -s "-screen 0 $1x24" "$PY" "${@:2}"; }
shot 1024x768 scripts/window_screenshots.py docs/window-1024x768.png
shot 1280x720 scripts/window_screenshots.py docs/window-1280x720.png
shot 1920x1080 scripts/window_screenshots.py docs/window-1920x1080.png
shot 1920x1080 scripts/screenshot.py docs/screenshot-light.png light
shot 1920x1080 scripts/screenshot.py docs/screenshot-dark.png dark
shot 1024x768 scripts/group_screenshot.py docs/group-view-1024x768.png
shot 1024x768 scripts/slide_screenshots.py docs
shot 1280x800 scripts/recovery_screenshot.py docs/recovery-offer.png
.venv/bin/decision-app brief models/ending-the-war.json -o docs/sample-brief.pdf --date 2026-12-05
rm -f docs/brief-page-*.png
pdftoppm -png -r 80 docs/sample-brief.pdf docs/brief-page
for f in docs/brief-page-0*.png; do [ -e "$f" ] && mv "$f" "docs/brief-page-${f##*-0}"; done
ls docs
