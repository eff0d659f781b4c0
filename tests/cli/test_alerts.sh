#!/usr/bin/env bash
# sitrep alerts: watch rules applied to the events of the sample corpus; the
# matches expected are computed independently from `sitrep events --json`
# with Python; --from/--to, the readable form, rules-file errors with
# FILE:LINE, and the webhook (a small Python server records the POSTs;
# an unreachable one makes exit 1 with the count).
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
tmp=$(mktemp -d)
srv_pid=
trap '[ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
db="$tmp/a.db"
"$bin" ingest --db "$db" examples/corpus >/dev/null 2>&1
check "ingest exits 0" test $? -eq 0
"$bin" events --db "$db" --json >"$tmp/events" 2>/dev/null

cat >"$tmp/w.rules" <<'EOF'
# watch list for the test
Drills: BLR RUS root 06
Hard line: conflict goldstein <= -5
Union Shield: text:"union SHIELD"
Lukashenka: actor:Лукашенко
Directed: BLR->RUS
EOF
"$bin" alerts --db "$db" --rules "$tmp/w.rules" --json >"$tmp/got" 2>"$tmp/err"
check "alerts --json exits 0" test $? -eq 0
check "some matches" test -s "$tmp/got"

# The expected (rule, event_id) pairs, from the events themselves.
if command -v python3 >/dev/null 2>&1; then
python3 - "$tmp/events" "$tmp/expected" <<'EOF'
import json, re, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
def code(a): return (a or {}).get("code") or ""
def name(a): return (a or {}).get("name") or ""
def norm(s): return " " + " ".join(re.findall(r"\w+", (s or "").casefold())) + " "
out = []
for r in rows:
    s, t = code(r["source"])[:3], code(r["target"])[:3]
    if {s, t} == {"BLR", "RUS"} and s != t and r["root"] == "06": out.append(("Drills", r["event_id"]))
    if r["quad"] in (3, 4) and r["goldstein"] is not None and r["goldstein"] <= -5: out.append(("Hard line", r["event_id"]))
    if " union shield " in norm(r["text"]): out.append(("Union Shield", r["event_id"]))
    if "Alexander Lukashenko" in (name(r["source"]), name(r["target"])): out.append(("Lukashenka", r["event_id"]))
    if s == "BLR" and t == "RUS": out.append(("Directed", r["event_id"]))
json.dump(sorted(out), open(sys.argv[2], "w"))
EOF
fi
pycheck "the matches are exactly the pairs computed from events --json" "$tmp/got" \
	'sorted([r["rule"], r["event"]["event_id"]] for r in rows) == json.load(open(sys.argv[1].replace("got", "expected")))'
pycheck "every rule matched something" "$tmp/got" \
	'set(r["rule"] for r in rows) == {"Drills", "Hard line", "Union Shield", "Lukashenka", "Directed"}'
pycheck "the event object is the one of events --json" "$tmp/got" \
	'all(r["event"] == e for r in rows for e in map(json.loads, open(sys.argv[1].replace("got", "events"))) if e["event_id"] == r["event"]["event_id"])'
pycheck "in date order, undated first" "$tmp/got" \
	'[r["event"]["date"] or "" for r in rows] == sorted(r["event"]["date"] or "" for r in rows)'

# The readable form: one line per match, the rule's name first.
"$bin" alerts --db "$db" --rules "$tmp/w.rules" >"$tmp/text" 2>/dev/null
check "readable form: as many lines as JSON matches" test "$(wc -l <"$tmp/text")" -eq "$(wc -l <"$tmp/got")"
check "readable form: rule name and arrow" grep -q '^\[Drills\] .* → ' "$tmp/text"

# --from/--to: only dated events in the range.
"$bin" alerts --db "$db" --rules "$tmp/w.rules" --json --from 2020-01-01 --to 2020-12-31 >"$tmp/y2020" 2>/dev/null
pycheck "--from/--to: only 2020, and all of 2020's" "$tmp/y2020" \
	'len(rows) > 0 and all(r["event"]["date"] and r["event"]["date"].startswith("2020") for r in rows) and len(rows) == sum(1 for x in json.load(open(sys.argv[1].replace("y2020", "expected"))) for e in map(json.loads, open(sys.argv[1].replace("y2020", "events"))) if e["event_id"] == x[1] and (e["date"] or "").startswith("2020"))'

# Errors in the rules file: FILE:LINE and what, exit 2; nothing printed.
printf 'ok: BLR\nbad: root 6\n' >"$tmp/bad.rules"
"$bin" alerts --db "$db" --rules "$tmp/bad.rules" >"$tmp/out" 2>"$tmp/err"
check "bad rules: exit 2" test $? -eq 2
check "bad rules: FILE:2 named" grep -q "bad.rules:2: .*two digits" "$tmp/err"
check "bad rules: nothing on stdout" test ! -s "$tmp/out"
printf 'actor:Qwzxvy\n' >"$tmp/bad2.rules"
"$bin" alerts --db "$db" --rules "$tmp/bad2.rules" >/dev/null 2>"$tmp/err"
check "unknown actor name: exit 2 with the name" grep -q "bad2.rules:1: .*Qwzxvy" "$tmp/err"
"$bin" alerts --db "$db" >/dev/null 2>&1
check "no --rules: exit 2" test $? -eq 2
"$bin" alerts --db "$db" --rules "$tmp/w.rules" --webhook ftp://x/ >/dev/null 2>&1
check "ftp webhook refused: exit 2" test $? -eq 2

# The webhook: each match POSTed once as its JSON line.
if command -v python3 >/dev/null 2>&1; then
	python3 - "$tmp/posts" "$tmp/port" <<'EOF' &
import http.server, sys
out = open(sys.argv[1], "w")
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers["Content-Length"])
        body = self.rfile.read(n).decode()
        out.write(self.headers["Content-Type"] + "\t" + body + "\n"); out.flush()
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()
EOF
	srv_pid=$!
	for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
	"$bin" alerts --db "$db" --rules "$tmp/w.rules" --json --webhook "http://127.0.0.1:$(cat "$tmp/port")/hook" >"$tmp/got2" 2>/dev/null
	check "webhook: exit 0" test $? -eq 0
	check "webhook: every match posted once, as printed" \
		python3 -c 'import sys; a=sorted(l.split("\t",1)[1] for l in open(sys.argv[1])); b=sorted(open(sys.argv[2])); sys.exit(0 if a==b and all(l.startswith("application/json\t") for l in open(sys.argv[1])) else 1)' "$tmp/posts" "$tmp/got2"
	kill "$srv_pid" 2>/dev/null; wait "$srv_pid" 2>/dev/null; srv_pid=
	port=$(cat "$tmp/port")
	printf 'one: BLR->RUS root 06\n' >"$tmp/one.rules"
	"$bin" alerts --db "$db" --rules "$tmp/one.rules" --webhook "http://127.0.0.1:$port/hook" --timeout 1 >/dev/null 2>"$tmp/err"
	check "webhook down: exit 1" test $? -eq 1
	n=$("$bin" alerts --db "$db" --rules "$tmp/one.rules" --json | wc -l)
	check "webhook down: the count on stderr" grep -q "$n of $n webhook deliveries failed" "$tmp/err"
else
	echo "ok - webhook # SKIP python3 not installed"
fi
