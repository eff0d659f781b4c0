#!/usr/bin/env bash
# sitrep trend: a dyad's stored events as a weekly or monthly series, across
# the turn of a year (ISO week 2020-W53), empty periods included, both
# directions or --directed, --from/--to; JSON lines and the table; exit codes.
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
here=$(cd "$(dirname "$0")" && pwd)
dict="$here/../fixtures/code/mini.sd"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/lib.sh" # check; pycheck is redefined below with the events by evidence
if command -v python3 >/dev/null 2>&1; then
	pycheck() { # pycheck NAME FILE PYTHON-EXPRESSION-OVER-rows (and ev: the events by evidence)
		local name=$1 file=$2 expr=$3
		if python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
ev = {}
for l in open(sys.argv[3], encoding="utf-8"):
    e = json.loads(l)
    ev.setdefault(e["text"].split()[0], e["event_id"])
sys.exit(0 if eval(sys.argv[2]) else 1)' "$file" "$expr" "$tmp/events" >/dev/null 2>&1; then
			echo "ok - $name"
		else
			echo "not ok - $name"
		fi
	}
else
	pycheck() { echo "ok - $1 # SKIP python3 not installed"; }
fi
db="$tmp/t.db"
lines() { wc -l <"$1" | tr -d ' '; }

# Events (mini.sd): Belarus -> Russia 057 (+8) on 2020-12-28 (Monday of
# 2020-W53); Russia -> Belarus 111 (-2) on 2021-01-02 (the same ISO week);
# Moscow -> Minsk 190 (-10) and Latvia -> Russia 111 on 2021-01-20 (2021-W03);
# Belarus -> Russia 040 (+1) on 2021-03-02; Minsk -> Moscow 111 undated.
printf '%s\n' \
	'{"id":"a1","date":"2020-12-28","title":"One","text":"Belarus signed a treaty with Russia in the morning. Officials in both capitals welcomed the long awaited document."}' \
	'{"id":"a2","date":"2021-01-02","title":"Two","text":"Russia criticized Belarus over the border closure on Saturday. The dispute had simmered for weeks before it broke out."}' \
	'{"id":"a3","date":"2021-01-20","title":"Three","text":"Moscow attacked Minsk near the frontier on Wednesday. Latvia criticized Russia for the strike in a statement."}' \
	'{"id":"a4","date":"2021-03-02","title":"Four","text":"Belarus met Russia in the capital for a round of consultations. Nothing was announced after the closed meeting."}' \
	'{"id":"a5","title":"Five","text":"Minsk criticized Moscow over gas prices in a long speech. The speech was broadcast on state television."}' \
	>"$tmp/a.jsonl"
"$bin" ingest --db "$db" --dict "$dict" "$tmp/a.jsonl" >"$tmp/in" 2>"$tmp/in.err"
check "ingest exits 0" test $? -eq 0
"$bin" events --db "$db" --json >"$tmp/events" 2>/dev/null
check "six events stored" test "$(lines "$tmp/events")" -eq 6
check "one of them undated" test "$(sqlite3 "$db" 'SELECT count(*) FROM events WHERE date IS NULL')" -eq 1

# Weekly, both directions.
"$bin" trend --db "$db" --json --dyad BLR-RUS >"$tmp/w" 2>"$tmp/w.err"
check "trend --json exits 0" test $? -eq 0
check "every week from 2020-W53 to 2021-W09, empty ones too (10)" test "$(lines "$tmp/w")" -eq 10
check "the year's last ISO week spans the new year" \
	grep -qx '{"dyad":"BLR-RUS","sphere":null,"period":"2020-W53","start":"2020-12-28","end":"2021-01-03","events":2,"quad":\[1,0,1,0\],"cooperation":1,"conflict":1,"goldstein_sum":6,"goldstein_mean":3,"top_events":\[[0-9]*,[0-9]*\],"documents":2,"label":"unchanged","confidence":0.00,"change":0,"baseline":0}' "$tmp/w"
check "an empty week is all zeros with a null mean" \
	grep -qx '{"dyad":"BLR-RUS","sphere":null,"period":"2021-W01","start":"2021-01-04","end":"2021-01-10","events":0,"quad":\[0,0,0,0\],"cooperation":0,"conflict":0,"goldstein_sum":0,"goldstein_mean":null,"top_events":\[\],"documents":0,"label":"unchanged","confidence":0.00,"change":0,"baseline":1}' "$tmp/w"
pycheck "keys in order" "$tmp/w" \
	'all(list(r) == ["dyad","sphere","period","start","end","events","quad","cooperation","conflict","goldstein_sum","goldstein_mean","top_events","documents","label","confidence","change","baseline"] for r in rows)'
pycheck "consecutive weeks, Monday to Sunday" "$tmp/w" \
	'[r["period"] for r in rows] == ["2020-W53"] + ["2021-W%02d" % i for i in range(1, 10)] and all(r["start"] < r["end"] for r in rows) and rows[-1]["start"] == "2021-03-01" and rows[-1]["end"] == "2021-03-07"'
pycheck "counts add up: 4 dated BLR-RUS events, undated and LVA left out" "$tmp/w" \
	'sum(r["events"] for r in rows) == 4 and all(r["cooperation"] + r["conflict"] == sum(r["quad"]) for r in rows)'
pycheck "top events: highest |Goldstein| first, ids of stored events" "$tmp/w" \
	'rows[0]["top_events"] == [ev["Belarus"], ev["Russia"]] and rows[3]["top_events"] == [ev["Moscow"]] and rows[3]["quad"] == [0,0,0,1] and rows[3]["goldstein_mean"] == -10'

# Either order, any case: the same series.
"$bin" trend --db "$db" --json --dyad rus-blr >"$tmp/w2" 2>/dev/null
check "--dyad rus-blr: as many weeks" test "$(lines "$tmp/w2")" -eq 10
pycheck "... labelled as asked" "$tmp/w2" 'rows[0]["dyad"] == "RUS-BLR" and rows[0]["events"] == 2'

# Directed.
"$bin" trend --db "$db" --json --dyad BLR-RUS --directed >"$tmp/d" 2>/dev/null
pycheck "--directed BLR-RUS: only Belarus as source" "$tmp/d" \
	'rows[0]["events"] == 1 and rows[0]["quad"] == [1,0,0,0] and sum(r["events"] for r in rows) == 2 and rows[-1]["period"] == "2021-W09"'
"$bin" trend --db "$db" --json --dyad BLR-RUS --directed --to 2021-02-28 >"$tmp/d2" 2>/dev/null
check "--directed with --to: nothing after the one January week with a BLR source" test "$(lines "$tmp/d2")" -eq 1
"$bin" trend --db "$db" --json --dyad RUS-BLR --directed >"$tmp/d3" 2>/dev/null
pycheck "--directed RUS-BLR: W53 and W03" "$tmp/d3" \
	'[r["period"] for r in rows] == ["2020-W53","2021-W01","2021-W02","2021-W03"] and rows[0]["goldstein_sum"] == -2 and rows[3]["goldstein_sum"] == -10'

# Monthly.
"$bin" trend --db "$db" --json --dyad BLR-RUS --by month >"$tmp/m" 2>/dev/null
check "--by month exits 0" test $? -eq 0
pycheck "months: Dec, Jan, an empty Feb, Mar" "$tmp/m" \
	'[(r["period"], r["start"], r["end"], r["events"]) for r in rows] == [("2020-12","2020-12-01","2020-12-31",1),("2021-01","2021-01-01","2021-01-31",2),("2021-02","2021-02-01","2021-02-28",0),("2021-03","2021-03-01","2021-03-31",1)]'
pycheck "January: both conflicts, mean of -2 and -10" "$tmp/m" \
	'rows[1]["conflict"] == 2 and rows[1]["goldstein_sum"] == -12 and rows[1]["goldstein_mean"] == -6 and rows[1]["top_events"] == [ev["Moscow"], ev["Russia"]]'

# From/to.
"$bin" trend --db "$db" --json --dyad BLR-RUS --from 2021-01-01 --to 2021-01-31 >"$tmp/f" 2>/dev/null
pycheck "--from/--to: events cut, weeks whole" "$tmp/f" \
	'[r["period"] for r in rows] == ["2020-W53","2021-W01","2021-W02","2021-W03"] and rows[0]["events"] == 1 and rows[0]["start"] == "2020-12-28"'
"$bin" trend --db "$db" --json --dyad BLR-POL >"$tmp/none" 2>/dev/null
check "a dyad with no event: no line, exit 0" test $? -eq 0 -a "$(lines "$tmp/none")" -eq 0

# One party, all events, one sphere; the chart.
"$bin" trend --db "$db" --json --party lva >"$tmp/p" 2>/dev/null
pycheck "--party LVA: its one event, labelled LVA" "$tmp/p" \
	'len(rows) == 1 and rows[0]["dyad"] == "LVA" and rows[0]["period"] == "2021-W03" and rows[0]["events"] == 1'
"$bin" trend --db "$db" --json >"$tmp/all" 2>/dev/null
pycheck "no dyad: every dated event (5)" "$tmp/all" \
	'sum(r["events"] for r in rows) == 5 and rows[0]["dyad"] == "all"'
"$bin" trend --db "$db" --json --sphere foreign --dyad BLR-RUS >"$tmp/s" 2>/dev/null
pycheck "--sphere foreign: the treaty, the criticism, the meeting (not the attack)" "$tmp/s" \
	'sum(r["events"] for r in rows) == 3 and all(r["sphere"] == "foreign" for r in rows)'
"$bin" trend --db "$db" --json --sphere security --dyad BLR-RUS >"$tmp/s2" 2>/dev/null
pycheck "--sphere security: the attack (root 19)" "$tmp/s2" \
	'sum(r["events"] for r in rows) == 1 and rows[0]["period"] == "2021-W03"'
"$bin" trend --db "$db" --svg --dyad BLR-RUS >"$tmp/c.svg" 2>/dev/null
check "--svg exits 0" test $? -eq 0
check "--svg writes an SVG chart" grep -q '<svg' "$tmp/c.svg"
check "... with the weeks on it" grep -q '2020-W53' "$tmp/c.svg"

# The table.
"$bin" trend --db "$db" --dyad BLR-RUS --by month >"$tmp/table" 2>/dev/null
check "table: a header and one line per month" test "$(lines "$tmp/table")" -eq 5
check "table: header" grep -q '^period  *start  *end  *events  *q1  *q2  *q3  *q4  *coop  *confl  *gold_sum  *gold_mean  *docs  *label  *conf  *top_events$' "$tmp/table"
check "table: the empty month" grep -q '^2021-02  *2021-02-01  *2021-02-28  *0  *0  *0  *0  *0  *0  *0  *0\.0  *-  *0  *unchanged  *0\.00$' "$tmp/table"
check "table: columns aligned" sh -c "awk 'NR > 1 { print index(\$0, \" 20\") }' '$tmp/table' | sort -u | wc -l | grep -qx 1"

# Usage and fatal errors.
for bad in "--directed" "--dyad BLR-RUS --party BLR" "--sphere nosuch" "--spheres /nonexistent --sphere security" "--json --svg" "--dyad BLR" "--dyad -RUS" "--dyad BLR-" "--dyad A-B-C" "--dyad B%R-RUS" "--by year" \
	"--from 2021-13-01" "--from 2021-03-01 --to 2021-02-01" "--dyad BLR-RUS extra" "--bogus" "--by"; do
	# shellcheck disable=SC2086
	"$bin" trend --db "$db" $bad >/dev/null 2>"$tmp/u.err"
	check "trend $bad is a usage error (2)" test $? -eq 2
	check "trend $bad: no SQL in the message" sh -c "! grep -qi 'sql\|syntax' '$tmp/u.err'"
done
"$bin" trend --db "$tmp/none.db" --dyad BLR-RUS >/dev/null 2>&1
check "trend of a missing database is fatal (3)" test $? -eq 3
check "... and does not create it" test ! -e "$tmp/none.db"
"$bin" trend --db "$db" --json --dyad BLR-RUS >/dev/full 2>/dev/null
check "an output error is fatal (3)" test $? -eq 3
check "trend --help" "$bin" trend --help
check "trend --help shows usage" sh -c "'$bin' trend --help | grep -q '^usage: sitrep trend'"
check "sitrep --help lists trend" sh -c "'$bin' --help | grep -q '^  trend '"
