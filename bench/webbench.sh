#!/usr/bin/env bash
# bench/webbench.sh — load on `sitrep serve` over the 100,000-article bench
# store: wrk (-t2 -c100 --latency) against
#   (a) the search page  /search?q=QUERY, the queries of
#       bench/out/corpus/queries.txt in turn (up to 1,000; a wrk Lua script)
#   (b) article pages    /article/ID, ID random in 1..N (a wrk Lua script)
#   (c) the search API   /api/v1/search?q=QUERY, the same queries
# with the answer cache on (as served), then (a) and (b) again on a server
# with the cache off (--cache-mb 0): every answer computed.
# printing requests/s, p50 and p99 latency and errors (socket errors and
# non-2xx answers) for each, and the server's resident memory (VmRSS) before,
# sampled every second during each run (the largest), and after: it should
# stay flat, a request's memory being given back when it is answered.
#
# The store is bench/run's (bench/out/store.db, ingested from
# bench/out/corpus/store.jsonl); when it is not there but the corpus is, it is
# ingested; with neither, run `make bench` (bench/run) first.
# Settings: BENCH_WEB_SECONDS (60) per run, BENCH_WEB_THREADS (2) server
# threads, BENCH_WEB_CONNECTIONS (100), BENCH_WEB_QUERY (the first line of
# bench/out/corpus/queries.txt). The table also goes to bench/out/webbench.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
BIN=${SITREP_BIN:-$BUILD/sitrep}
OUT=bench/out
C=$OUT/corpus
DB=${BENCH_WEB_DB:-$OUT/store.db}
SECS=${BENCH_WEB_SECONDS:-60}
THREADS=${BENCH_WEB_THREADS:-2}
CONNS=${BENCH_WEB_CONNECTIONS:-100}

[ -x "$BIN" ] || { echo "webbench: no sitrep binary at $BIN (make sitrep)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "webbench: needs wrk (Debian package 'wrk'; scripts/install-deps --test)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "webbench: needs sqlite3 (scripts/install-deps)" >&2; exit 1; }
mkdir -p "$OUT"

if [ ! -s "$DB" ]; then
	[ -s "$C/store.jsonl" ] || { echo "webbench: no $DB and no $C/store.jsonl: run bench/run (make bench) first" >&2; exit 1; }
	echo "webbench: ingesting $C/store.jsonl into $DB ..." >&2
	rm -f "$DB" "$DB-wal" "$DB-shm"
	"$BIN" ingest --db "$DB" --quiet "$C/store.jsonl" >/dev/null
fi
NDOCS=$(sqlite3 -readonly "$DB" 'SELECT count(*) FROM documents')
MAXID=$(sqlite3 -readonly "$DB" 'SELECT max(id) FROM documents')
QUERY=${BENCH_WEB_QUERY:-}
if [ -z "$QUERY" ] && [ -s "$C/queries.txt" ]; then QUERY=$(head -1 "$C/queries.txt"); fi
QUERY=${QUERY:-Belarus Russia}
# the query, URL-encoded (bytes other than [A-Za-z0-9._-] as %XX, a space as +)
urlenc() {
	local LC_ALL=C s=$1 i c out=
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[A-Za-z0-9._-]) out+=$c ;;
		' ') out+=+ ;;
		*) out+=$(printf '%%%02X' "'$c") ;;
		esac
	done
	printf '%s' "$out"
}
QENC=$(urlenc "$QUERY")
# the queries to cycle through, URL-encoded, as a Lua list
QUERIES_LUA=
if [ -s "$C/queries.txt" ]; then
	while IFS= read -r q; do
		[ -n "$q" ] && QUERIES_LUA+="\"$(urlenc "$q")\","
	done < <(head -1000 "$C/queries.txt")
fi
[ -n "$QUERIES_LUA" ] || QUERIES_LUA="\"$QENC\","
NQUERIES=$(printf '%s' "$QUERIES_LUA" | tr -cd ',' | wc -c)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/webbench.XXXXXX")
SRV=
cleanup() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null && wait "$SRV" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

"$BIN" serve --db "$DB" --port 0 --threads "$THREADS" 2>"$tmp/serve.err" &
SRV=$!
URL=
for _ in $(seq 100); do
	URL=$(sed -n 's#^sitrep: serving .* on \(http://[^ ]*\)/ (Ctrl-C to stop)$#\1#p' "$tmp/serve.err" | head -1)
	[ -n "$URL" ] && break
	kill -0 "$SRV" 2>/dev/null || break
	sleep 0.1
done
[ -n "$URL" ] || { echo "webbench: the server did not start: $(cat "$tmp/serve.err")" >&2; exit 1; }

rss() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$SRV/status"; }
# anonymous (heap, stacks, page caches) and file-backed parts, MB
rss_parts() { awk '/^RssAnon:/ { a = $2 } /^RssFile:/ { f = $2 } END { printf "anon %.1f, file %.1f", a / 1024, f / 1024 }' "/proc/$SRV/status"; }
# sample_rss FILE: VmRSS in MB every second into FILE, until killed
sample_rss() { while :; do rss >>"$1"; echo >>"$1"; sleep 1; done; }

cat >"$tmp/article.lua" <<EOF
-- a random article id in 1..$MAXID per request (fixed seed: runs compare)
math.randomseed(20240304)
request = function()
	return wrk.format("GET", "/article/" .. math.random(1, $MAXID))
end
EOF

for kind in search api; do
	prefix=/search; [ "$kind" = api ] && prefix=/api/v1/search
	cat >"$tmp/$kind.lua" <<EOF
-- the queries in turn, each thread from its own place
local qs = { $QUERIES_LUA }
local i = 0
setup = function(thread) i = i + 1; thread:set("start", i * 97) end
init = function(args) n = start end
request = function()
	n = n + 1
	return wrk.format("GET", "$prefix?q=" .. qs[(n % #qs) + 1])
end
EOF
done

# Every script reports, when wrk ends, the sum of the latencies in wrk's
# histogram: by Little's law the sum of the latencies the connections lived
# through cannot exceed connections × seconds (one request out at a time).
# wrk 4.1 corrects its histogram for coordinated omission before it reports
# (stats_correct in wrk.c): every latency above twice the mean interval
# between a connection's requests adds samples at latency − interval,
# latency − 2 × interval, …: the requests a client sending at a steady rate
# would have sent, and had answered late, while this one waited. The ratio
# in the table says how much of the histogram those added samples are: 1
# with none, above 1 where answers came late (the cold pass over the search
# queries), and the percentiles are then those of the steady-rate client.
for kind in search api article; do
	cat >>"$tmp/$kind.lua" <<LUA
done = function(summary, latency, requests)
	local f = io.open("$tmp/done.lua.out", "w")
	f:write(string.format("%.3f %d\\n", latency.mean * summary.requests / 1e6, summary.requests))
	f:close()
end
LUA
done

RSS_START=$(rss)
# a few requests of each kind first, so that "before" holds the workers' stores
for p in "/search?q=$QENC" "/article/1" "/api/v1/search?q=$QENC"; do
	for _ in 1 2 3 4; do curl -s -o /dev/null "$URL$p" || true; done
done
RSS_BEFORE="$(rss) ($(rss_parts))"

declare -A RPS P50 P99 ERR N2XX REQS RSSMAX RSSAFTER KB LITTLE
# run NAME PATH [LUA]: wrk against PATH (or the Lua script) for SECS
run() {
	local name=$1 path=$2 lua=${3:-}
	local args=(-t2 -c"$CONNS" -d"${SECS}s" --latency)
	[ -n "$lua" ] && args+=(-s "$lua")
	echo "webbench: $name: wrk ${args[*]} $URL$path ..." >&2
	: >"$tmp/rss.$name"
	sample_rss "$tmp/rss.$name" &
	local sp=$!
	wrk "${args[@]}" "$URL$path" >"$tmp/wrk.$name" 2>&1 || true
	kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null || true
	sleep 1
	RSSAFTER[$name]="$(rss) ($(rss_parts))"
	RSSMAX[$name]=$(sort -n "$tmp/rss.$name" | tail -1)
	cp "$tmp/wrk.$name" "$OUT/webbench.wrk.$name"
	RPS[$name]=$(awk '/^Requests\/sec:/ { print $2 }' "$tmp/wrk.$name")
	REQS[$name]=$(awk '/requests in/ { print $1 }' "$tmp/wrk.$name")
	# bytes per answer: the pages are whole, not error stubs
	KB[$name]=$(awk '/requests in/ { n = $1; v = $5; u = v; sub(/[0-9.]+/, "", u); sub(/[A-Za-z,]+$/, "", v)
		m = u ~ /^GB/ ? 1048576 : u ~ /^MB/ ? 1024 : u ~ /^KB/ ? 1 : 1 / 1024
		if (n > 0) printf "%.1f", v * m / n }' "$tmp/wrk.$name")
	# the latency distribution: "50%  1.23ms"
	P50[$name]=$(awk '$1 == "50%" { print $2 }' "$tmp/wrk.$name")
	P99[$name]=$(awk '$1 == "99%" { print $2 }' "$tmp/wrk.$name")
	ERR[$name]=$(awk '/Socket errors:/ { gsub(",", ""); print "connect " $4 " read " $6 " write " $8 " timeout " $10 }' "$tmp/wrk.$name")
	ERR[$name]=${ERR[$name]:-"connect 0 read 0 write 0 timeout 0"}
	LITTLE[$name]=$(awk -v c="$CONNS" -v t="$SECS" '{ if (c * t > 0) printf "%.2f", $1 / (c * t) }' \
		"$tmp/done.lua.out" 2>/dev/null || true)
	rm -f "$tmp/done.lua.out"
	N2XX[$name]=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$tmp/wrk.$name")
	N2XX[$name]=${N2XX[$name]:-0}
}
run search "/search" "$tmp/search.lua"
# the same queries again: every answer now in the cache
run search_warm "/search" "$tmp/search.lua"
run article "/article/1" "$tmp/article.lua"
run api "/api/v1/search" "$tmp/api.lua"
RSS_AFTER="$(rss) ($(rss_parts))"

# the server must still be there, and stop cleanly
alive=yes
kill -0 "$SRV" 2>/dev/null || alive="NO (it died)"
kill -TERM "$SRV"
stop_rc=0
wait "$SRV" || stop_rc=$?
SRV=

# again with the cache off: every answer is computed
"$BIN" serve --db "$DB" --port 0 --threads "$THREADS" --cache-mb 0 2>"$tmp/serve.err" &
SRV=$!
URL=
for _ in $(seq 100); do
	URL=$(sed -n 's#^sitrep: serving .* on \(http://[^ ]*\)/ (Ctrl-C to stop)$#\1#p' "$tmp/serve.err" | head -1)
	[ -n "$URL" ] && break
	kill -0 "$SRV" 2>/dev/null || break
	sleep 0.1
done
[ -n "$URL" ] || { echo "webbench: the uncached server did not start: $(cat "$tmp/serve.err")" >&2; exit 1; }
run search_cold "/search" "$tmp/search.lua"
run article_cold "/article/1" "$tmp/article.lua"
kill -TERM "$SRV"
wait "$SRV" || true
SRV=

{
	echo "web server load — $(date -u +%Y-%m-%dT%H:%MZ) — $("$BIN" --version 2>/dev/null || echo sitrep)"
	echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1); wrk on the same machine"
	echo "store: $DB, $NDOCS articles (ids 1..$MAXID), $(du -m "$DB" | cut -f1) MB; sitrep serve --threads $THREADS"
	echo "load: wrk -t2 -c$CONNS -d${SECS}s --latency; $NQUERIES search queries in turn (bench/out/corpus/queries.txt)"
	echo
	printf '%-30s %10s %10s %10s %10s %7s %8s %8s  %-40s\n' "run" "requests" "req/s" "p50" "p99" "Little" "non-2xx" "KB/resp" "socket errors"
	for n in search search_warm article api search_cold article_cold; do
		case $n in
		search) label="/search?q=…, first pass" ;;
		search_warm) label="/search?q=…, again (cached)" ;;
		article) label="/article/<random id>" ;;
		api) label="/api/v1/search?q=…" ;;
		search_cold) label="/search?q=…, no cache" ;;
		article_cold) label="/article/<random>, no cache" ;;
		esac
		printf '%-30s %10s %10s %10s %10s %7s %8s %8s  %-40s\n' "$label" "${REQS[$n]:--}" "${RPS[$n]:--}" "${P50[$n]:--}" \
			"${P99[$n]:--}" "${LITTLE[$n]:--}" "${N2XX[$n]}" "${KB[$n]:--}" "${ERR[$n]}"
	done
	echo "Little: the latencies in wrk's histogram, summed, over connections × seconds: 1 when they are the"
	echo "requests sent; above 1, wrk has added the late answers a client sending at a steady rate would"
	echo "have had (its coordinated-omission correction), and the percentiles are that client's."
	echo
	echo "server VmRSS (MB): at start $RSS_START; warmed, before the runs $RSS_BEFORE"
	for n in search article api; do
		echo "  $n: largest during $(printf '%s' "${RSSMAX[$n]}"), 1 s after ${RSSAFTER[$n]}"
	done
	echo "  after all runs $RSS_AFTER"
	echo "server alive after the runs: $alive; exit status on SIGTERM: $stop_rc"
} | tee "$OUT/webbench.txt"
