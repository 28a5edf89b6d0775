#!/usr/bin/env bash
# make bench: the release benchmarks on the benchmark corpus (all of ../shared/corpora), one
# table row per stage. Run from anywhere; `make bench` builds the release binary first.
#
#   BENCH_RUNS=5 make bench       runs per stage (default 3): the median time is shown,
#                                 and the largest peak RSS of the runs
#   BENCH_CORPORA=DIR             another corpus folder (default ../shared/corpora)
#
# Each stage is one function that runs its command through `measure` and prints one `row`.
# The ingest stage leaves its database in $DB for the stages after it. To add a stage, write
# a function like stage_ingest and call it at the bottom.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${BENCH_RUNS:-3}
CORPORA=${BENCH_CORPORA:-../shared/corpora}
FIRTH=.build/release/firth
TIME=/usr/bin/time

die() { echo "bench: $*" >&2; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer, not '$RUNS'"
[ -d "$CORPORA" ] || die "no corpus at $CORPORA: the benchmark corpus is ../shared/corpora beside the project (or set BENCH_CORPORA)"
[ -x "$FIRTH" ] || die "no release build at $FIRTH: run 'make bench' (it builds one) or 'swift build -c release'"
[ -x "$TIME" ] || die "$TIME is missing: install the 'time' package (the shell builtin cannot report peak memory)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/firth-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/bench.sqlite

# The bytes firth reads: regular files below the corpus folder, hidden ones skipped as it does.
CORPUS_BYTES=$(find "$CORPORA" -type f -not -path '*/.*' -printf '%s\n' | awk '{ n += $1 } END { print n + 0 }')
TOKENS=0   # set by stage_ingest

# measure PREPARE COMMAND...: runs PREPARE (untimed; `true` for nothing) then COMMAND, $RUNS
# times. Sets SECONDS_MEDIAN (median wall-clock seconds) and RSS_MB (largest peak resident set
# of the runs, in MiB: the KiB /usr/bin/time reports, divided by 1024). MB/s is 10^6 bytes.
measure() {
    local prepare=$1; shift
    local times=() peak_kb=0 i seconds kb
    for ((i = 1; i <= RUNS; i++)); do
        "$prepare"
        if ! "$TIME" -f "%e %M" -o "$WORK/time" "$@" >"$WORK/stdout" 2>"$WORK/stderr"; then
            tail -n 20 "$WORK/stderr" >&2
            die "failed: $*"
        fi
        read -r seconds kb <"$WORK/time"
        times+=("$seconds")
        if ((kb > peak_kb)); then peak_kb=$kb; fi
    done
    SECONDS_MEDIAN=$(printf '%s\n' "${times[@]}" | sort -g |
        awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
    RSS_MB=$(awk -v kb="$peak_kb" 'BEGIN { printf "%.0f", kb / 1024 }')
}

# per_second AMOUNT SECONDS SCALE FORMAT: AMOUNT / SECONDS / SCALE printed with FORMAT, or "-".
per_second() {
    awk -v n="$1" -v s="$2" -v scale="$3" -v format="$4" 'BEGIN { if (n <= 0 || s <= 0) print "-"; else printf format, n / s / scale }'
}

# row STAGE SECONDS MB_PER_S TOKENS_PER_S RSS_MIB: one line of the table ("-" where it does not apply).
row() {
    printf '%-22s %9s %9s %13s %13s\n' "$@"
}

fresh_database() { rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"; }

# --- stages ---------------------------------------------------------------------------------

stage_ingest() {
    measure fresh_database "$FIRTH" ingest "$CORPORA" --db "$DB" --quiet
    TOKENS=$("$FIRTH" stats --db "$DB" --format tsv | awk -F '\t' 'NR == 2 { print $2 }')
    row ingest "$SECONDS_MEDIAN" "$(per_second "$CORPUS_BYTES" "$SECONDS_MEDIAN" 1e6 %.1f)" \
        "$(per_second "$TOKENS" "$SECONDS_MEDIAN" 1 %.0f)" "$RSS_MB"
}

# --- the run --------------------------------------------------------------------------------

cpu=$(awk -F ': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo "firth bench: $CORPORA ($(awk -v b="$CORPUS_BYTES" 'BEGIN { printf "%.1f", b / 1e6 }') MB); runs per stage: $RUNS (median time, largest peak RSS)"
echo "machine: ${cpu:-unknown CPU}, $(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo
row stage seconds "MB/s" "tokens/s" "peak RSS MiB"
row ----- ------- ---- -------- -----------
stage_ingest
