#!/usr/bin/env bash
# sitrep fetch / watch: live intake against a fixture web server
# (tests/fixtures/feeds/feedserver.py) that serves RSS and Atom feeds, their
# pages, and misbehaving endpoints, and counts every request.
# Checked: each item stored exactly once (documents and feed_items counted
# in the store), conditional GETs answered 304 the second time (server-side
# counts), only the new items after the feed changes, broken/500/slow/loop/
# 1 GB feeds reported and survived, a fault mode where every third request
# fails, kill -9 of `watch` at random moments then one `fetch` (nothing lost,
# nothing twice), SIGTERM ending `watch` with 0, alerts delivered to a
# webhook exactly as `sitrep alerts` computes them over the final store (and
# as computed independently from `sitrep events --json`), and `search` and
# `serve` reading while `watch` writes.
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
. "$(dirname "$0")/lib.sh"
for tool in python3 curl; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "ok - fetch # SKIP $tool not installed"
		exit 0
	fi
done
root=${SITREP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
srv_pid= serve_pid= watch_pid=
cleanup() {
	for p in $watch_pid $serve_pid $srv_pid; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

python3 "$root/tests/fixtures/feeds/feedserver.py" --limit 300 >"$tmp/port" 2>"$tmp/server.err" &
srv_pid=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(head -1 "$tmp/port")
echo "# fixture server on 127.0.0.1:$port"
B=http://127.0.0.1:$port
check "fixture server started" test -n "$port"

# q DB SQL: one value from the store (Python's sqlite3, read-only).
q() {
	python3 -c '
import sqlite3, sys
c = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True, timeout=10)
r = c.execute(sys.argv[2]).fetchone()
print("" if r is None or r[0] is None else r[0])' "$1" "$2"
}
# stat PATH CODE: how often the server answered PATH with CODE (any code: "*").
stat() {
	curl -s "$B/stats" | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = d["codes"].get(sys.argv[1], {})
print(sum(c.values()) if sys.argv[2] == "*" else c.get(sys.argv[2], 0))' "$1" "$2"
}
# js FILE KEY: a key of the last JSON line of FILE.
js() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])[sys.argv[2]])' "$1" "$2"; }
ctl() { curl -s "$B/control?$1" >/dev/null; }
# same: every feed item stored once, no article twice, every mark names a stored article.
consistent() {
	local db=$1
	[ "$(q "$db" 'SELECT count(*) FROM (SELECT content_hash FROM documents GROUP BY content_hash HAVING count(*) > 1)')" = 0 ] &&
		[ "$(q "$db" 'SELECT count(*) FROM (SELECT url FROM documents GROUP BY url HAVING count(*) > 1)')" = 0 ] &&
		[ "$(q "$db" 'SELECT count(*) FROM feed_items f LEFT JOIN documents d ON d.id = f.doc_id WHERE f.doc_id IS NOT NULL AND d.id IS NULL')" = 0 ] &&
		[ "$(q "$db" 'PRAGMA integrity_check')" = ok ]
}

F=("$bin" fetch --host-delay 0 --timeout 5)
cat >"$tmp/w.rules" <<'EOF'
Consult BLR-RUS: BLR RUS root 04
Accusations: root 11
Nothing: root 19 BLR
EOF
A=(--rules "$tmp/w.rules" --webhook "$B/hook" --alerts-out "$tmp/alerts.jsonl")
db=$tmp/a.db

# ---- 1. first fetch: RSS (absolute links) + Atom (relative links) ----
"${F[@]}" --db "$db" "${A[@]}" --json "$B/rss.xml" "$B/atom.xml" >"$tmp/o1" 2>"$tmp/e1"
check "first fetch exits 0" test $? -eq 0
check "first fetch: 7 new items, 6 stored, 1 duplicate" test "$(js "$tmp/o1" new_items)/$(js "$tmp/o1" stored)/$(js "$tmp/o1" duplicates)" = 7/6/1
check "6 documents stored" test "$(q "$db" 'SELECT count(*) FROM documents')" = 6
check "7 feed items marked" test "$(q "$db" 'SELECT count(*) FROM feed_items WHERE doc_id IS NOT NULL')" = 7
check "store consistent after first fetch" consistent "$db"
check "the Atom copy of a1 is marked with a1's article" test \
	"$(q "$db" "SELECT doc_id FROM feed_items WHERE item_id = 'urn:fixture:a1dup'")" = \
	"$(q "$db" "SELECT doc_id FROM feed_items WHERE item_id = 'rss-a1'")"
check "Atom relative link resolved against the feed URL" test \
	"$(q "$db" "SELECT link FROM feed_items WHERE item_id = 'urn:fixture:b1'")" = "$B/articles/b1.html"
check "the Atom article is stored with its absolute URL" test \
	"$(q "$db" "SELECT count(*) FROM documents WHERE url = '$B/articles/b2.html'")" = 1
check "each page fetched exactly once" test "$(stat /articles/a1.html '*')$(stat /articles/a4.html '*')$(stat /articles/b2.html '*')" = 111
check "events were coded for the fetched articles" test "$(q "$db" 'SELECT count(*) FROM events')" -ge 8
check "articles assessed (trend_assessed) as ingest does" test "$(q "$db" 'SELECT count(*) FROM documents WHERE trend_assessed IS NOT NULL')" -ge 1

# ---- 2. a feed whose pages are gone, or that carries its own text ----
"${F[@]}" --db "$db" "${A[@]}" "$B/mixed.xml" >"$tmp/o2" 2>"$tmp/e2"
check "mixed feed exits 1 (a page gone for good)" test $? -eq 1
check "404 page stored from the feed's content:encoded" test \
	"$(q "$db" "SELECT count(*) FROM feed_items f JOIN documents d ON d.id = f.doc_id WHERE f.item_id = 'mixed-404' AND d.body LIKE '%satellite programme%'")" = 1
check "item without a link stored from its description" test \
	"$(q "$db" "SELECT count(*) FROM feed_items f JOIN documents d ON d.id = f.doc_id WHERE f.item_id = 'mixed-nolink' AND d.body LIKE '%Tsikhanouskaya%'")" = 1
check "410 page with no text: marked taken without an article" test \
	"$(q "$db" "SELECT count(*) || '/' || count(doc_id) FROM feed_items WHERE item_id = 'mixed-410'")" = 1/0
check "the failed page is named on stderr" grep -q "gone410.html" "$tmp/e2"
check "summary: failed pages 1" grep -q "failed pages 1," "$tmp/o2"

# ---- 3. second poll: conditional GETs answered 304, nothing fetched ----
pages_before=$(curl -s "$B/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin)["paths"]; print(sum(v for k,v in d.items() if k.startswith("/articles/")))')
"${F[@]}" --db "$db" "${A[@]}" --json "$B/rss.xml" "$B/atom.xml" "$B/mixed.xml" >"$tmp/o3" 2>"$tmp/e3"
check "second fetch exits 0" test $? -eq 0
check "second fetch: 3 not modified, nothing new" test "$(js "$tmp/o3" not_modified)/$(js "$tmp/o3" new_items)/$(js "$tmp/o3" stored)" = 3/0/0
check "RSS answered 304 (ETag)" test "$(stat /rss.xml 304)" = 1
check "Atom answered 304 (Last-Modified only)" test "$(stat /atom.xml 304)" = 1
check "mixed answered 304" test "$(stat /mixed.xml 304)" = 1
pages_after=$(curl -s "$B/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin)["paths"]; print(sum(v for k,v in d.items() if k.startswith("/articles/")))')
check "no page requested on the second poll" test "$pages_before" = "$pages_after"
check "still 8 documents" test "$(q "$db" 'SELECT count(*) FROM documents')" = 8

# ---- 4. the feed changes: only the new items ----
ctl version=2
"${F[@]}" --db "$db" "${A[@]}" --json "$B/rss.xml" "$B/atom.xml" >"$tmp/o4" 2>"$tmp/e4"
check "fetch after the change exits 0" test $? -eq 0
check "after the change: 2 new, 2 stored, atom not modified" test "$(js "$tmp/o4" new_items)/$(js "$tmp/o4" stored)/$(js "$tmp/o4" not_modified)" = 2/2/1
check "old pages not fetched again" test "$(stat /articles/a1.html '*')$(stat /articles/a2.html '*')" = 11
check "new pages fetched once" test "$(stat /articles/a5.html '*')$(stat /articles/a6.html '*')" = 11
check "10 documents, 12 items" test "$(q "$db" 'SELECT count(*) FROM documents')/$(q "$db" 'SELECT count(*) FROM feed_items')" = 10/12
check "store consistent after the change" consistent "$db"

# ---- 5. misbehaving feeds: each reported, the round goes on ----
t0=$(date +%s)
"${F[@]}" --db "$db" --timeout 1 --tries 1 "$B/broken.xml" "$B/fail500.xml" "$B/slow.xml" "$B/loop1" \
	"$B/huge.xml" "$B/rss.xml" >"$tmp/o5" 2>"$tmp/e5"
rc=$?
t1=$(date +%s)
check "bad feeds: exit 1, not 3" test $rc -eq 1
check "bad feeds: 5 failed feeds, the good one not modified" grep -q "not modified 1,.*failed feeds 5," "$tmp/o5"
for u in broken.xml fail500.xml slow.xml loop1 huge.xml; do
	check "stderr names $u" grep -q "$B/$u" "$tmp/e5"
done
check "the redirect loop is named as one" grep -qi "loop" "$tmp/e5"
check "the 1 GB body is refused at the cap" grep -q "larger than" "$tmp/e5"
check "bad feeds took under 10 s" test $((t1 - t0)) -lt 10
check "failures recorded per feed" test "$(q "$db" "SELECT failures FROM feeds WHERE url = '$B/fail500.xml'")" = 1
check "no document added by bad feeds" test "$(q "$db" 'SELECT count(*) FROM documents')" = 10
n500=$(stat /fail500.xml '*')
"${F[@]}" --db "$db" --tries 2 "$B/fail500.xml" >/dev/null 2>&1
check "a 500 is retried (--tries 2)" test "$(($(stat /fail500.xml '*') - n500))" = 2
check "failures counted in a row" test "$(q "$db" "SELECT failures FROM feeds WHERE url = '$B/fail500.xml'")" = 2
"$bin" fetch --db "$db" "file:///etc/passwd" >/dev/null 2>&1
check "a non-http feed URL is a usage error" test $? -eq 2
"$bin" watch --db "$db" "$B/rss.xml" >/dev/null 2>&1
check "watch without --every is a usage error" test $? -eq 2
"$bin" watch --db "$db" --every 0s "$B/rss.xml" >/dev/null 2>&1
check "watch --every 0s is a usage error" test $? -eq 2

# ---- 6. alerts: exactly the matching events, delivered ----
"$bin" alerts --db "$db" --rules "$tmp/w.rules" --json >"$tmp/replay" 2>/dev/null
check "alerts replay exits 0" test $? -eq 0
"$bin" events --db "$db" --json >"$tmp/events" 2>/dev/null
curl -s "$B/hook" >"$tmp/hooks"
python3 - "$tmp/hooks" "$tmp/replay" "$tmp/alerts.jsonl" "$tmp/events" >"$tmp/alert_checks" <<'EOF'
import json, sys
def rows(p): return [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
hooks, replay, out, events = (rows(p) for p in sys.argv[1:5])
canon = lambda rs: sorted(json.dumps(r, sort_keys=True) for r in rs)
# independently: the rules applied to the listed events
exp = []
for e in events:
    s = (e["source"] or {}).get("code") or ""
    t = (e["target"] or {}).get("code") or ""
    def party(c):
        if c.startswith("IGO") and len(c) >= 9: return c[6:9]
        return c[:3]
    ps = {party(s), party(t)}
    if ps == {"BLR", "RUS"} and e["root"] == "04": exp.append(("Consult BLR-RUS", e["event_id"]))
    if e["root"] == "11": exp.append(("Accusations", e["event_id"]))
    if e["root"] == "19" and "BLR" in ps: exp.append(("Nothing", e["event_id"]))
got = sorted((h["rule"], h["event"]["event_id"]) for h in hooks)
print("hooks-nonempty", int(len(hooks) >= 3))
print("hooks-equal-replay", int(canon(hooks) == canon(replay)))
print("alerts-out-equal-replay", int(canon(out) == canon(replay)))
print("hooks-equal-independent", int(got == sorted(exp)))
print("no-nonmatching", int(all(h["rule"] != "Nothing" for h in hooks)))
print("no-double", int(len(set(canon(hooks))) == len(hooks)))
EOF
for k in hooks-nonempty hooks-equal-replay alerts-out-equal-replay hooks-equal-independent no-nonmatching no-double; do
	check "alerts: $k" grep -q "^$k 1$" "$tmp/alert_checks"
done

# ---- 7. FAULT mode: every third request fails ----
db2=$tmp/fault.db
ctl fault=1
codes=
for i in $(seq 10); do
	"${F[@]}" --db "$db2" --tries 1 "$B/rss.xml" "$B/atom.xml" "$B/mixed.xml" >/dev/null 2>>"$tmp/e7"
	codes="$codes $?"
done
ctl fault=0
echo "# fault-mode exit codes:$codes"
check "fault mode: every round exits 0 or 1" test -z "$(echo "$codes" | tr ' ' '\n' | grep -v '^[01]\?$')"
check "fault mode: some rounds saw failures" grep -q " 1" <<<"$codes"
faults=$(curl -s "$B/stats" | python3 -c '
import json, sys
c = json.load(sys.stdin)["codes"]
print(sum(v.get("drop", 0) for v in c.values()), sum(v.get("500", 0) for k, v in c.items() if k != "/fail500.xml"))')
echo "# fault mode: dropped, 500: $faults"
check "fault mode: the server dropped connections and answered 500" test "${faults% *}" -gt 0 -a "${faults#* }" -gt 0
check "fault mode: 10 documents, each once" test "$(q "$db2" 'SELECT count(*) FROM documents')" = 10
check "fault mode: 12 items marked" test "$(q "$db2" 'SELECT count(*) FROM feed_items')" = 12
check "fault mode: store consistent" consistent "$db2"
"${F[@]}" --db "$db2" --json "$B/rss.xml" "$B/atom.xml" "$B/mixed.xml" >"$tmp/o7" 2>/dev/null
check "after the faults: a clean round exits 0, nothing new" test "$?/$(js "$tmp/o7" stored)" = 0/0

# ---- 8. kill -9 of watch at random moments, then one fetch ----
db3=$tmp/kill.db
ctl page_delay=0.15
torn=0
for i in 1 2 3 4 5; do
	"$bin" watch --db "$db3" --host-delay 0 --timeout 5 --every 1s "$B/many.xml" "$B/rss.xml" "$B/atom.xml" \
		>/dev/null 2>&1 &
	watch_pid=$!
	sleep "$(python3 -c 'import random; print(round(random.uniform(0.3, 1.5), 2))')"
	kill -9 "$watch_pid" 2>/dev/null
	wait "$watch_pid" 2>/dev/null
	watch_pid=
	[ -e "$db3" ] || continue # killed before it opened the store
	# after each kill: no article without its item's mark, no mark without its article
	[ "$(q "$db3" 'SELECT count(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM feed_items WHERE doc_id IS NOT NULL)')" = 0 ] &&
		[ "$(q "$db3" 'SELECT count(*) FROM feed_items WHERE doc_id IS NULL OR doc_id NOT IN (SELECT id FROM documents)')" = 0 ] ||
		torn=$((torn + 1))
done
check "kill -9: after every kill, each article has its mark and each mark its article" test "$torn" = 0
ctl page_delay=0
before=$(q "$db3" 'SELECT count(*) FROM documents')
echo "# after 5 kills: $before documents"
"${F[@]}" --db "$db3" --json "$B/many.xml" "$B/rss.xml" "$B/atom.xml" >"$tmp/o8" 2>"$tmp/e8"
check "fetch after the kills exits 0" test $? -eq 0
check "the kills left work to do" test "$before" -lt 38
check "the restart took exactly the missing items" test "$(( before + $(js "$tmp/o8" stored) ))" = 38
check "kill -9: 38 documents (30 + 6 + 2), each once" test "$(q "$db3" 'SELECT count(*) FROM documents')" = 38
check "kill -9: 39 items marked, none without an article" \
	test "$(q "$db3" "SELECT count(*) || '/' || count(doc_id) FROM feed_items")" = 39/39
check "kill -9: store consistent" consistent "$db3"

# ---- 9. SIGTERM ends watch between items with 0 ----
db4=$tmp/term.db
ctl page_delay=0.1
"$bin" watch --db "$db4" --host-delay 0 --every 1s "$B/many.xml" >/dev/null 2>"$tmp/e9" &
watch_pid=$!
sleep 1
kill -TERM "$watch_pid"
wait "$watch_pid"
rc=$?
watch_pid=
check "SIGTERM: watch exits 0" test $rc -eq 0
n4=$(q "$db4" 'SELECT count(*) FROM documents')
check "SIGTERM: stopped mid-round, items and articles agree" test "$n4" -gt 0 -a "$n4" -lt 30 -a \
	"$(q "$db4" 'SELECT count(*) FROM feed_items')" = "$n4"
check "SIGTERM: store consistent" consistent "$db4"

# ---- 10. --max-items: a long feed taken in parts ----
db6=$tmp/parts.db
parts=
for i in 1 2 3 4; do
	"${F[@]}" --db "$db6" --max-items 12 --json "$B/many.xml" >"$tmp/o10" 2>/dev/null
	parts="$parts $(js "$tmp/o10" stored)/$(js "$tmp/o10" not_modified)"
done
check "--max-items 12: 12, 12, 6 stored, then 304 (got$parts)" test "$parts" = " 12/0 12/0 6/0 0/1"
check "--max-items: oldest first (report 0 stored first)" test \
	"$(q "$db6" "SELECT title FROM documents ORDER BY id LIMIT 1")" = "Fixture wire report 0"

# ---- 11. search and serve read while watch writes ----
db5=$tmp/live.db
"${F[@]}" --db "$db5" "$B/atom.xml" >/dev/null 2>&1
"$bin" serve --db "$db5" --port 0 >/dev/null 2>"$tmp/serve.err" &
serve_pid=$!
for _ in $(seq 50); do grep -q "serving" "$tmp/serve.err" && break; sleep 0.1; done
sport=$(sed -n 's/.*http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/serve.err" | head -1)
check "serve started" test -n "$sport"
ctl page_delay=0.05
start_docs=$(q "$db5" 'SELECT count(*) FROM documents')
"$bin" watch --db "$db5" --host-delay 0 --every 1s "$B/many.xml" "$B/rss.xml" >/dev/null 2>"$tmp/e10" &
watch_pid=$!
fail=0
for i in $(seq 50); do
	"$bin" search --db "$db5" --json Belarus >/dev/null 2>>"$tmp/e10s" || fail=$((fail + 1))
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$sport/api/v1/search?q=Belarus&limit=5")
	[ "$code" = 200 ] || fail=$((fail + 1))
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$sport/api/v1/stats")
	[ "$code" = 200 ] || fail=$((fail + 1))
done
end_docs=$(q "$db5" 'SELECT count(*) FROM documents')
kill -TERM "$watch_pid"
wait "$watch_pid"
rc=$?
watch_pid=
kill "$serve_pid" 2>/dev/null
wait "$serve_pid" 2>/dev/null
serve_pid=
ctl page_delay=0
echo "# concurrent: $fail failures; documents $start_docs -> $end_docs"
check "50 searches and 100 API requests while watch writes: none failed" test "$fail" = 0
check "watch wrote during the reads" test "$end_docs" -gt "$start_docs"
check "watch stopped with 0 after the reads" test "$rc" = 0
check "live store consistent" consistent "$db5"
