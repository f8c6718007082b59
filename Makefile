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
export LANG ?= en_US.UTF-8

.PHONY: soak soak-short run build test unit keyring e2e deps deps-test vet fuzz fuzz-short bench bench-smoke package install clean

run: deps build
	./$(BIN) $(ARGS)

build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) .
	$(GO) build -o $(WINBIN) ./$(WINDIR)

deps:
	@scripts/ensure-deps.sh build

deps-test:
	@scripts/ensure-deps.sh test

vet:
	$(GO) vet ./...

# The whole suite: vet, unit and UI tests under -race (no display needed),
# then the end-to-end tests (real window under Xvfb, real Chromium, X clipboard).
test: deps-test vet unit keyring e2e fuzz-short bench-smoke soak-short

unit:
	$(GO) test -race -count=1 ./...

# Remember/Forget against a real gnome-keyring in a private D-Bus session,
# and the memory-only path with no D-Bus at all.
keyring:
	bash scripts/test-keyring.sh

e2e:
	TOKENINSPECTOR_E2E=1 $(GO) test -count=1 -v ./e2e/

# Fuzzes the token decoder, its order-keeping JSON object reader, the callback parser,
# the token-response parser, the config file parser, the discovery parser, the JWKS checks
# and the pasted-token verification (key files, JWE, validation report), each for FUZZTIME. Each target
# is PACKAGE:FuzzName, so targets may live in any package. `make test` runs a short pass.
FUZZTIME    ?= 60s
FUZZTARGETS := ./auth:FuzzDecode ./auth:FuzzParseObject ./auth:FuzzCallback \
               ./auth:FuzzTokenResponse ./auth:FuzzConfig ./auth:FuzzDiscovery \
               ./auth:FuzzInspectPasted ./auth:FuzzJWKS
fuzz:
	@for t in $(FUZZTARGETS); do \
		pkg=$${t%%:*}; f=$${t#*:}; \
		echo "fuzz $$f in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZTIME=5s

# Performance budget: the app against a bare Fyne window, curl and bare
# net/http, measured in the same run (private Xvfb on :150 and up); prints the
# table of ratios and targets (bench/RESULTS.md). bench-smoke runs one short
# iteration of it, to check that it still works.
# bench/cli-start.sh: the command line's start-up against a minimal Go program.
bench: deps-test
	GO=$(GO) bench/run.sh
	GO=$(GO) bench/cli-start.sh

bench-smoke: deps-test
	GO=$(GO) bench/run.sh --smoke
	GO=$(GO) bench/cli-start.sh --smoke

# Desktop package: TokenInspector.tar.xz with the binary, a .desktop file and the icon.
FYNE_TOOL ?= $(shell $(GO) env GOPATH)/bin/fyne
PKG       := TokenInspector.tar.xz

$(FYNE_TOOL):
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4

# fyne packages the window (its .desktop entry runs tokeninspector-window);
# scripts/package-linux.sh then adds the command line and its install rules.
package: deps $(FYNE_TOOL)
	FYNE="$(FYNE_TOOL)" GO="$(GO)" scripts/package-linux.sh $(PKG)

# Installs the package for the current user (~/.local): binary, menu entry, icon.
install: package
	rm -rf build/pkg && mkdir -p build/pkg
	tar -xJf $(PKG) -C build/pkg
	$(MAKE) -C build/pkg/tokeninspector user-install  # both programs, menu entry, icon

clean:
	rm -rf $(BIN) $(WINBIN) build/ $(PKG)

# Soak: the workspace auto-refreshing 3-second demo tokens on the real clock
# for SOAK (every expiry refreshed once, nothing refused or reused, history
# capped, goroutines and heap flat — printed at start and end). make test
# runs two minutes of it.
SOAK ?= 30m
soak:
	TOKENINSPECTOR_SOAK=$(SOAK) $(GO) test -count=1 -timeout 0 -run '^TestSoakAutoRefresh$$' -v ./auth/workspace/

soak-short:
	@$(MAKE) --no-print-directory soak SOAK=2m
