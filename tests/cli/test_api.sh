#!/usr/bin/env bash
# sitrep serve's JSON API (/api/v1/…, docs/api.md): every route over the
# example corpus, its JSON shape and its answers against the CLI's; paging;
# 400 for bad parameters, 404 for unknown ids and routes; SQL in parameters
# is only text (no SQL error text, the store unchanged).
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
root=${SITREP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"
if ! command -v curl >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "ok - api # SKIP needs curl and python3"
	exit 0
fi
db="$tmp/c.db"

(cd "$root" && "$bin" ingest --db "$db" examples/corpus >/dev/null 2>&1)
check "ingest of the example corpus exits 0" test $? -eq 0
before=$("$bin" stats --db "$db" --json 2>/dev/null)

"$bin" serve --db "$db" --port 0 2>"$tmp/serve.err" &
pid=$!
port=
for _ in $(seq 1 100); do
	port=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/serve.err" 2>/dev/null | head -n 1 | sed 's|.*:\([0-9]*\)/|\1|')
	[ -n "$port" ] && break
	sleep 0.1
done
check "the server says where it serves" test -n "$port"
if [ -z "$port" ]; then
	cat "$tmp/serve.err" >&2
	exit 0
fi
base="http://127.0.0.1:$port/api/v1"

# get NAME PATH: the body into $tmp/NAME, the status into $tmp/NAME.status,
# the content type into $tmp/NAME.type.
get() {
	curl -s -o "$tmp/$1" -w '%{http_code} %{content_type}' "$base/$2" >"$tmp/$1.meta"
	cut -d' ' -f1 <"$tmp/$1.meta" >"$tmp/$1.status"
	cut -d' ' -f2- <"$tmp/$1.meta" >"$tmp/$1.type"
}
status() { cat "$tmp/$1.status"; }
# jcheck NAME FILE EXPR: EXPR (Python) over j, the one JSON object of FILE.
jcheck() {
	local name=$1 file=$2 expr=$3
	if python3 -c '
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$file" "$expr" >/dev/null 2>&1; then
		echo "ok - $name"
	else
		echo "not ok - $name"
	fi
}
# An API error: the status, JSON type, {"error": {"status", "message"}}.
is_error() {
	local name=$1 want=$2
	check "$name: $want" test "$(status "$name")" = "$want"
	jcheck "$name: an error object with status $want" "$tmp/$name" \
		'list(j) == ["error"] and j["error"]["status"] == '"$want"' and isinstance(j["error"]["message"], str) and j["error"]["message"]'
}
envelope='list(j)[:3] == ["total", "limit", "offset"] and list(j)[-1] == "items" and isinstance(j["items"], list)'

# ---- /stats
get stats stats
check "stats: 200" test "$(status stats)" = 200
check "stats: JSON content type" grep -q '^application/json; charset=utf-8$' "$tmp/stats.type"
printf '%s\n' "$before" >"$tmp/before"
jcheck "stats: the counts 'sitrep stats --json' gives" "$tmp/stats" \
	'all(j[k] == json.load(open("'"$tmp"'/before"))[k] for k in ("documents","near_duplicates","citations","events","coded","first","last","publications"))'
jcheck "stats: the spheres" "$tmp/stats" 'len(j["spheres"]) >= 3 and "security" in [s["id"] for s in j["spheres"]]'

# ---- /documents
get docs 'documents?limit=5'
check "documents: 200" test "$(status docs)" = 200
jcheck "documents: the list envelope" "$tmp/docs" "$envelope"
jcheck "documents: total is the stored count less near-duplicates, 5 items" "$tmp/docs" \
	'j["total"] == json.load(open("'"$tmp"'/before"))["documents"] - json.load(open("'"$tmp"'/before"))["near_duplicates"] and j["limit"] == 5 and len(j["items"]) == 5'
jcheck "documents: newest first" "$tmp/docs" \
	'[d["date"] for d in j["items"]] == sorted([d["date"] for d in j["items"]], reverse=True)'
jcheck "documents: item keys" "$tmp/docs" \
	'all(list(d) == ["id","title","publication","section","date","url","file","trend","trend_assessed","language"] for d in j["items"])'
get docs2 'documents?limit=5&offset=5'
jcheck "documents: the next page has other documents" "$tmp/docs2" \
	'len(j["items"]) == 5 and not set(d["id"] for d in j["items"]) & set(d["id"] for d in json.load(open("'"$tmp"'/docs"))["items"])'
get docsd 'documents?from=2019-01-01&to=2019-12-31&limit=500'
jcheck "documents: from/to keep only 2019" "$tmp/docsd" \
	'j["total"] == len(j["items"]) > 0 and all("2019-01-01" <= d["date"] <= "2019-12-31" for d in j["items"])'
get docsp 'documents?publication=Minsk+Security+Monitor&limit=500'
jcheck "documents: publication filter" "$tmp/docsp" \
	'j["total"] == 6 and all(d["publication"] == "Minsk Security Monitor" for d in j["items"])'
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["id"])' "$tmp/docs")
get doc "documents/$id"
check "documents/ID: 200" test "$(status doc)" = 200
jcheck "documents/ID: id, dup_of, events, then the extract --json keys" "$tmp/doc" \
	'j["id"] == '"$id"' and list(j)[:3] == ["id","dup_of","events"] and all(k in j for k in ("file","publication","title","byline","section","period_start","period_end","date","date_basis","trend","trend_assessed","volume","issue","language","cited_sources","body")) and len(j["body"]) > 100'
"$bin" events --db "$db" --json >"$tmp/allev" 2>/dev/null
jcheck "documents/ID: its events counted as the store lists them" "$tmp/doc" \
	'j["events"] == sum(1 for l in open("'"$tmp"'/allev") if json.loads(l)["doc_id"] == '"$id"')'

# ---- /search
get search 'search?q=Union+Shield&limit=5'
check "search: 200" test "$(status search)" = 200
jcheck "search: the envelope, hits with their keys" "$tmp/search" \
	"$envelope"' and j["total"] >= 2 and all(list(h) == ["id","score","title","publication","section","date","file","snippet","highlights"] for h in j["items"])'
"$bin" search --db "$db" --json 'Union Shield' >"$tmp/search.cli" 2>/dev/null
jcheck "search: the CLI's hits, in its order" "$tmp/search" \
	'[h["id"] for h in j["items"]] == [json.loads(l)["id"] for l in open("'"$tmp"'/search.cli")][:5]'
jcheck "search: highlights are byte spans of the snippet holding the words" "$tmp/search" \
	'all(h["highlights"] and all(h["snippet"].encode()[a:b].decode().lower() in ("union", "shield") for a, b in h["highlights"]) for h in j["items"])'
jcheck "search: no marker bytes left in the snippet" "$tmp/search" \
	'all("\x02" not in h["snippet"] and "\x03" not in h["snippet"] for h in j["items"])'
get searchp 'search?q=Union+Shield&limit=1&offset=1'
jcheck "search: offset pages the ranking" "$tmp/searchp" \
	'[h["id"] for h in j["items"]] == [h["id"] for h in json.load(open("'"$tmp"'/search"))["items"]][1:2]'

# ---- /events
get ev 'events?dyad=BLR-RUS&limit=500'
check "events: 200" test "$(status ev)" = 200
"$bin" events --db "$db" --json --dyad BLR-RUS >"$tmp/ev.cli" 2>/dev/null
jcheck "events: the envelope, total null" "$tmp/ev" "$envelope"' and j["total"] is None'
jcheck "events: exactly 'sitrep events --json --dyad BLR-RUS'" "$tmp/ev" \
	'j["items"] == [json.loads(l) for l in open("'"$tmp"'/ev.cli")][:500] and len(j["items"]) > 0'
get evd 'events?dyad=BLR-RUS&directed=1&limit=500'
jcheck "events: directed only BLR → RUS" "$tmp/evd" \
	'j["items"] and all(e["source"]["code"].startswith("BLR") for e in j["items"]) and len(j["items"]) < len(json.load(open("'"$tmp"'/ev"))["items"])'
get eva 'events?actor=BLR&quad=1&from=2019-01-01&to=2021-12-31&limit=500'
jcheck "events: actor, quad, from, to" "$tmp/eva" \
	'j["items"] and all(e["quad"] == 1 and "2019-01-01" <= e["date"] <= "2021-12-31" and ("BLR" in ((e["source"] or {}).get("code") or "")[:3] + ((e["target"] or {}).get("code") or "")[:3]) for e in j["items"])'
get evdoc "events?doc=$id&limit=500"
jcheck "events: doc= the document's events" "$tmp/evdoc" \
	'len(j["items"]) == json.load(open("'"$tmp"'/doc"))["events"] and all(e["doc_id"] == '"$id"' for e in j["items"])'
get evl 'events?limit=3&offset=2'
get evl0 'events?limit=5'
jcheck "events: limit and offset" "$tmp/evl" \
	'[e["event_id"] for e in j["items"]] == [e["event_id"] for e in json.load(open("'"$tmp"'/evl0"))["items"]][2:5]'

# ---- /series and /trend
get ser 'series?dyad=BLR-RUS&by=month'
check "series: 200" test "$(status ser)" = 200
"$bin" trend --db "$db" --json --dyad BLR-RUS --by month >"$tmp/ser.cli" 2>/dev/null
jcheck "series: exactly 'sitrep trend --json' as items" "$tmp/ser" \
	"$envelope"' and j["items"] == [json.loads(l) for l in open("'"$tmp"'/ser.cli")] and j["total"] == len(j["items"]) > 0'
get trend 'trend?dyad=BLR-RUS&by=month'
check "trend: the same answer as series" cmp -s "$tmp/ser" "$tmp/trend"
get sers 'series?party=blr&sphere=security&from=2022-01-01&to=2024-12-31'
"$bin" trend --db "$db" --json --party BLR --sphere security --from 2022-01-01 --to 2024-12-31 >"$tmp/sers.cli" 2>/dev/null
jcheck "series: party, sphere, from/to as the CLI" "$tmp/sers" \
	'j["items"] == [json.loads(l) for l in open("'"$tmp"'/sers.cli")] and j["items"] and all(i["sphere"] == "security" and i["dyad"] == "BLR" for i in j["items"])'

# ---- /bulletins
get bl 'bulletins?limit=3'
check "bulletins: 200" test "$(status bl)" = 200
jcheck "bulletins: weeks newest first" "$tmp/bl" \
	"$envelope"' and len(j["items"]) == 3 and j["total"] >= 3 and [w["week"] for w in j["items"]] == sorted([w["week"] for w in j["items"]], reverse=True) and all(w["href"] == "/api/v1/bulletins/" + w["week"] for w in j["items"])'
week=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["week"])' "$tmp/bl")
get blw "bulletins/$week"
check "bulletins/WEEK: 200" test "$(status blw)" = 200
(cd "$root" && "$bin" bulletin --db "$db" --week "$week" --format json) >"$tmp/blw.cli" 2>/dev/null
check "bulletins/WEEK: byte for byte 'sitrep bulletin --format json'" cmp -s "$tmp/blw" "$tmp/blw.cli"
jcheck "bulletins/WEEK: the week and its spheres" "$tmp/blw" 'j["week"] == "'"$week"'" and len(j["spheres"]) >= 1'

# ---- /timeline
get tla 'timeline?actor=BLR&limit=500'
check "timeline actor: 200" test "$(status tla)" = 200
"$bin" timeline --db "$db" --json --actor BLR >"$tmp/tla.cli" 2>/dev/null
jcheck "timeline actor: the CLI's entries, and how the actor was read" "$tmp/tla" \
	'j["items"] == [json.loads(l) for l in open("'"$tmp"'/tla.cli")][:500] and j["total"] == sum(1 for _ in open("'"$tmp"'/tla.cli")) and j["actor"] == {"query": "BLR", "person": None, "code": "BLR"}'
get tlp 'timeline?actor=Lukashenka&limit=5&offset=1'
"$bin" timeline --db "$db" --json --actor Lukashenka >"$tmp/tlp.cli" 2>/dev/null
jcheck "timeline person: paged, read as a person" "$tmp/tlp" \
	'j["items"] == [json.loads(l) for l in open("'"$tmp"'/tlp.cli")][1:6] and j["actor"]["person"]'
get tlt 'timeline?topic=Zapad-2017&from=2017-01-01'
"$bin" timeline --db "$db" --json --topic Zapad-2017 --from 2017-01-01 >"$tmp/tlt.cli" 2>/dev/null
jcheck "timeline topic: the CLI's entries" "$tmp/tlt" \
	'j["items"] == [json.loads(l) for l in open("'"$tmp"'/tlt.cli")][:20] and j["items"] and j["topic"] == "Zapad-2017"'

# ---- 400: bad parameters
get e1 'documents?from=2021-13-01'; is_error e1 400
get e2 'events?limit=-1'; is_error e2 400
get e3 'search?q=Minsk&limit=100000'; is_error e3 400
get e4 'events?dyad=BLR'; is_error e4 400
get e5 'events?limit=abc'; is_error e5 400
get e6 'events?offset=-3'; is_error e6 400
get e7 'events?quad=5'; is_error e7 400
get e8 'events?directed=1'; is_error e8 400
get e9 'events?from=2021-09-01&to=2021-08-01'; is_error e9 400
get e10 'search'; is_error e10 400
get e11 'series?dyad=BLR-RUS&party=BLR'; is_error e11 400
get e12 'series?by=year'; is_error e12 400
get e13 'series?sphere=nosuch'; is_error e13 400
get e14 'timeline'; is_error e14 400
get e15 'timeline?actor=BLR&topic=Zapad'; is_error e15 400
get e16 'timeline?actor=Quuxmanov'; is_error e16 400
get e17 'search?q=%FF%FE'; is_error e17 400
get e18 'events?limit=0'; is_error e18 400

# ---- 404: unknown ids and routes
get n1 'documents/999999'; is_error n1 404
get n2 'documents/abc'; is_error n2 404
get n3 'bulletins/2024-W60'; is_error n3 404
get n4 'bulletins/nonsense'; is_error n4 404
get n5 'nosuchroute'; is_error n5 404
get n6 'documents/1/extra'; is_error n6 404
curl -s -o "$tmp/n7" -w '%{http_code}' "http://127.0.0.1:$port/api/v2/stats" >"$tmp/n7.status"
is_error n7 404

# ---- SQL in parameters is text
get s1 "search?q=%27+OR+1%3D1+--"
get s2 "events?actor=BLR%27%3B+DROP+TABLE+events%3B+--"
get s3 "timeline?actor=BLR%27%3B+DROP+TABLE+events%3B+--"
get s4 "documents?publication=x%27+OR+%271%27%3D%271"
get s5 "series?party=BLR%27%3B+DROP+TABLE+events"
get s6 "events?root=06%27+OR+1%3D1"
for s in s1 s2 s3 s4 s5 s6; do
	check "$s: answered 200 or 400, never 500" grep -qx '200\|400' "$tmp/$s.status"
	check "$s: no SQL error text" sh -c '! grep -qiE "sqlite|syntax error|near \"|no such (table|column)|unrecognized token|fts5" "$1"' _ "$tmp/$s"
done
jcheck "s1: the words as words (no match), not all documents" "$tmp/s1" 'j["total"] < 5'
jcheck "s4: no document of that publication" "$tmp/s4" 'j["total"] == 0 and j["items"] == []'
after=$("$bin" stats --db "$db" --json 2>/dev/null)
check "the store is unchanged" test -n "$after" -a "$before" = "$after"
get after 'stats'
jcheck "the server still answers, counts unchanged" "$tmp/after" \
	'j["events"] == json.load(open("'"$tmp"'/before"))["events"] and j["documents"] == json.load(open("'"$tmp"'/before"))["documents"]'
