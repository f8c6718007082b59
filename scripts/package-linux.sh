#!/usr/bin/env bash
# make package: the Linux tarball (TokenInspector.tar.xz). `fyne package`
# builds the window (cmd/tokeninspector-window, metadata from the top-level
# FyneApp.toml, copied beside it for the run) into a tarball with the binary, a .desktop entry that runs it,
# the icon and a Makefile; this adds the command line (tokeninspector, built
# without cgo) and its install rules to that Makefile, and checks the result.
#   scripts/package-linux.sh [OUT.tar.xz]      (FYNE, GO: the tools to use)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-TokenInspector.tar.xz}
fyne=${FYNE:-fyne}
go=${GO:-go}
win=cmd/tokeninspector-window

tmp=$(mktemp -d)
trap 'rm -f "$win/FyneApp.toml"; rm -rf "$tmp"' EXIT
# fyne package reads FyneApp.toml in the directory it packages (and bumps
# Build in it): give it a copy of the top-level one, the icon by full path.
cp FyneApp.toml "$win/FyneApp.toml"
rm -f "Token Inspector.tar.xz"
"$fyne" package -os linux -release -tags "$(cat "$win/build-tags")" -src "$win" -icon "$PWD/assets/icon.png"
rm "$win/FyneApp.toml"

mkdir "$tmp/pkg"
tar -xJf "Token Inspector.tar.xz" -C "$tmp/pkg"
rm "Token Inspector.tar.xz"
mv "$tmp/pkg/tokeninspector-window" "$tmp/pkg/tokeninspector"
top="$tmp/pkg/tokeninspector"
winexe=$(cd "$top" && find usr -path '*/bin/tokeninspector-window' -type f)
[ -n "$winexe" ] || { echo "package: fyne's tarball has no bin/tokeninspector-window" >&2; exit 1; }
bindir=$(dirname "$winexe") # usr/local/bin or usr/bin, as fyne chose
CGO_ENABLED=0 "$go" build -trimpath -ldflags "-s -w" -o "$top/$bindir/tokeninspector" .
cat >>"$top/Makefile" <<MK

# The command line, tokeninspector, next to the window program (it starts the
# window when run without a subcommand). Added by scripts/package-linux.sh.
CLI := "tokeninspector"
install: install-cli
uninstall: uninstall-cli
user-install: user-install-cli
user-uninstall: user-uninstall-cli
install-cli:
	install -Dm00755 $bindir/\$(CLI) \$(DESTDIR)\$(PREFIX)/bin/\$(CLI)
uninstall-cli:
	-rm \$(DESTDIR)\$(PREFIX)/bin/\$(CLI)
user-install-cli:
	install -Dm00755 $bindir/\$(CLI) \$(DESTDIR)\$(HOME)/.local/bin/\$(CLI)
user-uninstall-cli:
	-rm \$(DESTDIR)\$(HOME)/.local/bin/\$(CLI)
MK
tar -cJf "$out" -C "$tmp/pkg" tokeninspector

list=$(tar -tJf "$out")
for want in 'bin/tokeninspector$' 'bin/tokeninspector-window$' '\.desktop$' 'pixmaps/.*\.png$'; do
  grep -q "$want" <<<"$list" || { echo "package: $out lacks $want" >&2; exit 1; }
done
tar -xJOf "$out" --wildcards '*.desktop' | grep -q '^Exec=tokeninspector-window$' \
  || { echo "package: the .desktop entry does not run tokeninspector-window" >&2; exit 1; }
ls -l "$out"
