# FactDesk: `make run` opens the app, `make test` checks it. Both install the
# Debian packages Fyne's OpenGL/X11 build needs when they are missing.

GO      ?= go
BIN     ?= factdesk
PKGS     = gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
           libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev \
           libxkbcommon-dev wayland-protocols xvfb xauth libgl1-mesa-dri \
           imagemagick xdotool
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STATICCHECK = honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all deps test-deps install-packages build run test lint bench fuzz vulncheck package install clean

all: build

# deps installs only the packages that are missing, so it is quick when
# everything is there.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(PKGS)"

# test-deps adds what only the tests use: Chromium, to load a hostile report
# and see that nothing in it runs.
test-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="chromium"

install-packages:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(GO) build -o $(BIN) ./cmd/factdesk

# run opens the window on your library, adding the sample article first if
# it is not there yet.
run: build
	./$(BIN) sample >/dev/null
	./$(BIN)

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# test runs the whole suite headless; tests that need a real window run
# under Xvfb.
test: test-deps lint
	xvfb-run -a -s "-screen 0 1600x1000x24" $(GO) test -timeout 12m -skip 'TestCrashSafety' ./...
	@# Run on its own and verbose, so that its figures are printed.
	$(GO) test -timeout 5m -v -run 'TestCrashSafety' ./cmd/factdesk | grep -E '^(crash safety|--- |ok|FAIL)'

bench: deps
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 1s ./... | tee bench.txt

# fuzz runs every fuzz target for FUZZTIME, one after another, on one
# worker at low priority (the machine is shared); plain `go test` already
# runs each target's seed corpus and testdata/fuzz cases.
FUZZTIME ?= 1m
FUZZPARALLEL ?= 1
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$t"; \
			nice -n 10 $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -parallel $(FUZZPARALLEL) $$pkg; \
		done; \
	done

# vulncheck looks the dependencies up in the Go vulnerability database. It
# needs that database over the network, so it is not part of `make test`.
VULNCHECK = golang.org/x/vuln/cmd/govulncheck@v1.9.0
vulncheck:
	$(GO) run $(VULNCHECK) ./...

clean:
	rm -f $(BIN) bench.txt
