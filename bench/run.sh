#!/usr/bin/env bash
# Token Inspector performance budget: builds the app and its yardsticks (a
# bare Fyne window, bench/baseline; a minimal CLI, bench/mincli) and measures
# them in the same run, under private Xvfb servers (displays :150 and up),
# against the demo provider run standalone. Prints one table with every
# target of issue 14 and its met/missed; see bench/RESULTS.md.
#
#   bench/run.sh           the full run (about 8 minutes on 2 cores)
#   bench/run.sh --smoke   one short iteration of everything (make test)
#   bench/run.sh -soak 1h  the RSS soak alone (make soak-rss)
#   bench/run.sh -h        all options (-starts, -idle, -only, -tags, -pprof, -o, -v …)
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
for a in "$@"; do
  case "$a" in
    --smoke) args+=(-smoke -o build/bench/smoke.md) ;;
    *) args+=("$a") ;;
  esac
done

for tool in Xvfb xdotool; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing: run scripts/ensure-deps.sh test" >&2; exit 1; }
done
# curl is the refresh baseline and the fake browser: install it like
# scripts/ensure-deps.sh installs the rest, only when missing.
if ! command -v curl >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "bench: installing curl" >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends curl >/dev/null
fi

exec "${GO:-go}" run ./bench/cmd/benchrun "${args[@]}"
