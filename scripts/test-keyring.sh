#!/usr/bin/env bash
# The "Remember this session" tests against a real OS keyring, then without any D-Bus.
#
#   1/2  A private D-Bus session (dbus-run-session) with gnome-keyring's Secret Service,
#        its login keyring unlocked with a test password, under a temporary HOME: every
#        test named *Keyring* in ./internal/cli, ./auth/..., ./ui and ./e2e runs with TOKENINSPECTOR_TEST_REAL_KEYRING=1
#        and talks to it through go-keyring (and secret-tool, to cross-check).
#   2/2  No session bus at all (the address names a socket that does not exist): the
#        memory-only path and its one-time notice.
#
# Needs gnome-keyring, dbus, libsecret-tools (scripts/ensure-deps.sh test installs them).
# Nothing outside the temporary directory is touched; it is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

for cmd in go dbus-run-session dbus-send gnome-keyring-daemon secret-tool; do
  command -v "$cmd" >/dev/null || { echo "test-keyring: $cmd not found (scripts/ensure-deps.sh test installs it)" >&2; exit 1; }
done

# HOME moves; Go's caches and settings stay where they are.
GOCACHE="$(go env GOCACHE)" GOMODCACHE="$(go env GOMODCACHE)" GOPATH="$(go env GOPATH)" GOENV="$(go env GOENV)"
export GOCACHE GOMODCACHE GOPATH GOENV
export LANG=en_US.UTF-8

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/home" "$tmp/run"
tests=(env TOKENINSPECTOR_E2E=1 go test -race -count=1 -timeout 30m -v -run Keyring ./internal/cli/ ./auth/... ./ui/ ./e2e/)

# summary LOG: the per-test result lines and the package lines.
summary() { grep -E '^(--- |ok |FAIL|panic)' "$1" || true; }

echo "== 1/2 real Secret Service: gnome-keyring in a private D-Bus session, HOME=$tmp/home"
if ! env -u DBUS_SESSION_BUS_ADDRESS HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" \
  XDG_DATA_HOME="$tmp/home/.local/share" XDG_CONFIG_HOME="$tmp/home/.config" XDG_CACHE_HOME="$tmp/home/.cache" \
  TOKENINSPECTOR_TEST_REAL_KEYRING=1 \
  dbus-run-session -- bash -c '
    set -euo pipefail
    eval "$(printf testpass | gnome-keyring-daemon --unlock --components=secrets)"
    for _ in $(seq 50); do   # until the Secret Service owns its name on this bus
      dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
      sleep 0.1
    done
    printf probe | secret-tool store --label="tokeninspector test probe" service tokeninspector-probe username probe
    [ "$(secret-tool lookup service tokeninspector-probe username probe)" = probe ] || { echo "secret-tool cannot use the keyring" >&2; exit 1; }
    secret-tool clear service tokeninspector-probe username probe
    "$@"' _ "${tests[@]}" >"$tmp/real.log" 2>&1; then
  cat "$tmp/real.log"
  echo "test-keyring: FAIL (real Secret Service)" >&2
  exit 1
fi
summary "$tmp/real.log"
if grep -q -- '--- SKIP' "$tmp/real.log"; then
  echo "test-keyring: FAIL — a real-keyring test skipped inside the D-Bus session" >&2
  exit 1
fi

echo "== 2/2 no D-Bus: DBUS_SESSION_BUS_ADDRESS=unix:path=$tmp/no-bus (no such socket)"
if ! env -u TOKENINSPECTOR_TEST_REAL_KEYRING HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" \
  DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus" \
  go test -race -count=1 -timeout 30m -v -run KeyringNoDBus ./auth/... ./ui/ >"$tmp/nodbus.log" 2>&1; then
  cat "$tmp/nodbus.log"
  echo "test-keyring: FAIL (no D-Bus)" >&2
  exit 1
fi
summary "$tmp/nodbus.log"

passed() { grep -oE -- "^--- PASS: $2" "$1" | sed 's/^--- PASS: //' | paste -sd, - | sed 's/,/, /g'; }
echo "test-keyring: PASS"
echo "  real Secret Service: $(passed "$tmp/real.log" 'TestKeyringReal[A-Za-z]*')"
echo "  whole session:       $(grep -c -- "^--- PASS" "$tmp/real.log") Keyring tests passed, none skipped"
echo "  no D-Bus:            $(passed "$tmp/nodbus.log" 'TestKeyringNoDBus[A-Za-z]*')"
