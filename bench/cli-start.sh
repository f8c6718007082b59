#!/usr/bin/env bash
# The command line's start-up against a minimal Go program doing the same
# work (bench/baseline-decode), in the same run, in the C.UTF-8 locale (where
# a binary that links Fyne prints locale errors on stderr). Target: ≤ 1.5×.
#   bench/cli-start.sh [--smoke] [-runs N] [-old BINARY]    (see bench/cmd/clistart)
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
for a in "$@"; do
  case "$a" in
    --smoke) args+=(-runs 3 -warmup 1) ;;
    *) args+=("$a") ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go=${GO:-go}
CGO_ENABLED=0 "$go" build -o "$tmp/tokeninspector" . # as make build does
"$go" build -o "$tmp/baseline-decode" ./bench/baseline-decode
"$go" build -o "$tmp/clistart" ./bench/cmd/clistart
mkdir -p build/bench
LANG=C.UTF-8 "$tmp/clistart" -cli "$tmp/tokeninspector" -baseline "$tmp/baseline-decode" -token testdata/sample.jwt "${args[@]}" | tee build/bench/cli.md
