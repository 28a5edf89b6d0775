#!/usr/bin/env bash
# The `firth serve` stage of make bench (sourced by scripts/bench.sh, which calls stage_serve
# with $DB counted and embedded; `firth shift` has its stage in scripts/bench-compare.sh).
#
# Run on its own, `bash scripts/bench-serve.sh` makes that database first (ingest, count, and
# an SVD embedding of the benchmark corpus, untimed) and runs only this stage:
#
#   BENCH_SERVE_SECONDS=60   length of the wrk run (default 60)
#   BENCH_RUNS=3             start-up runs (median)
#   BENCH_DB=FILE            use this counted and embedded database instead of making one
#   FIRTH=PATH               the firth binary (default .build/release/firth)
#
# serve: the time until the port answers (start-up), then wrk with 64 connections on 2 threads
# for BENCH_SERVE_SECONDS on the word page's nearest-words JSON (one word, as a page reload asks
# it: answered from the explorer's cache after the first), and 20 s on every word of the
# embedding in a fixed random order (each answer computed: questions asked together share one
# product with the whole embedding matrix). Both ask the embedding a word page uses (the
# default, as /api/word names it), by name. Each run also gives the server's CPU time per request (from /proc), which load on the
# machine inflates far less than latency. The server's resident memory is sampled every 5 s of
# the long run. wrk comes from Debian (`make bench` installs it as root).

# wrk_figure FILE: "req/s p50_ms p99_ms errors requests" from wrk's --latency output.
wrk_figure() {
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        $2 == "requests" && $3 == "in" { requests = $1 }
        /^Requests\/sec:/ { rate = $2 }
        /Socket errors:/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { errors += $5 }
        END { printf "%.0f %.2f %.2f %d %d\n", rate, p50, p99, errors, requests }' "$1"
}

# cpu_ticks PID: the process's user + system CPU time so far, in clock ticks (all its threads).
# Divided by the requests answered it gives the server's CPU per request, a figure that load on
# the machine does not inflate the way it inflates latency and rate.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
cpu_per_request() {   # TICKS_BEFORE TICKS_AFTER REQUESTS -> milliseconds of CPU per request
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", (n > 0 ? (b - a) * 1000 / hz / n : 0) }'
}

stage_serve() {
    if ! command -v wrk >/dev/null; then echo "(serve load skipped: no wrk; apt-get install wrk, or make bench as root)"; return 0; fi
    local port=18088 starts=() i t0 t1 pid
    start_server() {
        "$FIRTH" serve --db "$DB" --port "$port" >"$WORK/serve.out" 2>"$WORK/serve.err" &
        pid=$!
        t0=$(date +%s%N)
        until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
            kill -0 "$pid" 2>/dev/null || { cat "$WORK/serve.err" >&2; die "firth serve did not start"; }
            sleep 0.005
        done
        t1=$(date +%s%N)
    }
    stop_server() { kill -INT "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
    for ((i = 1; i <= RUNS; i++)); do
        start_server
        starts+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')")
        stop_server
    done
    local start
    start=$(printf '%s\n' "${starts[@]}" | sort -g | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
    row "serve start-up (until the port answers)" "$start" - - -

    start_server
    # The embedding a word page uses (the default when none is named), named in every request
    # below, so the label is the embedding queried.
    local embedding encoded
    embedding=$(curl -sf "http://127.0.0.1:$port/api/word?word=water" | sed -n 's/.*"default_embedding":"\([^"]*\)".*/\1/p')
    [ -n "$embedding" ] || die "the word endpoint names no default embedding: $(cat "$WORK/serve.err")"
    encoded=$(printf '%s' "$embedding" | sed 's/%/%25/g; s/+/%2B/g; s/@/%40/g; s/&/%26/g; s/#/%23/g; s/ /%20/g')
    local url="http://127.0.0.1:$port/api/neighbors?word=water&top=15&embedding=$encoded"
    curl -sf "$url" >/dev/null || die "the neighbors endpoint failed: $(cat "$WORK/serve.err")"   # loads the vectors
    local seconds=${BENCH_SERVE_SECONDS:-60} rss=() before after requests
    ( for ((i = 0; i <= seconds; i += 5)); do awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; sleep 5; done ) >"$WORK/rss" &
    local sampler=$!
    before=$(cpu_ticks "$pid")
    wrk -t2 -c64 -d"${seconds}s" --latency "$url" >"$WORK/wrk" 2>&1 || die "wrk failed: $(cat "$WORK/wrk")"
    after=$(cpu_ticks "$pid")
    wait "$sampler" 2>/dev/null || true
    mapfile -t rss <"$WORK/rss"
    read -r rate p50 p99 errors requests < <(wrk_figure "$WORK/wrk")
    row "serve neighbors JSON, wrk 64 conn ${seconds} s" - - - "$(awk -v kb="${rss[-1]}" 'BEGIN { printf "%.0f", kb / 1024 }')"
    echo "    one word (cached): $rate requests/s, p50 $p50 ms, p99 $p99 ms, $errors errors; server CPU $(cpu_per_request "$before" "$after" "$requests") ms per request; RSS every 5 s (MiB): $(printf '%s\n' "${rss[@]}" | awk '{ if (NR > 1) printf " "; printf "%.0f", $1 / 1024 }'); embedding $embedding"

    # Up to 20,000 different words, each computed once: the cost of a product with the whole
    # matrix. The words are the embedding's own (its projector metadata), so none is a 404.
    "$FIRTH" export embeddings --db "$DB" --embedding "$embedding" --format projector --top 20000 --out "$WORK/vectors.tsv" >/dev/null 2>&1 \
        || die "firth export embeddings failed"
    # (one metadata column: no header line, one word a line)
    awk 'BEGIN { srand(1) } { print rand() "\t" $0 }' "$WORK/vectors.metadata.tsv" | sort -k1,1 | cut -f 2- >"$WORK/words"
    rm -f "$WORK/vectors.tsv"
    # wrk's two threads take alternate words (none asks what the other just asked), and each
    # pass through the list asks another size (top), so no answer comes from the cache.
    cat >"$WORK/words.lua" <<LUA
local words = {}
for line in io.lines("$WORK/words") do words[#words + 1] = line end
local threads = 0
function setup(thread) thread:set("id", threads); threads = threads + 1 end
local i = -1
request = function()
    i = i + 1
    local n = i * 2 + id
    local word = words[n % #words + 1]:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)
    return wrk.format("GET", "/api/neighbors?top=" .. (15 + math.floor(n / #words)) .. "&word=" .. word .. "&embedding=$encoded")
end
LUA
    before=$(cpu_ticks "$pid")
    wrk -t2 -c64 -d20s --latency -s "$WORK/words.lua" "http://127.0.0.1:$port" >"$WORK/wrk" 2>&1 || die "wrk failed: $(cat "$WORK/wrk")"
    after=$(cpu_ticks "$pid")
    read -r rate p50 p99 errors requests < <(wrk_figure "$WORK/wrk")
    echo "    different words (each computed, $(wc -l <"$WORK/words") in random order): $rate requests/s, p50 $p50 ms, p99 $p99 ms, $errors errors; server CPU $(cpu_per_request "$before" "$after" "$requests") ms per request; embedding $embedding"
    stop_server
}

# On its own: the database these stages need, then only them.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    source "$(dirname "$0")/bench-standalone.sh"
    bench_standalone bench-serve
    DB=${BENCH_DB:-$WORK/bench.sqlite}
    if [ -z "${BENCH_DB:-}" ]; then
        "$FIRTH" ingest "$CORPORA" --db "$DB" --quiet
        "$FIRTH" count --db "$DB" --quiet
        "$FIRTH" embed --method svd --db "$DB" --quiet
    fi
    echo "machine: $(nproc) cores, load average $(cut -d ' ' -f 1-3 /proc/loadavg)"
    stage_serve
    echo "load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
fi
