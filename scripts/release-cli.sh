#!/usr/bin/env bash
# make release, after the window's packages: the command line (pure Go, no cgo)
# for every platform it runs on, as reproducible archives, and a CycloneDX SBOM
# for each binary the release ships. Into OUTDIR:
#   tokeninspector_VERSION_{linux,darwin}_{amd64,arm64}.tar.gz, tokeninspector_VERSION_windows_arm64.zip
#       tokeninspector[.exe], README.md, LICENSE (when the repository has one) and
#       THIRD_PARTY_LICENSES.txt (the licence files of Go and of every module linked in)
#   tokeninspector_VERSION_OS_ARCH.cdx.json           the command line's SBOM, for the five above
#                                                     and windows/amd64 (in TokenInspector-windows-amd64.zip)
#   tokeninspector-window_VERSION_{linux,windows}_amd64.cdx.json   the window's (cgo builds)
# Reproducible: -trimpath, -buildvcs=false, no build id, fixed GOAMD64/GOARM64;
# archive entries sorted, owned by 0:0, modes fixed, every mtime SOURCE_DATE_EPOCH
# (default: the commit time of the last change outside packaging/release/, which
# only records a release's manifests), gzip -n, zip -X in UTC. The SBOMs come from
# cyclonedx-gomod (a tool in packaging/tools.mod) run on a throw-away git copy of
# the source tagged vVERSION, without serial number or timestamp.
#   scripts/release-cli.sh OUTDIR        (GO; SOURCE_DATE_EPOCH; SBOM=0 skips the SBOMs)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/release-cli.sh OUTDIR}
go=${GO:-go}
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
[ -n "$version" ] || { echo "release-cli: no Version in FyneApp.toml" >&2; exit 1; }
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct -- . ':(exclude)packaging/release' 2>/dev/null || true)
  [ -n "$SOURCE_DATE_EPOCH" ] || { echo "release-cli: no git history: set SOURCE_DATE_EPOCH" >&2; exit 1; }
fi
export SOURCE_DATE_EPOCH
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The host's settings must not leak into the binaries.
unset GOFLAGS GOAMD64 GOARM64 GOEXPERIMENT
export GOAMD64=v1 GOARM64=v8.0 LC_ALL=C TZ=UTC

platforms=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/arm64)

# THIRD_PARTY_LICENSES.txt for one platform: Go's licence (the runtime and
# standard library are linked in), then each module's licence files.
third_party() { # goos goarch file
  {
    echo "Token Inspector $version for $1/$2 links the Go standard library and these modules;"
    echo "their licence files follow."
    echo
    echo "==== Go standard library ($("$go" env GOVERSION))"
    cat "$("$go" env GOROOT)/LICENSE"
    GOOS=$1 GOARCH=$2 CGO_ENABLED=0 "$go" list -deps \
      -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}' . | sort -u |
    while read -r path ver dir; do
      echo
      echo "==== $path $ver"
      found=0
      for f in $(cd "$dir" && ls | grep -E '^(LICEN[CS]E|COPYING|NOTICE|PATENTS)' | sort); do
        [ -f "$dir/$f" ] || continue
        [ $found -eq 0 ] || echo "---- $f"
        cat "$dir/$f"
        found=1
      done
      [ $found -eq 1 ] || echo "(no licence file in the module)"
    done
  } >"$3"
}

t0=$(date +%s)
for p in "${platforms[@]}"; do
  goos=${p%/*} goarch=${p#*/}
  exe=tokeninspector
  [ "$goos" = windows ] && exe=tokeninspector.exe
  stage="$tmp/$goos-$goarch"
  mkdir -p "$stage"
  GOOS=$goos GOARCH=$goarch CGO_ENABLED=0 "$go" build -trimpath -buildvcs=false \
    -ldflags "-s -w -buildid=" -o "$stage/$exe" .
  install -m 0644 README.md "$stage/README.md"
  files=("$exe" README.md THIRD_PARTY_LICENSES.txt)
  if [ -f LICENSE ]; then
    install -m 0644 LICENSE "$stage/LICENSE"
    files+=(LICENSE)
  fi
  third_party "$goos" "$goarch" "$stage/THIRD_PARTY_LICENSES.txt"
  chmod 0755 "$stage/$exe"
  chmod 0644 "$stage/THIRD_PARTY_LICENSES.txt"
  mapfile -t files < <(printf '%s\n' "${files[@]}" | sort)
  touch -h -d "@$SOURCE_DATE_EPOCH" "$stage"/*
  name="tokeninspector_${version}_${goos}_${goarch}"
  if [ "$goos" = windows ]; then
    rm -f "$out/$name.zip"
    (cd "$stage" && zip -q -X -D -9 "$out/$name.zip" "${files[@]}")
  else
    tar --format=ustar --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
      -C "$stage" -cf - "${files[@]}" | gzip -n -9 >"$out/$name.tar.gz"
  fi
done
echo "release-cli: ${#platforms[@]} command-line archives in $(($(date +%s) - t0)) s (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)" >&2

[ "${SBOM:-1}" = 1 ] || exit 0
t0=$(date +%s)
# cyclonedx-gomod, built for this machine (GOOS/GOARCH below are for the SBOMs).
sbomtool="$PWD/build/tools/cyclonedx-gomod"
mkdir -p build/tools
env -u GOOS -u GOARCH "$go" build -modfile=packaging/tools.mod -o "$sbomtool" github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod
# It takes the main module's version from a git tag and cannot open a git
# worktree: give it a plain copy of the source, tagged vVERSION.
src="$tmp/src"
mkdir "$src"
git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$src"
(cd "$src" && git init -q && git add -A &&
  GIT_AUTHOR_DATE="@$SOURCE_DATE_EPOCH" GIT_COMMITTER_DATE="@$SOURCE_DATE_EPOCH" \
    git -c user.name=release -c user.email=release@localhost -c commit.gpgsign=false commit -qm "v$version" &&
  git tag "v$version")
sbom() { # goos goarch cgo tags main name
  (cd "$src" && GOOS=$1 GOARCH=$2 CGO_ENABLED=$3 GOFLAGS="-buildvcs=false${4:+ -tags=$4}" \
    "$sbomtool" app -json -licenses -noserial -notimestamp -main "$5" -output "$tmp/sbom.json" . 2>"$tmp/sbom.err") ||
    { cat "$tmp/sbom.err" >&2; echo "release-cli: cyclonedx-gomod failed for $6" >&2; exit 1; }
  jq --sort-keys . "$tmp/sbom.json" >"$out/$6.cdx.json"
}
for p in "${platforms[@]}" windows/amd64; do
  sbom "${p%/*}" "${p#*/}" 0 "" . "tokeninspector_${version}_${p%/*}_${p#*/}"
done
tags=$(cat cmd/tokeninspector-window/build-tags)
for goos in linux windows; do
  sbom "$goos" amd64 1 "$tags" ./cmd/tokeninspector-window "tokeninspector-window_${version}_${goos}_amd64"
done
echo "release-cli: 8 SBOMs in $(($(date +%s) - t0)) s" >&2
