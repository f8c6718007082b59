# Token Inspector — the two commands a fresh Debian/Ubuntu machine needs:
#   make run    install what is missing, build, open the window (demo profile by default)
#   make test   install what is missing, vet, run the whole test suite
GO      ?= go
BIN     ?= tokeninspector
export LANG ?= en_US.UTF-8

.PHONY: run build test unit e2e deps deps-test vet fuzz package install clean

run: deps build
	./$(BIN) $(ARGS)

build:
	$(GO) build -o $(BIN) .

deps:
	@scripts/ensure-deps.sh build

deps-test:
	@scripts/ensure-deps.sh test

vet:
	$(GO) vet ./...

# The whole suite: vet, unit and UI tests under -race (no display needed),
# then the end-to-end tests (real window under Xvfb, real Chromium, X clipboard).
test: deps-test vet unit e2e

unit:
	$(GO) test -race -count=1 ./...

e2e:
	TOKENINSPECTOR_E2E=1 $(GO) test -count=1 -v ./e2e/

FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) ./auth/

# Desktop package: TokenInspector.tar.xz with the binary, a .desktop file and the icon.
FYNE_TOOL ?= $(shell $(GO) env GOPATH)/bin/fyne
PKG       := TokenInspector.tar.xz

$(FYNE_TOOL):
	$(GO) install fyne.io/tools/cmd/fyne@v1.7.4

package: deps $(FYNE_TOOL)
	@mkdir -p build && cp FyneApp.toml build/FyneApp.toml.orig  # fyne bumps Build and reformats the file
	$(FYNE_TOOL) package -os linux -release; status=$$?; cp build/FyneApp.toml.orig FyneApp.toml; exit $$status
	mv "Token Inspector.tar.xz" $(PKG)
	@ls -l $(PKG)
	@tar -tJf $(PKG) | grep -q 'bin/tokeninspector$$' && tar -tJf $(PKG) | grep -q '\.desktop$$' && tar -tJf $(PKG) | grep -q 'pixmaps/.*\.png$$' \
		|| { echo "package: $(PKG) lacks the binary, .desktop file or icon" >&2; exit 1; }

# Installs the package for the current user (~/.local): binary, menu entry, icon.
install: package
	rm -rf build/pkg && mkdir -p build/pkg
	tar -xJf $(PKG) -C build/pkg
	$(MAKE) -C build/pkg/tokeninspector user-install

clean:
	rm -rf $(BIN) build/ $(PKG)
