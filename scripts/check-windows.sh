#!/usr/bin/env bash
# Smoke test of the Windows zip under Wine (make check-windows; .ci/run):
#   1. tokeninspector.exe --version and decode of internal/cli/testdata/sample.jwt print
#      exactly what the Linux build prints;
#   2. the window under Wine on a private Xvfb: if it maps, a screenshot
#      (build/windows/wine-window.png) and a check that it is not blank;
#      if Wine cannot run it, what failed is printed and saved in
#      build/windows/wine-window.txt, and the CLI checks above still decide.
#   scripts/check-windows.sh [ZIP]      (WINDOW_CHECK=0 skips step 2)
set -euo pipefail
cd "$(dirname "$0")/.."
zip=${1:-TokenInspector-windows-amd64.zip}
go=${GO:-go}
for tool in wine x86_64-w64-mingw32-gcc unzip; do
  command -v "$tool" >/dev/null || { echo "check-windows: $tool missing: run scripts/ensure-deps.sh package" >&2; exit 1; }
done
out=build/windows
mkdir -p "$out"
tmp=$(mktemp -d)
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  WINEPREFIX="$tmp/prefix" wineserver -k 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
unzip -q "$zip" -d "$tmp/app"

# A private Wine prefix; no Mono/Gecko install prompts; quiet.
export WINEPREFIX="$tmp/prefix" WINEDLLOVERRIDES="mscoree,mshtml=" WINEDEBUG=-all WINEARCH=win64
t0=$(date +%s)
DISPLAY= wineboot -i >/dev/null 2>&1 || true
wineserver -w
# Go >= 1.24 programs need bcryptprimitives.dll (ProcessPrng), which Wine 8.0
# (Debian 12) lacks: install a stand-in into this prefix (scripts/wine/).
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  scripts/wine/bcryptprimitives.c scripts/wine/bcryptprimitives.def -lbcrypt
echo "check-windows: Wine prefix ready in $(($(date +%s) - t0)) s ($(wine --version))"

CGO_ENABLED=0 "$go" build -o "$tmp/tokeninspector" . # the Linux build, to compare with
token=$(cat internal/cli/testdata/sample.jwt)
fail=0
compare() { # name, then the arguments for both programs
  local name=$1; shift
  LANG=C.UTF-8 "$tmp/tokeninspector" "$@" >"$tmp/linux.out" 2>"$tmp/linux.err"
  DISPLAY= wine "$tmp/app/tokeninspector.exe" "$@" >"$tmp/wine.out" 2>"$tmp/wine.err" || {
    echo "check-windows: tokeninspector.exe $name failed under Wine:" >&2; cat "$tmp/wine.err" >&2; fail=1; return; }
  if cmp -s "$tmp/linux.out" "$tmp/wine.out" && [ ! -s "$tmp/wine.err" ]; then
    echo "check-windows: tokeninspector.exe $name: same output as Linux ($(wc -c <"$tmp/wine.out") bytes), stderr empty"
  else
    echo "check-windows: tokeninspector.exe $name differs from Linux:" >&2
    diff "$tmp/linux.out" "$tmp/wine.out" >&2 || true
    cat "$tmp/wine.err" >&2
    fail=1
  fi
}
compare --version --version
compare decode decode "$token"
[ $fail -eq 0 ] || exit 1

[ "${WINDOW_CHECK:-1}" = 0 ] && exit 0
# The CLI ran without a display; Wine's desktop process started then would
# serve the window without a driver ("nodrv"): let that wineserver end first.
wineserver -w
# The window: Fyne on GLFW on WGL, which Wine maps to the host's GLX (Mesa
# software rendering under Xvfb).
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "check-windows: $tool missing: run scripts/ensure-deps.sh test" >&2; exit 1; }
done
exec 3>"$tmp/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$tmp/display" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$tmp/display")"
report="$out/wine-window.txt"
t0=$(date +%s)
WINEDEBUG=err+all wine "$tmp/app/tokeninspector.exe" --profile demo --config 'C:\tokeninspector-check.json' >"$tmp/window.log" 2>&1 &
win_pid=$!
if timeout 90 xdotool search --sync --onlyvisible --name "Token Inspector" >/dev/null 2>&1; then
  sleep 3 # let it draw
  import -window root "$out/wine-window.png"
  colours=$(convert "$out/wine-window.png" -format '%k' info:)
  echo "check-windows: the window mapped under Wine after $(($(date +%s) - t0)) s; screenshot $out/wine-window.png ($colours colours)"
  printf 'The window mapped under Wine %s on Xvfb after %s s; screenshot wine-window.png, %s colours.\n' \
    "$(wine --version)" "$(($(date +%s) - t0))" "$colours" >"$report"
  [ "$colours" -gt 16 ] || { echo "check-windows: the screenshot is blank" >&2; exit 1; }
else
  {
    echo "The window did not map under Wine $(wine --version) on Xvfb within 90 s."
    if kill -0 $win_pid 2>/dev/null; then echo "The process was still running."; else echo "The process exited."; fi
    echo "Its output (Wine errors included):"
    tail -40 "$tmp/window.log"
  } | tee "$report" >&2
  echo "check-windows: the CLI checks passed; the window check is recorded in $report" >&2
fi
kill $win_pid 2>/dev/null || true
