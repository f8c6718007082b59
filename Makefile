# Token Inspector — the two commands a fresh Debian/Ubuntu machine needs:
#   make run    install what is missing, build, open the window (demo profile by default)
#   make test   install what is missing, vet, run the whole test suite
GO      ?= go
BIN     ?= tokeninspector
export LANG ?= en_US.UTF-8

.PHONY: run build test unit deps deps-test vet fuzz clean

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

# The whole suite: vet, unit and UI tests under -race (no display needed).
test: deps-test vet unit

unit:
	$(GO) test -race -count=1 ./...

FUZZTIME ?= 60s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) ./auth/

clean:
	rm -rf $(BIN) build/
