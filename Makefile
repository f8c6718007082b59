# Token Inspector — the two commands a fresh Debian/Ubuntu machine needs:
#   make run    install what is missing, build, open the window (demo profile by default)
#   make test   install what is missing, vet, run the whole test suite
# Two programs: tokeninspector (the command line, pure Go, no GUI toolkit;
# with no subcommand it starts the window) and tokeninspector-window (the
# Fyne window, cgo + OpenGL), built side by side.
GO      ?= go
BIN     ?= tokeninspector
WINBIN  ?= tokeninspector-window
WINDIR  := cmd/tokeninspector-window
# The window's build tags (one place: the packaging scripts, the e2e tests
# and make bench read the same file). no_emoji leaves out Fyne's bundled
# emoji font, which Fyne parses again for every text style the window uses
# (16 MiB of its memory); emoji in a token are drawn from the system's fonts.
WINTAGS := $(shell cat $(WINDIR)/build-tags)
export LANG ?= en_US.UTF-8

.PHONY: soak soak-short soak-rss run build test unit keyring e2e deps deps-test deps-package vet fuzz fuzz-short bench bench-smoke \
	package package-windows deb release release-manifests check-release check-manifests check-windows check-deb install clean

run: deps build
	./$(BIN) $(ARGS)

build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) .
	$(GO) build -tags "$(WINTAGS)" -o $(WINBIN) ./$(WINDIR)

deps:
	@scripts/ensure-deps.sh build

deps-test:
	@scripts/ensure-deps.sh test

deps-package:
	@scripts/ensure-deps.sh package

# vet, then the Fyne-free packages (the command line, auth/ with go-keyring's
# Credential Manager and Keychain code paths) vetted for Windows and macOS,
# which cannot be built here with cgo.
CROSS_PKGS := . ./auth/... ./internal/...
vet:
	$(GO) vet ./...
	GOOS=windows GOARCH=amd64 $(GO) vet $(CROSS_PKGS)
	GOOS=darwin CGO_ENABLED=0 $(GO) vet $(CROSS_PKGS)

# The whole suite: vet, unit and UI tests under -race (no display needed),
# then the end-to-end tests (real window under Xvfb, real Chromium, X clipboard).
test: deps-test vet check-manifests unit keyring e2e fuzz-short bench-smoke soak-short

unit:
	$(GO) test -race -count=1 -timeout 30m ./...

# Remember/Forget against a real gnome-keyring in a private D-Bus session,
# and the memory-only path with no D-Bus at all.
keyring:
	bash scripts/test-keyring.sh

e2e:
	TOKENINSPECTOR_E2E=1 $(GO) test -count=1 -timeout 30m -v ./e2e/ ./internal/xvisible/

# Fuzzes the token decoder, its order-keeping JSON object reader, the callback parser,
# the token-response parser, the config file parser, the discovery parser, the JWKS checks
# and the pasted-token verification (key files, JWE, validation report), each for FUZZTIME. Each target
# is PACKAGE:FuzzName, so targets may live in any package. `make test` runs a short pass.
# The short pass is a number of inputs (Nx), not a duration: with a duration, Go's fuzz
# coordinator can fail a target with a bare "context deadline exceeded" when a worker
# on a busy machine misses the stop deadline (golang/go#51484, #75804); a count has no
# deadline to race, and a slow machine only makes it take longer.
FUZZTIME    ?= 60s
FUZZTARGETS := ./auth/jose:FuzzDecode ./auth/jose:FuzzParseObject ./auth/oidc:FuzzCallback \
               ./auth/oidc:FuzzTokenResponse ./auth/config:FuzzConfig ./auth/discovery:FuzzDiscovery \
               ./auth/check:FuzzInspectPasted ./auth/check:FuzzJWKS
fuzz:
	@for t in $(FUZZTARGETS); do \
		pkg=$${t%%:*}; f=$${t#*:}; \
		echo "fuzz $$f in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=50000x

# Performance budget: the app against a bare Fyne window, curl and bare
# net/http, measured in the same run (private Xvfb on :150 and up); prints the
# table of ratios and targets (bench/RESULTS.md). bench-smoke runs one short
# iteration of it, to check that it still works.
bench: deps-test
	GO=$(GO) bench/run.sh

bench-smoke: deps-test
	GO=$(GO) bench/run.sh --smoke

# Issue 14's soak (not in make test): the window refreshing 2-second tokens
# every 2 s for SOAKTIME (1,800 rotations an hour); RSS at the end against RSS
# after the first minute (≤ 1.05×). Report in build/bench/soak-rss.md.
SOAKTIME ?= 1h
soak-rss: deps-test
	GO=$(GO) bench/run.sh -soak $(SOAKTIME) -o build/bench/soak-rss.md

# Desktop packages. The version of all of them (and of `tokeninspector
# --version`, the .exe's version resource and the AppStream metainfo) is the
# one in FyneApp.toml, at the top (internal/version holds it for the programs:
# go generate ./internal/version after changing it).
#   make package          TokenInspector.tar.xz: both programs, .desktop file, icon (fyne package)
#   make package-windows  TokenInspector-windows-amd64.zip: both .exe (mingw-w64 cross build)
#   make deb              tokeninspector_VERSION-1_amd64.deb (nfpm, from the tarball's binaries)
#   make release          all three into dist/, with the command line for macOS (arm64, amd64),
#                         Linux (amd64, arm64) and Windows arm64 (scripts/release-cli.sh), a CycloneDX
#                         SBOM per binary, SHA256SUMS over all of them, and the Homebrew formula and
#                         Scoop manifest made from it (scripts/gen-manifests.sh)
#   make check-release    dist/ checked (scripts/check-release.sh)
#   make check-windows    the zip under Wine: CLI output as on Linux, the window on Xvfb
#   make check-deb        dpkg -i, run, validate the desktop and metainfo files, dpkg -r (root)
FYNE_TOOL ?= $(shell $(GO) env GOPATH)/bin/fyne
PKG       := TokenInspector.tar.xz
PKG_WIN   := TokenInspector-windows-amd64.zip
VERSION   := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
DEB       := tokeninspector_$(VERSION)-1_amd64.deb

$(FYNE_TOOL):
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4

# fyne packages the window (its .desktop entry runs tokeninspector-window);
# scripts/package-linux.sh then adds the command line and its install rules.
package: deps $(FYNE_TOOL)
	FYNE="$(FYNE_TOOL)" GO="$(GO)" scripts/package-linux.sh $(PKG)

package-windows: deps-package $(FYNE_TOOL)
	FYNE="$(FYNE_TOOL)" GO="$(GO)" scripts/package-windows.sh $(PKG_WIN)

deb: package deps-package
	GO="$(GO)" scripts/package-deb.sh $(PKG) .

release: package package-windows deb
	rm -rf dist && mkdir -p dist
	cp $(PKG) dist/TokenInspector-linux-amd64.tar.xz
	cp $(PKG_WIN) $(DEB) dist/
	GO="$(GO)" scripts/release-cli.sh dist
	cd dist && sha256sum $$(LC_ALL=C ls) > SHA256SUMS && sha256sum -c --quiet SHA256SUMS
	scripts/gen-manifests.sh dist/SHA256SUMS dist
	@cat dist/SHA256SUMS

# Records the release's install manifests (and the SHA256SUMS they were made
# from) in packaging/release/, to commit with the release; make test checks them.
release-manifests:
	cp dist/SHA256SUMS dist/tokeninspector.rb dist/tokeninspector.json packaging/release/

# dist/ after make release: every archive unpacked and `file`d, linux/arm64 run
# under qemu-user, the SBOMs, the manifests, a second build of the command line
# compared byte for byte, go install MODULE@vVERSION (scripts/check-release.sh).
check-release: deps-package
	GO="$(GO)" scripts/check-release.sh dist

# The recorded Homebrew formula and Scoop manifest: syntax, version, checksums.
check-manifests:
	@scripts/check-manifests.sh packaging/release

check-windows: deps-test deps-package
	GO="$(GO)" scripts/check-windows.sh $(PKG_WIN)

check-deb: deps-test deps-package
	scripts/check-deb.sh $(DEB)

# Installs the package for the current user (~/.local): binary, menu entry, icon.
install: package
	rm -rf build/pkg && mkdir -p build/pkg
	tar -xJf $(PKG) -C build/pkg
	$(MAKE) -C build/pkg/tokeninspector user-install  # both programs, menu entry, icon

clean:
	rm -rf $(BIN) $(WINBIN) build/ dist/ $(PKG) $(PKG_WIN) tokeninspector_*.deb

# Soak: the workspace auto-refreshing 3-second demo tokens on the real clock
# for SOAK (every expiry refreshed once, nothing refused or reused, history
# capped, goroutines and heap flat — printed at start and end). make test
# runs two minutes of it.
SOAK ?= 30m
soak:
	TOKENINSPECTOR_SOAK=$(SOAK) $(GO) test -count=1 -timeout 0 -run '^TestSoakAutoRefresh$$' -v ./auth/workspace/

soak-short:
	@$(MAKE) --no-print-directory soak SOAK=2m
