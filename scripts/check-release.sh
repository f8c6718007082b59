#!/usr/bin/env bash
# The release check (make check-release; .ci/run after make release), on dist/:
#   1. SHA256SUMS verifies and lists every artifact (all but the manifests);
#   2. every archive unpacks; `file` says each binary is built for its platform
#      (ELF x86-64 / aarch64, Mach-O x86_64 / arm64, PE32+ x86-64 / Aarch64); the
#      command-line archives hold README.md and THIRD_PARTY_LICENSES.txt (and LICENSE
#      when the repository has one), entries owned by 0:0 with one mtime; no binary
#      holds a build path (this checkout, GOPATH, the module cache, $HOME);
#   3. tokeninspector --version and decode of internal/cli/testdata/sample.jwt: the
#      linux/arm64 build under qemu-user (qemu-aarch64[-static]; skipped, said so, when
#      absent) prints what the linux/amd64 build prints; the others hold the version;
#   4. each SBOM is CycloneDX JSON (bomFormat, specVersion, components, the
#      main component at vVERSION);
#   5. the manifests' urls and checksums against SHA256SUMS (scripts/check-manifests.sh);
#   6. reproducibility: the command-line archives and SBOMs built again from a copy of
#      the source at another path (scripts/release-cli.sh) have the same checksums;
#   7. `go install github.com/tokeninspector/tokeninspector@vVERSION` through a local
#      module proxy holding this source (dependencies from the module cache) works
#      with CGO_ENABLED=0, and the program prints the version.
#   scripts/check-release.sh [DIST]      (GO; REBUILD=0 skips 6, GOINSTALL=0 skips 7)
set -euo pipefail
cd "$(dirname "$0")/.."
dist=${1:-dist}
go=${GO:-go}
for tool in file jq unzip dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "check-release: $tool missing: run scripts/ensure-deps.sh package" >&2; exit 1; }
done
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml | head -1)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
bad() { echo "check-release: FAIL: $*" >&2; fail=1; }
ok() { echo "check-release: $*"; }

# 1. SHA256SUMS
(cd "$dist" && sha256sum -c --quiet SHA256SUMS) || bad "SHA256SUMS does not verify"
for f in "$dist"/*; do
  n=$(basename "$f")
  case $n in SHA256SUMS | tokeninspector.rb | tokeninspector.json) continue ;; esac
  grep -q "  $n\$" "$dist/SHA256SUMS" || bad "$n is not in SHA256SUMS"
done
ok "SHA256SUMS: $(wc -l <"$dist/SHA256SUMS") artifacts, all verify"

# 2. unpack, file, contents, build paths
declare -A want=(
  [linux_amd64]='ELF 64-bit LSB .*x86-64' [linux_arm64]='ELF 64-bit LSB .*ARM aarch64'
  [darwin_amd64]='Mach-O 64-bit x86_64 executable' [darwin_arm64]='Mach-O 64-bit arm64 executable'
  [windows_arm64]='PE32\+ executable .*Aarch64' [windows_amd64]='PE32\+ executable .*x86-64'
)
paths=("$PWD" "$("$go" env GOPATH)" "$("$go" env GOMODCACHE)" "$HOME/")
nopaths() { # binary: no build path inside
  local p
  for p in "${paths[@]}"; do
    if LC_ALL=C grep -aqF "$p" "$1"; then bad "$1 holds the build path $p"; fi
  done
}
checkfile() { # binary platform
  local got
  got=$(file -b "$1")
  if [[ $got =~ ${want[$2]} ]]; then ok "$(basename "$1") ($2): $got"
  else bad "$1: file says '$got', want ${want[$2]}"; fi
  nopaths "$1"
}
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct -- . ':(exclude)packaging/release')}
for plat in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_arm64; do
  name="tokeninspector_${version}_$plat"
  d="$tmp/$plat"
  mkdir -p "$d"
  exe=tokeninspector
  if [ "$plat" = windows_arm64 ]; then
    exe=tokeninspector.exe
    unzip -q "$dist/$name.zip" -d "$d" || { bad "$name.zip does not unpack"; continue; }
    list=$(unzip -Z1 "$dist/$name.zip")
  else
    tar -xzf "$dist/$name.tar.gz" -C "$d" || { bad "$name.tar.gz does not unpack"; continue; }
    list=$(tar -tzf "$dist/$name.tar.gz")
    meta=$(tar --numeric-owner -tvzf "$dist/$name.tar.gz" | awk '{ print $2 }' | sort -u)
    [ "$meta" = 0/0 ] || bad "$name.tar.gz: owners $meta, want 0/0"
    # every entry's mtime is SOURCE_DATE_EPOCH
    stamps=$(TZ=UTC tar --full-time -tvzf "$dist/$name.tar.gz" | awk '{ print $4 "T" $5 }' | sort -u)
    [ "$stamps" = "$(TZ=UTC date -d "@$epoch" +%FT%T)" ] || bad "$name.tar.gz: mtimes $stamps, want @$epoch"
  fi
  expect=$(printf '%s\n' "$exe" README.md THIRD_PARTY_LICENSES.txt $([ -f LICENSE ] && echo LICENSE) | LC_ALL=C sort)
  [ "$list" = "$expect" ] || bad "$name: entries $(echo $list), want $(echo $expect)"
  grep -q "==== golang.org/x/" "$d/THIRD_PARTY_LICENSES.txt" || bad "$name: THIRD_PARTY_LICENSES.txt lists no modules"
  checkfile "$d/$exe" "$plat"
  LC_ALL=C grep -aqF "$version" "$d/$exe" || bad "$name: the binary does not hold the version $version"
done
mkdir -p "$tmp/linux" "$tmp/win" "$tmp/deb"
tar -xJf "$dist/TokenInspector-linux-amd64.tar.xz" -C "$tmp/linux" || bad "TokenInspector-linux-amd64.tar.xz does not unpack"
for b in tokeninspector tokeninspector-window; do
  f=$(find "$tmp/linux" -path "*/bin/$b" -type f | head -1)
  [ -n "$f" ] && checkfile "$f" linux_amd64 || bad "TokenInspector-linux-amd64.tar.xz has no bin/$b"
done
if unzip -q "$dist/TokenInspector-windows-amd64.zip" -d "$tmp/win"; then
  for b in tokeninspector.exe tokeninspector-window.exe; do checkfile "$tmp/win/$b" windows_amd64; done
else bad "TokenInspector-windows-amd64.zip does not unpack"; fi
if dpkg-deb -x "$dist/tokeninspector_${version}-1_amd64.deb" "$tmp/deb"; then
  for b in tokeninspector tokeninspector-window; do checkfile "$tmp/deb/usr/bin/$b" linux_amd64; done
else bad "tokeninspector_${version}-1_amd64.deb does not unpack"; fi

# 3. run: linux/amd64 here, linux/arm64 under qemu-user
token=$(cat internal/cli/testdata/sample.jwt)
native="$tmp/linux_amd64/tokeninspector"
got=$(LANG=C.UTF-8 "$native" --version)
[[ $got == *" $version "* ]] && ok "linux_amd64 --version: $got" || bad "linux_amd64 --version says '$got', want $version"
qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
if [ -n "$qemu" ]; then
  for args in --version decode; do
    a=("$args"); [ "$args" = decode ] && a=(decode "$token")
    LANG=C.UTF-8 "$native" "${a[@]}" >"$tmp/amd64.out" 2>&1
    if LANG=C.UTF-8 "$qemu" "$tmp/linux_arm64/tokeninspector" "${a[@]}" >"$tmp/arm64.out" 2>&1 \
        && cmp -s "$tmp/amd64.out" "$tmp/arm64.out"; then
      ok "linux_arm64 $args under $(basename "$qemu"): same output as linux_amd64 ($(wc -c <"$tmp/arm64.out") bytes)"
    else
      bad "linux_arm64 $args under $qemu differs from linux_amd64:"; diff "$tmp/amd64.out" "$tmp/arm64.out" >&2 || true
    fi
  done
  grep -q '"name": "Zoë Demo"' "$tmp/arm64.out" || bad "linux_arm64 decode does not show the sample token's name"
else
  echo "check-release: SKIPPED: no qemu-aarch64(-static) here (scripts/ensure-deps.sh package installs qemu-user-static); linux_arm64 not run" >&2
fi

# 4. SBOMs
nsbom=0
for s in "$dist"/*.cdx.json; do
  nsbom=$((nsbom + 1))
  jq -e --arg v "v$version" '.bomFormat == "CycloneDX" and (.specVersion | test("^1\\.[0-9]+$"))
      and (.components | type == "array" and length > 0) and .metadata.component.version == $v
      and all(.components[]; (.name | type == "string") and (.version | type == "string") and (.purl | startswith("pkg:golang/")))' \
    "$s" >/dev/null || bad "$(basename "$s") is not a CycloneDX SBOM of v$version with components"
done
[ $nsbom -eq 8 ] && ok "SBOMs: $nsbom CycloneDX JSON files (bomFormat, specVersion, components)" || bad "$nsbom SBOMs in $dist, want 8"

# 5. manifests
scripts/check-manifests.sh "$dist" || fail=1

# 6. reproducibility: build the command line again from a copy at another path
if [ "${REBUILD:-1}" = 1 ]; then
  mkdir "$tmp/src"
  git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$tmp/src"
  (cd "$tmp/src" && git init -q && git add -A) # release-cli.sh lists the source with git
  t0=$(date +%s)
  SOURCE_DATE_EPOCH=$epoch GO="$go" "$tmp/src/scripts/release-cli.sh" "$tmp/again" 2>"$tmp/again.err" \
    || { cat "$tmp/again.err" >&2; bad "the second build failed"; }
  same=0
  for f in "$tmp/again"/*; do
    n=$(basename "$f")
    if cmp -s "$f" "$dist/$n"; then same=$((same + 1)); else bad "$n differs between two builds"; fi
  done
  ok "reproducible: $same of $(ls "$tmp/again" | wc -l) command-line archives and SBOMs identical when built again at another path ($(($(date +%s) - t0)) s)"
fi

# 7. go install MODULE@vVERSION through a local proxy
if [ "${GOINSTALL:-1}" = 1 ]; then
  mod=$(sed -n 's/^module //p' go.mod)
  at="$mod@v$version"
  proxy="$tmp/proxy/$mod/@v"
  mkdir -p "$proxy" "$tmp/modzip/$at"
  # the module zip: the files of the module (no nested modules, none ignored by git)
  git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$tmp/modzip/$at"
  (cd "$tmp/modzip" && zip -q -r -X "$proxy/v$version.zip" "$at")
  cp go.mod "$proxy/v$version.mod"
  printf '{"Version":"v%s","Time":"%s"}\n' "$version" "$(date -u -d "@$epoch" +%FT%TZ)" >"$proxy/v$version.info"
  echo "v$version" >"$proxy/list"
  t0=$(date +%s)
  if env -u GOFLAGS GOMODCACHE="$tmp/modcache" GOFLAGS=-modcacherw GOBIN="$tmp/gobin" CGO_ENABLED=0 \
      GOPROXY="file://$tmp/proxy,file://$("$go" env GOMODCACHE)/cache/download" GONOSUMDB="$mod" GOSUMDB=off \
      "$go" install "$at" 2>"$tmp/goinstall.err"; then
    got=$(LANG=C.UTF-8 "$tmp/gobin/tokeninspector" --version)
    [[ $got == *" $version "* ]] && ok "go install $at (CGO_ENABLED=0): $got ($(($(date +%s) - t0)) s)" \
      || bad "go install $at: --version says '$got'"
  else
    cat "$tmp/goinstall.err" >&2
    bad "go install $at failed"
  fi
fi

[ $fail -eq 0 ] || { echo "check-release: FAILED" >&2; exit 1; }
ok "all checks passed"
