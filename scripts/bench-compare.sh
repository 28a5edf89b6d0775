#!/usr/bin/env bash
# The comparing-parts stages of make bench (issue 18; sourced by scripts/bench.sh, which calls
# stage_keywords and stage_shift with $DB ingested).
#
# keywords: the State of the Union addresses (--source 'state_union/*') against the rest of the
# corpus, the issue's "keywords of one subcorpus against the rest ≤ 1 s"; then one half of the
# corpus against the other.
#
# shift: two halves of the corpus by document id (the first half of the documents and the
# rest), `firth shift water --from first --to second` on a fresh copy where neither half has a
# count or an embedding: the issue's "shift on two halves with --method svd embeddings ≤ 30 s
# including both embeddings", with the noise baseline it reports by default (the two random
# halves of `first`, counted and embedded too: four counts and four SVDs in all). Then the same
# with --noise none (two and two), and both queries again with everything stored. Each part's
# own seconds (count and SVD, as stored in cooccurrence_tables.seconds and embeddings.seconds)
# are printed under the rows.
#
# Run on its own, `bash scripts/bench-compare.sh` ingests the benchmark corpus (untimed) and
# runs only these two stages (BENCH_RUNS=3 runs each, the median shown).

# compare_copy: a copy of $DB with the two halves of the corpus and the State of the Union
# defined as subcorpora, and nothing counted or embedded for them.
compare_copy() {
    rm -f "$WORK/compare.sqlite"*
    cp "$DB" "$WORK/compare.sqlite"
    local documents half
    documents=$("$FIRTH" stats --db "$WORK/compare.sqlite" --format tsv | awk -F '\t' 'NR == 2 { print $1 }')
    half=$((documents / 2))
    "$FIRTH" subcorpus define first --where "document <= $half" --db "$WORK/compare.sqlite" >/dev/null
    "$FIRTH" subcorpus define second --where "document > $half" --db "$WORK/compare.sqlite" >/dev/null
    "$FIRTH" subcorpus define sotu --source 'state_union/*' --db "$WORK/compare.sqlite" >/dev/null
}

stage_keywords() {
    compare_copy
    measure true "$FIRTH" keywords --subcorpus sotu --db "$WORK/compare.sqlite"
    row "keywords sotu vs the rest (≤ 1 s)" "$SECONDS_MEDIAN" - - "$RSS_MB"
    measure true "$FIRTH" keywords --subcorpus first --reference second --db "$WORK/compare.sqlite"
    row "keywords half vs half" "$SECONDS_MEDIAN" - - "$RSS_MB"
    "$FIRTH" subcorpus list --db "$WORK/compare.sqlite" --format tsv | awk -F '\t' 'NR > 1 { printf "    %s: %s documents, %s tokens\n", $1, $2, $3 }'
    rm -f "$WORK/compare.sqlite"*
}

# The seconds each part's count and SVD took, as the database records them.
shift_parts() {
    "$FIRTH" spaces --db "$WORK/compare.sqlite" --format tsv |
        awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
                     $1 ~ /@/ { printf "    %s: %.2f s\n", $1, $col["seconds"] }'
}

stage_shift() {
    measure compare_copy "$FIRTH" shift water --from first --to second --quiet --db "$WORK/compare.sqlite"
    row "shift, 2 halves from nothing, noise (4 counts + 4 SVDs; ≤ 30 s)" "$SECONDS_MEDIAN" - - "$RSS_MB"
    shift_parts
    measure true "$FIRTH" shift water --from first --to second --quiet --db "$WORK/compare.sqlite"
    row "shift WORD, everything stored (read-only)" "$SECONDS_MEDIAN" - - "$RSS_MB"
    measure true "$FIRTH" shift --from first --to second --top 20 --quiet --db "$WORK/compare.sqlite"
    row "shift --top 20, everything stored" "$SECONDS_MEDIAN" - - "$RSS_MB"
    measure compare_copy "$FIRTH" shift water --from first --to second --noise none --quiet --db "$WORK/compare.sqlite"
    row "shift, 2 halves from nothing, --noise none (2 + 2)" "$SECONDS_MEDIAN" - - "$RSS_MB"
    rm -f "$WORK/compare.sqlite"*
}

# On its own: the ingested corpus these stages need, then only them.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    source "$(dirname "$0")/bench-standalone.sh"
    bench_standalone bench-compare
    DB=$WORK/bench.sqlite
    "$FIRTH" ingest "$CORPORA" --db "$DB" --quiet
    echo "machine: $(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
    stage_keywords
    stage_shift
    echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
fi
