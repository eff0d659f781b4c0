#!/usr/bin/env bash
# The PostgreSQL engine end to end, through the CLI: the sample corpus
# ingested into PostgreSQL gives what it gives in SQLite (counts, events,
# series, bulletin, search hits); a second ingest adds nothing; two ingests
# at once store each article once; an ingest killed half-way and run again
# leaves no duplicate and no gap; `serve` reads it; a server that is not
# there is a fatal error (exit 3) that does not print the password.
#
# Needs $SITREP_TEST_PG (tests/run starts a throwaway cluster) and psql;
# skipped without them.
set -u
cd "$(dirname "$0")/../.."
. tests/cli/lib.sh
bin=${SITREP_BIN:?SITREP_BIN is not set}
names="same counts|same events|same series|same bulletin|same search hits|second ingest adds nothing"
names="$names|concurrent ingests store each article once|killed ingest resumes|serve reads PostgreSQL"
names="$names|a missing server is exit 3|the password is not printed"
names="$names|fetch into PostgreSQL under faults: each item once|watch killed and resumed: no item lost or twice"
names="$names|serve answers again after the server restarts"
if [ -z "${SITREP_TEST_PG:-}" ] || ! command -v psql >/dev/null 2>&1; then
	IFS='|'
	for n in $names; do echo "ok - $n # SKIP no PostgreSQL server (SITREP_TEST_PG) or psql"; done
	exit 0
fi
tmp=$(mktemp -d)
cleanup() {
	[ -n "${spid:-}" ] && kill "$spid" 2>/dev/null
	[ -n "${fpid:-}" ] && kill "$fpid" 2>/dev/null
	psql -q "$SITREP_TEST_PG" -c "DO \$\$DECLARE r record; BEGIN FOR r IN SELECT nspname FROM pg_namespace
		WHERE nspname LIKE 'cli\_$$\_%' LOOP EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname); END LOOP; END\$\$" \
		>/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
# fresh NAME: a new empty schema (all dropped at exit); prints the store's address
fresh() {
	local s="cli_$$_$1"
	psql -q "$SITREP_TEST_PG" -c "DROP SCHEMA IF EXISTS $s CASCADE; CREATE SCHEMA $s" >/dev/null 2>&1
	echo "$SITREP_TEST_PG?options=-csearch_path%3D$s"
}
corpus=examples/corpus
lite="$tmp/lite.db"
pg=$(fresh main)
"$bin" ingest --db "$lite" --quiet "$corpus"
"$bin" ingest --db "$pg" --quiet "$corpus"

same() { # same NAME ARGS...: the command's output is the same on both engines
	local name=$1; shift
	"$bin" "$@" --db "$lite" >"$tmp/a" 2>&1
	"$bin" "$@" --db "$pg" >"$tmp/b" 2>&1
	if [ -s "$tmp/a" ] && cmp -s "$tmp/a" "$tmp/b"; then echo "ok - $name"; else
		echo "not ok - $name"; diff "$tmp/a" "$tmp/b" | head -5; fi
}
same "same counts" stats --json
same "same events" events --json
same "same series" trend --party BLR --by month --json
same "same bulletin" bulletin --latest --format md
# Ranking differs by engine (BM25 against ts_rank): the same articles match.
for db in "$lite" "$pg"; do
	"$bin" search --db "$db" --json --limit 100 "exercise OR учения" |
		python3 -c 'import json,sys; print(sorted(json.loads(l)["id"] for l in sys.stdin))'
done >"$tmp/hits"
check "same search hits" test "$(sed -n 1p "$tmp/hits")" = "$(sed -n 2p "$tmp/hits")" -a "$(wc -c <"$tmp/hits")" -gt 10

"$bin" ingest --db "$pg" --json "$corpus" >"$tmp/again" 2>/dev/null
check "second ingest adds nothing" grep -q '"added":0,' "$tmp/again"

# Two writers at once: each waits for the other's batch; every article once.
pg2=$(fresh twice)
"$bin" ingest --db "$pg2" --quiet "$corpus" & a=$!
"$bin" ingest --db "$pg2" --quiet "$corpus" & b=$!
wait $a; ra=$?
wait $b; rb=$?
"$bin" stats --db "$pg2" --json >"$tmp/s2"
"$bin" stats --db "$lite" --json >"$tmp/s1"
check "concurrent ingests store each article once" test $ra -eq 0 -a $rb -eq 0 -a "$(cat "$tmp/s1")" = "$(cat "$tmp/s2")"

# kill -9 at random moments, then a full run: the same articles and events
# as a run never interrupted (compared by content hash: ids lost to a
# rolled-back transaction leave gaps in PostgreSQL's sequences).
python3 - "$tmp/many.jsonl" <<'PY'
import json, random, sys
r = random.Random(7)
who = ["Belarus", "Russia", "Poland", "Lithuania", "NATO", "Ukraine", "Latvia"]
verbs = ["held joint exercises with", "signed an agreement with", "criticized", "met officials of"]
with open(sys.argv[1], "w") as f:
    for i in range(1500):
        a, b = r.sample(who, 2)
        words = " ".join(r.choice("alpha beta gamma delta epsilon zeta eta theta".split()) + str(r.randrange(10000)) for _ in range(40))
        text = f"{a} {r.choice(verbs)} {b} on March {1 + i % 28}, 2024. {words}."
        f.write(json.dumps({"id": f"m{i}", "date": "2024-03-%02d" % (1 + i % 28), "title": f"Report {i}", "text": text}) + "\n")
PY
digest() {
	psql -At "$1" -c "SELECT encode(d.content_hash, 'hex'), encode(o.content_hash, 'hex')
		FROM documents d LEFT JOIN documents o ON o.id = d.dup_of ORDER BY 1" | md5sum
	psql -At "$1" -c "SELECT encode(d.content_hash, 'hex'), e.sentence, e.cameo, e.source, e.target, e.date
		FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY 1, 2, 3, 4, 5" | md5sum
}
ref=$(fresh ref)
t0=$(date +%s%3N)
"$bin" ingest --db "$ref" --quiet "$tmp/many.jsonl"
dur=$(( $(date +%s%3N) - t0 ))
[ $dur -lt 100 ] && dur=100
pg3=$(fresh killed)
for i in 1 2 3; do
	"$bin" ingest --db "$pg3" --quiet "$tmp/many.jsonl" & k=$!
	ms=$((RANDOM % dur))
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 $k 2>/dev/null
	wait $k 2>/dev/null
done
"$bin" ingest --db "$pg3" --quiet "$tmp/many.jsonl"
check "killed ingest resumes" test "$(digest "$ref")" = "$(digest "$pg3")" -a \
	"$(psql -At "$ref" -c 'SELECT count(*) FROM events')" -gt 100

"$bin" serve --db "$pg" --port 0 2>"$tmp/serve.err" &
spid=$!
port=
for _ in $(seq 50); do
	port=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/serve.err" 2>/dev/null | head -n 1 | sed 's|.*:\([0-9]*\)/|\1|')
	[ -n "$port" ] && break
	sleep 0.1
done
curl -s "http://127.0.0.1:${port:-1}/api/v1/search?q=Union+Shield" >"$tmp/api" 2>/dev/null
pycheck "serve reads PostgreSQL" "$tmp/api" 'rows[0]["total"] >= 1 and "Union" in rows[0]["items"][0]["title"]'

# The server restarts under a running `serve` (every connection cut): its
# workers connect again and answer, no request after the restart fails.
if [ -n "${SITREP_PG_DIR:-}" ] && [ -n "$port" ]; then
	for u in "/search?q=Minsk" "/api/v1/events?limit=2"; do curl -s -o /dev/null "http://127.0.0.1:$port$u"; done
	tests/pg-cluster restart
	codes=
	for u in "/search?q=Union+Shield" "/api/v1/events?limit=3" "/article/3" "/search?q=Moscow" "/api/v1/events?limit=5" "/"; do
		codes="$codes $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$u")"
	done
	check "serve answers again after the server restarts" test "$codes" = " 200 200 200 200 200 200"
else
	echo "ok - serve answers again after the server restarts # SKIP not our own cluster (SITREP_PG_DIR)"
fi

"$bin" stats --db "postgresql://sitrep:s3cret@127.0.0.1:1/none?connect_timeout=2" >"$tmp/o" 2>"$tmp/e"
rc=$?
check "a missing server is exit 3" test $rc -eq 3
check "the password is not printed" sh -c "! grep -q s3cret '$tmp/e' && grep -q '127.0.0.1:1/none' '$tmp/e'"

# The live intake into PostgreSQL: the fixture feed server failing every
# third request, then watch killed at random moments (tests/cli/test_fetch.sh
# does all of it on SQLite).
python3 tests/fixtures/feeds/feedserver.py --limit 300 >"$tmp/fport" 2>"$tmp/fserver.err" &
fpid=$!
for _ in $(seq 50); do [ -s "$tmp/fport" ] && break; sleep 0.1; done
B=http://127.0.0.1:$(head -1 "$tmp/fport")
q() { psql -At "$1" -c "$2"; }
pgf=$(fresh fetch)
curl -s "$B/control?fault=1" >/dev/null
codes=
for i in $(seq 8); do
	"$bin" fetch --db "$pgf" --host-delay 0 --timeout 5 --tries 1 "$B/rss.xml" "$B/atom.xml" >/dev/null 2>>"$tmp/fe"
	codes="$codes$?"
done
curl -s "$B/control?fault=0" >/dev/null
"$bin" fetch --db "$pgf" --host-delay 0 --timeout 5 "$B/rss.xml" "$B/atom.xml" >/dev/null 2>>"$tmp/fe"
codes="$codes$?"
check "fetch into PostgreSQL under faults: each item once" test -z "$(tr -d 01 <<<"$codes")" -a \
	"$(q "$pgf" 'SELECT count(*) FROM feed_items WHERE doc_id IS NOT NULL')" = 7 -a \
	"$(q "$pgf" 'SELECT count(*) FROM documents')" = 6 -a \
	"$(q "$pgf" 'SELECT count(*) FROM (SELECT url FROM documents GROUP BY url HAVING count(*) > 1) x')" = 0

pgw=$(fresh watch)
curl -s "$B/control?page_delay=0.1" >/dev/null
for i in 1 2 3; do
	"$bin" watch --db "$pgw" --host-delay 0 --timeout 5 --every 1s "$B/many.xml" "$B/rss.xml" >/dev/null 2>&1 &
	w=$!
	sleep "$(python3 -c 'import random; print(round(random.uniform(0.5, 2.0), 2))')"
	kill -9 $w 2>/dev/null
	wait $w 2>/dev/null
done
curl -s "$B/control?page_delay=0" >/dev/null
"$bin" fetch --db "$pgw" --host-delay 0 --timeout 5 "$B/many.xml" "$B/rss.xml" >/dev/null 2>&1
items=$(( $(curl -s "$B/many.xml" | grep -o '<item>' | wc -l) + $(curl -s "$B/rss.xml" | grep -o '<item>' | wc -l) ))
check "watch killed and resumed: no item lost or twice" test \
	"$(q "$pgw" 'SELECT count(*) FROM feed_items')" = "$items" -a \
	"$(q "$pgw" 'SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM feed_items WHERE doc_id IS NOT NULL)')" = 0 -a \
	"$(q "$pgw" 'SELECT count(*) FROM (SELECT content_hash FROM documents GROUP BY 1 HAVING count(*) > 1) x')" = 0
