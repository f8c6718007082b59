#!/usr/bin/env bash
# make deb: the Debian/Ubuntu package, built with nfpm from packaging/nfpm.yaml.
# nfpm is a Go tool pinned in its own module file, packaging/tools.mod
# (go tool -modfile=packaging/tools.mod nfpm), so its many dependencies never
# move the app's own (go.mod). It takes both programs and
# the .desktop entry from the Linux tarball (make package), so the .deb holds
# the very binaries the tarball does, and adds:
#   hicolor icons 48/128/256/512, rendered from assets/icon.svg (rsvg-convert)
#   /usr/share/metainfo/<app id>.metainfo.xml from packaging/metainfo.xml.in
#   Depends: read from the binaries by dpkg-shlibdeps (the libraries they link)
# Version, app id, name and summary come from FyneApp.toml.
#   scripts/package-deb.sh TARBALL [OUT_DIR]      (GO; SCREENSHOT_URL)
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=${1:-TokenInspector.tar.xz}
outdir=${2:-.}
go=${GO:-go}
toml=FyneApp.toml
for tool in rsvg-convert dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "package-deb: $tool missing: run scripts/ensure-deps.sh package" >&2; exit 1; }
done
[ -f "$tarball" ] || { echo "package-deb: $tarball missing: run make package first" >&2; exit 1; }

field() { sed -n "s/^ *$1 *= *\"\\(.*\\)\"/\\1/p" "$toml" | head -1; }
version=$(field Version) app_id=$(field ID) name=$(field Name) summary=$(field Comment)
[ -n "$version" ] && [ -n "$app_id" ] || { echo "package-deb: no Version/ID in $toml" >&2; exit 1; }
# The release date: when the version source last changed (reproducible), else today.
date=$(git log -1 --format=%cs -- "$toml" 2>/dev/null || true)
date=${date:-$(date -u +%F)}
screenshot=${SCREENSHOT_URL:-https://github.com/tokeninspector/tokeninspector/raw/main/docs/screenshot.png}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stage="$tmp/stage"
mkdir -p "$stage/icons" "$tmp/tar"
tar -xJf "$tarball" -C "$tmp/tar"
for f in tokeninspector tokeninspector-window; do
  src=$(find "$tmp/tar" -path "*/bin/$f" -type f | head -1)
  [ -n "$src" ] || { echo "package-deb: $tarball has no bin/$f" >&2; exit 1; }
  install -m 0755 "$src" "$stage/$f"
done
desktop=$(find "$tmp/tar" -name "$app_id.desktop" | head -1)
[ -n "$desktop" ] || { echo "package-deb: $tarball has no $app_id.desktop" >&2; exit 1; }
install -m 0644 "$desktop" "$stage/$app_id.desktop"
for size in 48 128 256 512; do
  rsvg-convert -w "$size" -h "$size" assets/icon.svg -o "$stage/icons/$size.png"
done
xml_escape() { sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g'; }
sed -e "s|@ID@|$app_id|g" -e "s|@VERSION@|$version|g" -e "s|@DATE@|$date|g" \
    -e "s|@NAME@|$(xml_escape <<<"$name")|g" -e "s|@SUMMARY@|$(xml_escape <<<"$summary")|g" \
    -e "s|@SCREENSHOT_URL@|$(xml_escape <<<"$screenshot")|g" packaging/metainfo.xml.in >"$stage/$app_id.metainfo.xml"
install -m 0644 README.md "$stage/README.md"

# Depends: what the binaries link, as Debian names it. dpkg-shlibdeps wants
# a debian/control and the binaries where the package will install them.
mkdir -p "$tmp/shlibs/debian/tokeninspector/usr/bin"
printf 'Source: tokeninspector\n\nPackage: tokeninspector\nArchitecture: amd64\n' >"$tmp/shlibs/debian/control"
cp "$stage/tokeninspector" "$stage/tokeninspector-window" "$tmp/shlibs/debian/tokeninspector/usr/bin/"
depends=$(cd "$tmp/shlibs" && dpkg-shlibdeps -O debian/tokeninspector/usr/bin/tokeninspector-window debian/tokeninspector/usr/bin/tokeninspector 2>"$tmp/shlibs.err" \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "package-deb: dpkg-shlibdeps found no dependencies:" >&2; cat "$tmp/shlibs.err" >&2; exit 1; }
echo "package-deb: Depends: $depends"

mkdir -p "$outdir"
deb="$outdir/tokeninspector_${version}-1_amd64.deb"
rm -f "$deb"
VERSION=$version RELEASE=1 APP_ID=$app_id STAGE=$stage DEB_DEPENDS=$depends \
  "$go" tool -modfile=packaging/tools.mod nfpm package --config packaging/nfpm.yaml --packager deb --target "$deb"
ls -l "$deb"
