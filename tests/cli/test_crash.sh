#!/usr/bin/env bash
# Crash safety of `sitrep ingest`: kill -9 at random moments must leave a
# database that passes PRAGMA integrity_check, and a re-run must end with
# exactly what an uninterrupted run stores (same documents, same ids, same
# near-duplicate links) — batches are transactions and storing is idempotent.
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; }
check() { # check NAME COMMAND...
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then ok "$name"; else notok "$name"; fi
}
if ! command -v sqlite3 >/dev/null; then
	echo "ok - crash safety # SKIP sqlite3 CLI not installed"
	exit 0
fi

# 10,000 small articles from varied sentences: each combines different
# subjects, verbs, places and numbers, so no two are (near-)duplicates.
awk -v n=10000 'BEGIN {
	srand(20240601)
	split("Belarusian troops|Russian units|NATO observers|Polish border guards|Lithuanian officials|The defence ministry|Air defence crews|Railway engineers|Customs officers|Local authorities|Military police|Signal battalions", subj, "|")
	split("moved equipment to|held exercises near|reported drills around|inspected depots in|announced checks at|deployed radars near|repaired bridges outside|trained reservists in|opened a camp close to|tested communications in", verb, "|")
	split("Grodno|Brest|Vitebsk|Gomel|Mogilev|Minsk|Baranovichi|Lida|Pinsk|Orsha|Polotsk|Slutsk|Bobruisk|Borisov", place, "|")
	split("on Monday|on Tuesday|late on Wednesday|early on Thursday|on Friday|over the weekend|last week|this month", when, "|")
	for (i = 1; i <= n; i++) {
		body = ""
		k = 4 + int(rand() * 5)
		for (s = 0; s < k; s++) {
			body = body sprintf("%s %s %s %s, with %d vehicles and %d people in unit %d. ",
				subj[1 + int(rand() * 12)], verb[1 + int(rand() * 10)], place[1 + int(rand() * 14)],
				when[1 + int(rand() * 8)], 1 + int(rand() * 400), 10 + int(rand() * 5000), i * 7 + s)
		}
		printf "{\"id\":\"c%d\",\"title\":\"Report %d from %s\",\"date\":\"2023-%02d-%02d\",\"text\":\"%s\"}\n",
			i, i, place[1 + int(rand() * 14)], 1 + i % 12, 1 + i % 28, body
	}
}' >"$tmp/in.jsonl"
check "generated 10,000 articles" test "$(wc -l <"$tmp/in.jsonl")" -eq 10000

# What the store holds, as one line: counts and a digest of ids, hashes, links.
state() {
	sqlite3 "$1" "SELECT count(*), count(dup_of) FROM documents;" 2>/dev/null | tr '\n' ' '
	sqlite3 "$1" "SELECT id, hex(content_hash), dup_of FROM documents ORDER BY id;" 2>/dev/null | md5sum | cut -c1-32
}
integrity() { [ "$(sqlite3 "$1" 'PRAGMA integrity_check;' 2>&1)" = ok ]; }

now_ms() { date +%s%3N; }
t0=$(now_ms)
"$bin" ingest --quiet --db "$tmp/ref.db" "$tmp/in.jsonl" >/dev/null 2>"$tmp/ref.err"
rc=$?
t1=$(now_ms)
check "reference ingest exits 0" test $rc -eq 0
ref=$(state "$tmp/ref.db")
check "reference run stored documents" test "$(sqlite3 "$tmp/ref.db" 'SELECT count(*) FROM documents')" -gt 9000
dur=$((t1 - t0))
[ $dur -lt 50 ] && dur=50

# Ten interrupted runs at random moments: even ones into a fresh database
# each, odd ones all into the same one (resuming what the last left).
for i in $(seq 1 10); do
	if [ $((i % 2)) -eq 0 ]; then db="$tmp/fresh$i.db"; else db="$tmp/same.db"; fi
	"$bin" ingest --quiet --db "$db" "$tmp/in.jsonl" >/dev/null 2>&1 &
	pid=$!
	ms=$((RANDOM % dur))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if integrity "$db"; then ok "kill -9 after ${ms} ms (run $i): integrity_check ok"
	else notok "kill -9 after ${ms} ms (run $i): integrity_check ok"; fi
	if [ $((i % 2)) -eq 0 ]; then
		"$bin" ingest --quiet --db "$db" "$tmp/in.jsonl" >/dev/null 2>&1
		check "run $i resumed: same store as the reference" test "$(state "$db")" = "$ref"
	fi
done

"$bin" ingest --quiet --db "$tmp/same.db" "$tmp/in.jsonl" >/dev/null 2>&1
check "re-run after five kills exits 0" test $? -eq 0
check "integrity_check ok at the end" integrity "$tmp/same.db"
check "same store as the uninterrupted run" test "$(state "$tmp/same.db")" = "$ref"
"$bin" ingest --json --db "$tmp/same.db" "$tmp/in.jsonl" >"$tmp/again.json" 2>/dev/null
check "one more run adds nothing" grep -q '"added":0,' "$tmp/again.json"
