# Firth — the two commands of the README do all set-up on a fresh Debian/Ubuntu machine:
#   make demo   installs missing system packages (as root), builds in release, runs `firth demo`
#   make test   installs missing system and test packages (as root; Chromium), builds, runs every test
# make bench runs the release benchmarks on ../shared/corpora and prints a table.

SYSTEM_PACKAGES := libsqlite3-dev libopenblas-dev liblapacke-dev
# Needed by `make test` only: Chromium opens `firth report`'s page headless (screenshot,
# console errors). Without it (and without root to install it) that one test is skipped.
TEST_PACKAGES := chromium
SWIFT ?= swift
# BLAS threads: results and timings must not depend on how many cores OpenBLAS grabs.
export OPENBLAS_NUM_THREADS ?= 2

.PHONY: deps test-deps build release demo test bench clean

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
	@# KenLM's Python module reads Firth's ARPA export in one test (pip builds it from source, needs a C++ compiler).
	@python3 -c "import kenlm" 2>/dev/null || { [ "$$(id -u)" = 0 ] && python3 -m pip install --quiet kenlm >&2 \
	  || echo "kenlm is not installed: the KenLM check of the ARPA export will be skipped (pip install kenlm)" >&2; } || true

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: release
	.build/release/firth demo

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: release
	bash scripts/bench.sh

clean:
	rm -rf .build
