#!/bin/sh
# Remakes the README's screenshots (docs/screenshot-*.png) and the animated
# GIF (docs/login-refresh.gif) from the real window under Xvfb, driven by
# xdotool with Chromium signing in on the demo provider. Needs the tools of
# `scripts/ensure-deps.sh test` (Xvfb, xdotool, xclip, ImageMagick, Chromium).
set -eu
cd "$(dirname "$0")/.."
LANG=en_US.UTF-8 TOKENINSPECTOR_SCREENSHOTS=1 go test ./e2e -run '^TestScreenshots$' -count=1 -v "$@"
ls -l docs/screenshot-*.png docs/login-refresh.gif
