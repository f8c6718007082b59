#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Token Inspector needs, only when missing.
#   scripts/ensure-deps.sh build     cgo toolchain, GL and X11 headers (to build and run)
#   scripts/ensure-deps.sh test      build + Xvfb, xdotool, xclip, ImageMagick, Chromium, gnome-keyring, D-Bus,
#                                    git (its http-backend), and kubectl (Debian's kubernetes-client, only
#                                    when no kubectl is on PATH: another install, e.g. Google Cloud's, is kept),
#                                    jq and ruby (the install manifests' checks)
#   scripts/ensure-deps.sh package   build + the release tools: the Windows cross compiler
#                                    (gcc-mingw-w64-x86-64), zip, Wine (64-bit only: no i386
#                                    architecture needed) for the Windows smoke test, rsvg-convert,
#                                    dpkg-shlibdeps, desktop-file-validate, appstreamcli; for the
#                                    release check file, jq, qemu-user-static (runs linux/arm64)
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
test=(xvfb xauth libgl1-mesa-dri x11-utils xdotool xclip imagemagick chromium gnome-keyring dbus dbus-x11 libsecret-tools git jq ruby)
package=(gcc-mingw-w64-x86-64 zip unzip wine wine64 librsvg2-bin dpkg-dev desktop-file-utils appstream file jq qemu-user-static)

want=("${build[@]}")
case "${1:-build}" in
  build) ;;
  test)
    want+=("${test[@]}")
    command -v kubectl >/dev/null || want+=(kubernetes-client) ;;
  package) want+=("${package[@]}") ;;
  *) echo "usage: $0 build|test|package" >&2; exit 2 ;;
esac

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
# Wait for another apt/dpkg run instead of failing at once; retry downloads
# (Wine alone is a few hundred MB); on a failed install, refresh the lists and
# try again (a mirror may have moved on since the last update).
apt=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
$sudo "${apt[@]}" update -qq
for attempt in 1 2 3; do
  if $sudo "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    exit 0
  fi
  echo "ensure-deps: apt-get install failed (attempt $attempt); retrying" >&2
  sleep $((attempt * 10))
  $sudo "${apt[@]}" update -qq || true
done
echo "ensure-deps: could not install ${missing[*]}" >&2
exit 1
