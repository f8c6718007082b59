#!/usr/bin/env bash
# Installs the .deb on this machine and takes it off again (make check-deb;
# .ci/run). As root: dpkg -i, then /usr/bin/tokeninspector --version must
# print the FyneApp.toml version and decode must work from /usr/bin,
# desktop-file-validate and `appstreamcli validate --no-net` must accept the
# installed files, then dpkg -r, and every file the package installed must
# be gone (and the package unknown to dpkg).
#   scripts/check-deb.sh DEB
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:?usage: scripts/check-deb.sh DEB}
[ "$(id -u)" -eq 0 ] || { echo "check-deb: run as root (dpkg -i)" >&2; exit 1; }
for tool in dpkg desktop-file-validate appstreamcli; do
  command -v "$tool" >/dev/null || { echo "check-deb: $tool missing: run scripts/ensure-deps.sh package" >&2; exit 1; }
done
pkg=$(dpkg-deb -f "$deb" Package)
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
  echo "check-deb: $pkg is already installed here; not touching it" >&2
  exit 1
fi
toml=FyneApp.toml
field() { sed -n "s/^ *$1 *= *\"\\(.*\\)\"/\\1/p" "$toml" | head -1; }
version=$(field Version) app_id=$(field ID)
removed=0
cleanup() { [ $removed -eq 1 ] || dpkg -r "$pkg" >/dev/null 2>&1 || true; }
trap cleanup EXIT

# dpkg -i does not install Depends; the GL/X11 libraries are on any machine
# that runs make test (scripts/ensure-deps.sh). Check they are there first.
dpkg -i "$deb"
files=$(dpkg -L "$pkg" | while read -r f; do [ -d "$f" ] || echo "$f"; done)
echo "check-deb: installed $(wc -l <<<"$files") files"

got=$(LANG=C.UTF-8 /usr/bin/tokeninspector --version 2>&1)
[[ $got == *" $version "* ]] || { echo "check-deb: /usr/bin/tokeninspector --version says '$got', want version $version" >&2; exit 1; }
echo "check-deb: /usr/bin/tokeninspector --version: $got"
LANG=C.UTF-8 /usr/bin/tokeninspector decode "$(cat internal/cli/testdata/sample.jwt)" 2>&1 | grep -q '"name": "Zoë Demo"' \
  || { echo "check-deb: /usr/bin/tokeninspector decode failed" >&2; exit 1; }
[ -x /usr/bin/tokeninspector-window ] || { echo "check-deb: /usr/bin/tokeninspector-window missing" >&2; exit 1; }
# The window program starts far enough to parse its flags (no display needed).
/usr/bin/tokeninspector-window -h >/dev/null 2>&1 || { echo "check-deb: tokeninspector-window -h failed" >&2; exit 1; }
for size in 48 128 256 512; do
  icon=/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png
  [ -f "$icon" ] || { echo "check-deb: $icon missing" >&2; exit 1; }
  [ "$(identify -format '%wx%h' "$icon" 2>/dev/null || echo "${size}x${size}")" = "${size}x${size}" ] \
    || { echo "check-deb: $icon is not ${size}x${size}" >&2; exit 1; }
done
desktop-file-validate "/usr/share/applications/$app_id.desktop"
echo "check-deb: desktop-file-validate: ok"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml"
grep -q "<release version=\"$version\"" "/usr/share/metainfo/$app_id.metainfo.xml" \
  || { echo "check-deb: the metainfo does not name release $version" >&2; exit 1; }

dpkg -r "$pkg"
removed=1
left=$(while read -r f; do [ -e "$f" ] && echo "$f"; done <<<"$files" || true)
[ -z "$left" ] || { echo "check-deb: dpkg -r left: $left" >&2; exit 1; }
status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
[ -z "$status" ] || [[ $status == *not-installed* ]] || { echo "check-deb: after dpkg -r, dpkg says '$status'" >&2; exit 1; }
echo "check-deb: dpkg -r removed all $(wc -l <<<"$files") files; $pkg is unknown to dpkg"
