# Sourced by a stage file of make bench (bench-serve.sh, bench-compare.sh) when it runs on its
# own: bench_standalone NAME sets the knobs scripts/bench.sh reads (BENCH_RUNS, BENCH_CORPORA,
# FIRTH), makes a work folder removed on exit, and takes bench.sh's measure and row, so a
# stage times the same way alone as inside the whole run. NAME prefixes its error messages.
bench_standalone() {
    set -euo pipefail
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
    RUNS=${BENCH_RUNS:-3}
    CORPORA=${BENCH_CORPORA:-../shared/corpora}
    FIRTH=${FIRTH:-.build/release/firth}
    TIME=/usr/bin/time
    BENCH_NAME=$1
    die() { echo "$BENCH_NAME: $*" >&2; exit 1; }
    [ -x "$FIRTH" ] || die "no release build at $FIRTH: swift build -c release"
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/firth-$BENCH_NAME.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
    eval "$(sed -n '/^measure() {/,/^}/p; /^row() {/,/^}/p' scripts/bench.sh)"
}
