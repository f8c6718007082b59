#!/usr/bin/env bash
# Checks the install manifests in DIR against the SHA256SUMS beside them
# (make test: packaging/release/, the last recorded release; the release check: dist/):
#   - the Homebrew formula parses (ruby -c) and the Scoop manifest is JSON with
#     version, architecture.{64bit,arm64}.{url,hash} and bin;
#   - both say FyneApp.toml's version;
#   - every url is RELEASE/vVERSION/NAME with NAME in SHA256SUMS, and its sha256/hash
#     is the one SHA256SUMS gives (4 in the formula, 2 in the Scoop manifest);
#   - scripts/gen-manifests.sh, run again on that SHA256SUMS, writes the same
#     two files (they are generated, not edited by hand).
#   scripts/check-manifests.sh DIR
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: scripts/check-manifests.sh DIR}
for tool in ruby jq; do
  command -v "$tool" >/dev/null || { echo "check-manifests: $tool missing: run scripts/ensure-deps.sh test" >&2; exit 1; }
done
rb="$dir/tokeninspector.rb" scoop="$dir/tokeninspector.json" sums="$dir/SHA256SUMS"
for f in "$rb" "$scoop" "$sums"; do
  [ -f "$f" ] || { echo "check-manifests: $f missing (make release, then make release-manifests)" >&2; exit 1; }
done
field() { sed -n "s/^ *$1 *= *\"\\(.*\\)\"/\\1/p" FyneApp.toml | head -1; }
version=$(field Version)
base="${RELEASE_URL:-$(field Website)/releases/download}/v$version/"
fail=0
bad() { echo "check-manifests: $*" >&2; fail=1; }

ruby -c "$rb" >/dev/null || bad "$rb: not valid Ruby"
jq -e '(.version|type=="string") and (.architecture["64bit"].url|type=="string") and (.architecture.arm64.url|type=="string")
       and (.architecture["64bit"].hash|type=="string") and (.architecture.arm64.hash|type=="string")
       and (.architecture["64bit"].bin|index("tokeninspector.exe")) != null' "$scoop" >/dev/null \
  || bad "$scoop: not a Scoop manifest with version and 64bit/arm64 url, hash, bin"

rbversion=$(sed -n 's/^  version "\(.*\)"$/\1/p' "$rb")
[ "$rbversion" = "$version" ] || bad "$rb says version '$rbversion', FyneApp.toml $version (make release, then make release-manifests)"
scoopversion=$(jq -r .version "$scoop")
[ "$scoopversion" = "$version" ] || bad "$scoop says version '$scoopversion', FyneApp.toml $version (make release, then make release-manifests)"

# url/checksum pairs: the formula's url lines each followed by a sha256 line; Scoop's per architecture.
pairs=$( { awk '/^ *url "/ { gsub(/.*url "|"$/, ""); u = $0 } /^ *sha256 "/ { gsub(/.*sha256 "|"$/, ""); print u, $0 }' "$rb"
           jq -r '.architecture[] | "\(.url) \(.hash)"' "$scoop"; } )
n=0
while read -r url hash; do
  n=$((n + 1))
  [[ $url == "$base"* ]] || { bad "url $url is not under $base"; continue; }
  name=${url#"$base"}
  want=$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1 }' "$sums")
  if [ -z "$want" ]; then bad "$name (from a manifest) is not in $sums"
  elif [ "$want" != "$hash" ]; then bad "$name: the manifest says $hash, $sums says $want"
  fi
done <<<"$pairs"
[ "$n" -eq 6 ] || bad "found $n url/checksum pairs in the manifests, want 6 (4 Homebrew, 2 Scoop)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/gen-manifests.sh "$sums" "$tmp" "$version" 2>/dev/null || bad "scripts/gen-manifests.sh failed on $sums"
for f in tokeninspector.rb tokeninspector.json; do
  cmp -s "$tmp/$f" "$dir/$f" || { bad "$dir/$f is not what scripts/gen-manifests.sh writes:"; diff "$tmp/$f" "$dir/$f" >&2 || true; }
done
[ $fail -eq 0 ] || exit 1
echo "check-manifests: $dir: formula and Scoop manifest parse, version $version, $n urls and checksums match SHA256SUMS"
