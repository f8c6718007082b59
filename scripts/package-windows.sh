#!/usr/bin/env bash
# make package-windows: TokenInspector-windows-amd64.zip, cross-compiled on
# Linux with Debian's gcc-mingw-w64-x86-64:
#   tokeninspector-window.exe  the window; `fyne package -os windows` embeds the
#                              icon and the version resource from FyneApp.toml
#                              (the top-level one, copied beside it for the run)
#   tokeninspector.exe         the command line (pure Go, no cgo)
#   scripts/package-windows.sh [OUT.zip]      (FYNE, GO: the tools to use)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-TokenInspector-windows-amd64.zip}
fyne=${FYNE:-fyne}
go=${GO:-go}
win=cmd/tokeninspector-window
cc=x86_64-w64-mingw32-gcc
command -v "$cc" >/dev/null || { echo "package-windows: $cc missing: run scripts/ensure-deps.sh package" >&2; exit 1; }
command -v zip >/dev/null || { echo "package-windows: zip missing: run scripts/ensure-deps.sh package" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -f "$win/FyneApp.toml"; rm -rf "$tmp"' EXIT
name=$(sed -n 's/^ *Name *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
rm -f "$win/$name.exe" "$win/tokeninspector-window.exe"
# fyne package reads FyneApp.toml in the directory it packages (and bumps
# Build in it): give it a copy of the top-level one, the icon by full path.
cp FyneApp.toml "$win/FyneApp.toml"
t0=$(date +%s)
CC=$cc CGO_ENABLED=1 GOOS=windows GOARCH=amd64 "$fyne" package -os windows -release -tags "$(cat "$win/build-tags")" -src "$win" -icon "$PWD/assets/icon.png"
echo "package-windows: fyne package -os windows took $(($(date +%s) - t0)) s" >&2
rm "$win/FyneApp.toml"

mkdir "$tmp/zip"
# fyne names the .exe after the app's Name; the command line looks for tokeninspector-window.exe.
mv "$win/$name.exe" "$tmp/zip/tokeninspector-window.exe"
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 "$go" build -trimpath -ldflags "-s -w" -o "$tmp/zip/tokeninspector.exe" .
cp README.md "$tmp/zip/README.md"
rm -f "$out"
(cd "$tmp/zip" && zip -q -9 -X "$tmp/out.zip" tokeninspector.exe tokeninspector-window.exe README.md)
mv "$tmp/out.zip" "$out"

# Check: both programs, and the window's version resource says the FyneApp.toml version.
list=$(unzip -Z1 "$out")
for want in tokeninspector.exe tokeninspector-window.exe; do
  grep -qx "$want" <<<"$list" || { echo "package-windows: $out lacks $want" >&2; exit 1; }
done
# The version resource holds UTF-16LE strings: ProductVersion = VERSION.BUILD.
utf16() { printf '%s' "$1" | sed 's/[.]/\\./g; s/\(\\\.\|.\)/\1\\x00/g'; }
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
build=$(sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml | head -1)
unzip -p "$out" tokeninspector-window.exe >"$tmp/w.exe"
LC_ALL=C grep -aqP "$(utf16 ProductVersion)\x00+$(utf16 "$version.$build")" "$tmp/w.exe" \
  || { echo "package-windows: tokeninspector-window.exe has no version resource $version.$build" >&2; exit 1; }
ls -l "$out"
