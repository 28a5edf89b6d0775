# Firth — the two commands of the README do all set-up on a fresh Debian/Ubuntu machine:
#   make demo   installs missing system packages (as root), builds in release, runs `firth demo`
#   make test   installs missing system and test packages (as root; Chromium), builds, runs every test
# make bench runs the release benchmarks on ../shared/corpora and prints a table.
# make install [PREFIX=/usr/local] [DESTDIR=]  installs firth, its man page and shell completions;
# make uninstall removes exactly those files; make dist packs the same files into a tarball.

SYSTEM_PACKAGES := libsqlite3-dev libopenblas-dev liblapacke-dev
# Needed by `make test` only: Chromium opens `firth report`'s page headless (screenshot,
# console errors). Without it (and without root to install it) that one test is skipped.
# chromium-driver: Selenium drives Chromium through the pages of `firth serve` (ServeBrowserTests).
TEST_PACKAGES := chromium chromium-driver
# Java 17 runs Spark for the `count --engine spark` tests (pyspark comes from PyPI below).
TEST_PACKAGES += openjdk-17-jre-headless
# Needed by `make bench` only: wrk loads `firth serve` (its stage is skipped without it).
BENCH_PACKAGES := wrk
# What scripts/kenlm.sh needs to build KenLM's lmplz, the language model's peer in the bench.
KENLM_PACKAGES := cmake g++ libboost-program-options-dev libboost-system-dev libboost-thread-dev libboost-test-dev zlib1g-dev
SWIFT ?= swift
# BLAS threads: results and timings must not depend on how many cores OpenBLAS grabs.
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: deps test-deps build release demo test bench clean fuzz docs format lint

# Installing. The release build links the Swift runtime and Foundation statically
# (--static-swift-stdlib) and has the bundled corpora compiled in, so the installed firth needs
# only libsqlite3-0, libopenblas0 and liblapacke at run time. DESTDIR is prepended (staging).
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
MAN1DIR = $(PREFIX)/share/man/man1
BASHDIR = $(PREFIX)/share/bash-completion/completions
ZSHDIR = $(PREFIX)/share/zsh/site-functions
FISHDIR = $(PREFIX)/share/fish/vendor_completions.d
INSTALLED_FILES = $(BINDIR)/firth $(MAN1DIR)/firth.1 $(BASHDIR)/firth $(ZSHDIR)/_firth $(FISHDIR)/firth.fish
# The installed binary is stripped of its symbols (a third of its size); STRIP=true keeps them.
STRIP ?= strip
# The man page and completions are generated from the release binary into this folder.
GENERATED = .build/install-files
VERSION = $(shell sed -n 's/.*let version = "\(.*\)"/\1/p' Sources/FirthKit/FirthKit.swift)
DIST = firth-$(VERSION)-linux-$(shell uname -m)

.PHONY: install-files install uninstall dist

# install KIND PACKAGES ON_MISSING: apt-get installs the missing PACKAGES when run as root;
# otherwise says which are missing and runs ON_MISSING (`exit 1` to stop, `true` to go on).
define install
	@missing=""; for p in $(2); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing $(1) packages:$$missing" >&2; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >&2 || exit 1; \
	  else \
	    echo "Missing $(1) packages:$$missing. Install them with: sudo apt-get install$$missing" >&2; $(3); \
	  fi; \
	fi
endef

deps:
	$(call install,system,$(SYSTEM_PACKAGES) $(EXTRA_PACKAGES),exit 1)

# As root (CI, a fresh machine) the test packages are installed like the others; elsewhere a
# missing one only means its test is skipped, so say so and go on.
test-deps: deps
	$(call install,test,$(TEST_PACKAGES),echo "(the browser test will be skipped)" >&2)
	@# gensim reads Firth's word2vec export in one test; without it that test says it is skipped.
	@python3 -c "import gensim" 2>/dev/null || { [ "$$(id -u)" = 0 ] && python3 -m pip install --quiet gensim >&2 \
	  || echo "gensim is not installed: the gensim export check will be skipped (pip install gensim)" >&2; } || true
	@# Selenium drives Chromium through `firth serve`'s pages in one test; without it that test says it is skipped.
	@python3 -c "import selenium" 2>/dev/null || { [ "$$(id -u)" = 0 ] && python3 -m pip install --quiet selenium >&2 \
	  || echo "selenium is not installed: the browser test of firth serve will be skipped (pip install selenium)" >&2; } || true
	@# pyspark (Spark itself, with spark-submit) runs `count --engine spark` against SQLite in the Spark tests.
	@python3 -c "import pyspark" 2>/dev/null || { [ "$$(id -u)" = 0 ] && python3 -m pip install --quiet pyspark >&2 \
	  || echo "pyspark is not installed: the Spark count tests will be skipped (pip install pyspark)" >&2; } || true
	@# KenLM's Python module reads Firth's ARPA export in one test (pip builds it from source, needs a C++ compiler).
	@python3 -c "import kenlm" 2>/dev/null || { [ "$$(id -u)" = 0 ] && python3 -m pip install --quiet kenlm >&2 \
	  || echo "kenlm is not installed: the KenLM check of the ARPA export will be skipped (pip install kenlm)" >&2; } || true

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib $(RELEASE_FLAGS)

demo: release
	.build/release/firth demo

# The installed-binary tests (InstalledFirthTests) and the tutorial's quoted outputs
# (TutorialDocTests) run on an install into .build/test-prefix, made from the same release build
# as `make demo` and `make install`. Every other test needs only the debug build, so they run
# while the release build compiles: the tests use about one core and the optimizer about one
# and a half, and this takes minutes off `make test` on two cores (BENCHMARKS.md, "make test").
# Both pass --ignore-lock, else one waits for the other's lock on .build: the debug build is
# finished by then, `swift test --skip-build` only reads it, and the release build writes to
# .build/release. The release build's output goes to .build/test-release.log, shown when it fails.
INSTALLED_TESTS := TutorialDocTests|InstalledFirthTests
test: export FIRTH_INSTALLED_PREFIX := $(CURDIR)/.build/test-prefix
test: test-deps
	$(SWIFT) build --build-tests
	@rm -rf .build/test-prefix
	@echo "Building the release into .build/test-prefix while the tests run (log: .build/test-release.log)" >&2
	@$(MAKE) --no-print-directory install PREFIX=$(CURDIR)/.build/test-prefix DESTDIR= RELEASE_FLAGS=--ignore-lock > .build/test-release.log 2>&1 & \
	  release=$$!; \
	  $(SWIFT) test --skip-build --ignore-lock --disable-swift-testing --skip '$(INSTALLED_TESTS)'; tests=$$?; \
	  wait $$release || { tail -n 40 .build/test-release.log >&2; echo "The release build failed (all of it: .build/test-release.log)" >&2; exit 1; }; \
	  exit $$tests
	$(SWIFT) test --skip-build --disable-swift-testing --filter '$(INSTALLED_TESTS)'
	@# The documentation too: a broken symbol link in a doc comment or the catalog fails the run.
	@$(MAKE) --no-print-directory docs

bench: release
	$(call install,bench,$(BENCH_PACKAGES),echo "(the serve load stage will be skipped)" >&2)
	$(call install,KenLM build,$(KENLM_PACKAGES),echo "(KenLM's lmplz may not build: its rows would be skipped)" >&2)
	bash scripts/bench.sh

# make fuzz: libFuzzer on the decoder, the tokenizer and the CSV / JSON Lines readers for
# FUZZ_SECONDS (the properties are in Sources/FirthKit/Ingest/InputFuzzing.swift). Those sources
# are compiled on their own with swiftc -sanitize=fuzzer,address. A failing input is left in
# .build/fuzz/; copy it into Tests/FuzzRegressions/ so InputFuzzingTests replays it from then on.
FUZZ_SECONDS ?= 60
FUZZ_SOURCES := $(addprefix Sources/FirthKit/Ingest/,TextDecoding.swift Tokenizer.swift CSVRecordReader.swift \
	JSONLinesReader.swift InputRecord.swift InputFuzzing.swift) Sources/FirthKit/Support/CanonicalJSON.swift \
	Tools/fuzz-inputs/FuzzEntry.swift
fuzz:
	@mkdir -p .build/fuzz/corpus
	swiftc -sanitize=fuzzer,address -parse-as-library -module-name FirthFuzz $(FUZZ_SOURCES) \
	  -o .build/fuzz/fuzz-inputs > .build/fuzz/build.log 2>&1 || { grep -v 'ld.gold: warning' .build/fuzz/build.log; exit 1; }
	.build/fuzz/fuzz-inputs .build/fuzz/corpus Tests/FuzzRegressions -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=4096 -timeout=10 -rss_limit_mb=2048 -artifact_prefix=.build/fuzz/ -print_final_stats=1

# The man page by Tools/firth-manual from `firth --experimental-dump-help`, dated by the last
# commit so the same source gives the same page (swift-argument-parser's GenerateManual plugin
# would build every product a second time, without --static-swift-stdlib); the completions by
# firth itself.
install-files: release
	@rm -rf $(GENERATED) && mkdir -p $(GENERATED)
	.build/release/firth --experimental-dump-help | .build/release/firth-manual \
	  "$$(git log -1 --format=%cs 2>/dev/null || date +%F)" $(VERSION) > $(GENERATED)/firth.1
	.build/release/firth --generate-completion-script bash > $(GENERATED)/firth.bash
	.build/release/firth --generate-completion-script zsh > $(GENERATED)/_firth
	.build/release/firth --generate-completion-script fish > $(GENERATED)/firth.fish

install: install-files
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) $(DESTDIR)$(FISHDIR)
	install -m 755 .build/release/firth $(DESTDIR)$(BINDIR)/firth
	@if command -v $(STRIP) >/dev/null; then $(STRIP) $(DESTDIR)$(BINDIR)/firth; \
	  else echo "$(STRIP) was not found: firth was installed with its symbols" >&2; fi
	install -m 644 $(GENERATED)/firth.1 $(DESTDIR)$(MAN1DIR)/firth.1
	install -m 644 $(GENERATED)/firth.bash $(DESTDIR)$(BASHDIR)/firth
	install -m 644 $(GENERATED)/_firth $(DESTDIR)$(ZSHDIR)/_firth
	install -m 644 $(GENERATED)/firth.fish $(DESTDIR)$(FISHDIR)/firth.fish
	@echo "Installed firth $(VERSION) in $(DESTDIR)$(BINDIR). At run time it needs: apt-get install libsqlite3-0 libopenblas0 liblapacke"

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED_FILES))

# The installed files under bin/ and share/, ready for `tar -xzf FILE -C /usr/local --strip-components=1`.
dist:
	@rm -rf .build/dist
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/.build/dist/$(DIST) PREFIX=
	tar -C .build/dist --owner=0 --group=0 --numeric-owner -czf $(DIST).tar.gz $(DIST)
	@echo "Wrote $(DIST).tar.gz"

clean:
	rm -rf .build

# The DocC catalog of FirthKit (Sources/FirthKit/FirthKit.docc), built by swift-docc-plugin into
# .build/plugins/Swift-DocC/outputs/FirthKit.doccarchive. A broken symbol link fails the build.
# (Every parameter need not be documented: DocC's parameter validation is off.)
docs:
	$(SWIFT) package generate-documentation --target FirthKit --warnings-as-errors --disable-parameters-and-returns-validation

# swift-format with the project's .swift-format. `make format` rewrites files in place; `make
# lint` only reports. FILES= narrows either to some files (default: every source folder).
FORMAT_FILES ?= Sources Tests Tools Plugins Benchmarks
format:
	$(SWIFT) format --in-place --recursive $(or $(FILES),$(FORMAT_FILES))

lint:
	$(SWIFT) format lint --recursive $(or $(FILES),$(FORMAT_FILES))
