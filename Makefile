# FactDesk: `make run` opens the app, `make test` checks it. Both install the
# Debian packages Fyne's OpenGL/X11 build needs when they are missing.

# Recipes run in bash with pipefail, so that a test piped into grep still
# fails the target when it fails.
SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -ec

GO      ?= go
BIN     ?= factdesk
PKGS     = gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
           libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev \
           libxkbcommon-dev wayland-protocols xvfb xauth libgl1-mesa-dri \
           imagemagick xdotool
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STATICCHECK = honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all deps test-deps install-packages build run test acceptance monkey lint bench bench-team bench-scale fuzz vulncheck package install clean race team-demo

all: build

# deps installs only the packages that are missing, so it is quick when
# everything is there.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(PKGS)"

# test-deps adds what only the tests use: Chromium, to load a hostile report
# and see that nothing in it runs, and to run axe-core on the HTML report;
# poppler-utils, to read the PDF report's text; postgresql-15, for the team
# library's tests, which start a throwaway server on 127.0.0.1; and the npm
# packages axe-core and puppeteer-core, installed into the user's cache, not
# the repository.
AXE_DIR ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/factdesk-test/axe
test-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="chromium poppler-utils postgresql-15"
	@command -v npm >/dev/null || $(MAKE) --no-print-directory install-packages PACKAGES="nodejs npm"
	@if [ ! -f "$(AXE_DIR)/node_modules/axe-core/package.json" ] || [ ! -f "$(AXE_DIR)/node_modules/puppeteer-core/package.json" ]; then \
		mkdir -p "$(AXE_DIR)" && npm install --prefix "$(AXE_DIR)" --no-audit --no-fund --silent axe-core@4 puppeteer-core@24; \
	fi

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

# team-demo starts a throwaway PostgreSQL on 127.0.0.1 with a team library
# and opens two desks, Alice's and Bob's, each on its own library joined to
# it: what one marks shows in the other.
team-demo: build
	@$(MAKE) --no-print-directory install-packages PACKAGES="postgresql-15"
	FACTDESK_BIN=./$(BIN) scripts/team-demo.sh

lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# test runs the whole suite headless; tests that need a real window run
# under Xvfb.
test: test-deps lint
	xvfb-run -a -s "-screen 0 1600x1000x24" $(GO) test -timeout 12m -skip 'TestCrashSafety|TestWindowSuite|TestWindowMonkey|TestConcurrentClaimSetLosesNothing' ./...
	@# Run on their own and verbose, so that their figures are printed: the
	@# window suite at one size and theme, and a short monkey run.
	$(GO) test -timeout 5m -v -run 'TestCrashSafety' ./cmd/factdesk | grep -E '^(crash safety|--- |ok|FAIL)'
	$(GO) test -count=1 -timeout 15m -v -run 'TestWindowSuite|TestWindowMonkey' ./cmd/factdesk | grep -E '$(WINDOW_LINES)'

# What the window tests print that is worth keeping: the coverage and
# monkey lines, failures and their messages.
WINDOW_LINES = ^(window suite|monkey|--- |ok|FAIL|panic)|_test\.go:[0-9]+:

# acceptance runs the long window suites: every menu item, toolbar button,
# shortcut and dialog in the three sizes and themes make test has not run
# (1440×900 dark, 900×600 light and dark), and a longer monkey run, then PDF import on the readability corpus printed
# by Chromium and transcripts made of the CLEF-2019 debates. FACTDESK_SHOTS=DIR
# keeps the screenshots.
MONKEY_EVENTS ?= 1000
acceptance: deps race
	FACTDESK_WINDOW_MATRIX=rest $(GO) test -count=1 -timeout 45m -v -run 'TestWindowSuite|TestWindowEndToEnd|TestTeamTwoWindows' ./cmd/factdesk | grep -E '$(WINDOW_LINES)'
	FACTDESK_MONKEY_EVENTS=$(MONKEY_EVENTS) $(GO) test -count=1 -timeout 20m -v -run 'TestWindowMonkey' ./cmd/factdesk | grep -E '$(WINDOW_LINES)'
	CI=$${CI:-true} $(GO) test -count=1 -timeout 60m -v -run 'TestPDFCorpus|TestPDFLarge|TestTranscriptCLEF' ./annotate/ingest -pdfcorpus | grep -E '^(PDF|---|ok|FAIL)|_test\.go:[0-9]+:'
	@# Two processes, 1,000 read-modify-write edits each: none is lost.
	$(GO) test -count=1 -timeout 20m -v -run 'TestConcurrentClaimSetLosesNothing' ./cmd/factdesk | grep -E '^(---|ok|FAIL)|_test\.go:[0-9]+:'

# monkey sends random input to the real window for MONKEY_DURATION.
MONKEY_DURATION ?= 10m
# race runs the packages that use no cgo under the race detector: the
# domain, the application layer and the SQLite store.
RACE_PKGS = ./annotate/... ./storage/...
race: deps
	$(GO) test -race -timeout 20m $(RACE_PKGS)

monkey: deps
	FACTDESK_MONKEY_DURATION=$(MONKEY_DURATION) $(GO) test -count=1 -timeout 30m -v -run 'TestWindowMonkey' ./cmd/factdesk | grep -E '$(WINDOW_LINES)'

# bench runs every Go benchmark, one package after another, into bench.txt,
# then turns it into the Markdown tables of BENCHMARKS.md (bench.md), each
# figure beside its target. BENCHTIME=1s keeps the whole run near ten
# minutes on two cores; the exit status is go test's.
BENCHTIME ?= 1s
bench: deps
	@{ $(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -timeout 30m ./... 2>&1; \
		echo $$? >bench.status; } | tee bench.txt
	@$(GO) run ./scripts/benchtable bench.txt >bench.md && echo "tables in bench.md"
	@status=$$(cat bench.status); rm -f bench.status; exit $$status

# bench-team runs the team library's sync benchmarks, with the 20 desks that
# make bench leaves out: 4 to 17 minutes on two cores.
bench-team: deps
	FACTDESK_BENCH_CONVERGE=1 $(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./storage/team/

# bench-scale measures how the costs grow with the library, at 300, 3,000
# and 30,000 articles of 20 claims each (SIZES, CLAIMS, RUNS), into
# bench-scale.md. The generated libraries are kept in LIBDIR (default
# /tmp/factdesk-scale): the largest takes about ten minutes and 3 GB.
bench-scale: deps
	nice -n 10 scripts/bench-scale.sh | tee bench-scale.md

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

# package makes dist/FactDesk.tar.xz with fyne package: the binary, the icon
# and a .desktop file written from FyneApp.toml (name, id, categories,
# comment, keywords). fyne package reads FyneApp.toml from the directory it
# packages and wants Go code there, but our main package is cmd/factdesk;
# so the binary is built first and packaged from a staging directory holding
# a copy of FyneApp.toml and the icon, which also keeps fyne from bumping
# the build number in the real FyneApp.toml.
FYNE    = fyne.io/tools/cmd/fyne@v1.7.4
APPID   = org.factdesk.FactDesk
STAGE   = $(CURDIR)/dist/stage
package: deps
	rm -rf $(STAGE) dist/FactDesk.tar.xz
	mkdir -p $(STAGE)/assets
	$(GO) build -trimpath -ldflags '-s -w' -o $(STAGE)/factdesk ./cmd/factdesk
	cp FyneApp.toml $(STAGE)/
	cp assets/icon.png $(STAGE)/assets/
	printf '// Package main stands for cmd/factdesk, which fyne package does not build.\npackage main\n' >$(STAGE)/stage.go
	cd dist && $(GO) run $(FYNE) package -os linux -src $(STAGE) -exe $(STAGE)/factdesk
	rm -rf $(STAGE)
	@tar -tJf dist/FactDesk.tar.xz
	@echo "dist/FactDesk.tar.xz"

# install puts the package's files under PREFIX (default ~/.local): the
# binary in bin, the .desktop file in share/applications, the icon in the
# hicolor theme. DESTDIR stages them for a distribution package.
PREFIX ?= $(HOME)/.local
install: package
	rm -rf dist/unpack && mkdir -p dist/unpack
	tar -xJf dist/FactDesk.tar.xz -C dist/unpack
	@root=$$(dirname "$$(find dist/unpack -path '*/bin/factdesk')"); root=$${root%/bin}; \
	set -e; \
	install -Dm755 "$$root/bin/factdesk" "$(DESTDIR)$(PREFIX)/bin/factdesk"; \
	install -Dm644 "$$root/share/applications/$(APPID).desktop" "$(DESTDIR)$(PREFIX)/share/applications/$(APPID).desktop"; \
	install -Dm644 "$$root/share/pixmaps/$(APPID).png" "$(DESTDIR)$(PREFIX)/share/icons/hicolor/512x512/apps/$(APPID).png"; \
	sed -i 's|^Exec=factdesk|Exec=$(PREFIX)/bin/factdesk|' "$(DESTDIR)$(PREFIX)/share/applications/$(APPID).desktop"
	rm -rf dist/unpack
	@if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$(DESTDIR)$(PREFIX)/share/applications" || true; fi
	@echo "installed in $(DESTDIR)$(PREFIX): bin/factdesk, share/applications/$(APPID).desktop, share/icons/hicolor/512x512/apps/$(APPID).png"

clean:
	rm -rf $(BIN) bench.txt bench.md dist
