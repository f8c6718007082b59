#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Token Inspector needs, only when missing.
#   scripts/ensure-deps.sh build   cgo toolchain, GL and X11 headers (to build and run)
#   scripts/ensure-deps.sh test    build + Xvfb, xdotool, xclip, ImageMagick, Chromium, gnome-keyring, D-Bus
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
test=(xvfb xauth libgl1-mesa-dri x11-utils xdotool xclip imagemagick chromium gnome-keyring dbus dbus-x11 libsecret-tools)

want=("${build[@]}")
[ "${1:-build}" = test ] && want+=("${test[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "ensure-deps: missing packages ${missing[*]} and no apt-get; install them by hand" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "ensure-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
