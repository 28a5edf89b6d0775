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

.PHONY: deps test-deps build release demo test bench clean fuzz

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

clean:
	rm -rf .build
