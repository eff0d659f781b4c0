#!/usr/bin/env bash
# bench/engines.sh — ingest of the same articles into SQLite and into
# PostgreSQL, each into a fresh store, pinned to one core (taskset -c 0):
# the first N (20,000) articles of the bench corpus's JSONL, coded as they
# are stored. PostgreSQL is a throwaway cluster with its default durability
# (tests/pg-cluster start --durable), its server on whichever core is free.
# Run by bench/run (`make bench`); alone: bash bench/engines.sh [JSONL [N]].
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-${SITREP_BIN:-build/sitrep}}
SRC=${1:-bench/out/corpus/store.jsonl}
N=${2:-20000}
OUT=bench/out/engines
[ -s "$SRC" ] || { echo "engines: no $SRC (make bench generates it)" >&2; exit 1; }
mkdir -p "$OUT"
PIN=()
if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then PIN=(taskset -c 0); fi
head -n "$N" "$SRC" >"$OUT/in.jsonl"
bytes=$(stat -c %s "$OUT/in.jsonl")
line() { # line LABEL SECONDS SUMMARY
	awk -v l="$1" -v t="$2" -v b="$bytes" -v n="$N" -v s="$3" 'BEGIN {
		printf "  %-22s %7.1f s  %6.2f MB/s  %6.0f docs/s   %s\n", l, t, b / 1048576 / t, n / t, s }'
}
secs() { awk '{ print $1 }' "$1" | tail -1; }
echo "ingest of the same $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MB ($N JSONL articles, coded as stored), each into a fresh store${PIN[*]:+, pinned with '${PIN[*]}'}:"
rm -f "$OUT"/lite.db*
/usr/bin/time -f '%e' -o "$OUT/time.lite" "${PIN[@]}" "$BIN" ingest --db "$OUT/lite.db" --json --quiet \
	"$OUT/in.jsonl" >"$OUT/out.lite" 2>/dev/null || true
line "SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)" "$(secs "$OUT/time.lite")" "$(cat "$OUT/out.lite")"
if ! pg_env=$(tests/pg-cluster start --durable 2>"$OUT/pg.err"); then
	echo "  PostgreSQL: not measured ($(tail -1 "$OUT/pg.err"))"
	exit 0
fi
eval "$pg_env"
trap 'tests/pg-cluster stop' EXIT
/usr/bin/time -f '%e' -o "$OUT/time.pg" "${PIN[@]}" "$BIN" ingest --db "$SITREP_TEST_PG" --json --quiet \
	"$OUT/in.jsonl" >"$OUT/out.pg" 2>"$OUT/err.pg" || true
line "PostgreSQL $(psql -At "$SITREP_TEST_PG" -c 'SHOW server_version' 2>/dev/null | cut -d' ' -f1)" \
	"$(secs "$OUT/time.pg")" "$(cat "$OUT/out.pg")"
