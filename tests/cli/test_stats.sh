#!/usr/bin/env bash
# sitrep stats: counts that follow from what was ingested.
set -u
bin=$SITREP_BIN
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { local name=$1; shift; if "$@" >/dev/null 2>&1; then echo "ok - $name"; else echo "not ok - $name"; fi; }

printf '%s\n' \
 '{"id":"1","date":"2021-09-10","title":"Zapad begins","text":"The strategic exercise began on several ranges in Belarus and Russia with thousands of troops taking part in the opening phase."}' \
 '{"id":"2","date":"2023-06-16","title":"Nuclear weapons moved","text":"The first tactical nuclear warheads were reported delivered to Belarus after months of preparation of storage sites and training of crews."}' \
 >"$tmp/a.jsonl"
"$bin" ingest --quiet --db "$tmp/db" "$tmp/a.jsonl"
out=$("$bin" stats --db "$tmp/db" --json)
check "stats counts the documents" grep -q '"documents":2' <<<"$out"
check "stats gives the first date" grep -q '"first":"2021-09-10"' <<<"$out"
check "stats gives the last date" grep -q '"last":"2023-06-16"' <<<"$out"
check "stats text output" "$bin" stats --db "$tmp/db"
"$bin" stats --db "$tmp/db" extra >/dev/null 2>&1
check "stats with an argument is a usage error (2)" test $? -eq 2
check "stats --help" "$bin" stats --help
