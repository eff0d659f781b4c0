#!/usr/bin/env bash
# sitrep ingest (coding) and sitrep events: events stored once with their
# article, listed by dyad (both ways, or --directed), actor, root, quad class
# and date, as text, JSON lines and TSV; exit codes.
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
db="$tmp/e.db"
lines() { wc -l <"$1" | tr -d ' '; }

cat >"$tmp/t.sd" <<'D'
# sitrep dictionary 1
[actor BLR]
name = Belarus
type = country
alias = Belarus
metonym = Minsk

[actor RUS]
name = Russia
type = country
alias = Russia
metonym = Moscow

[actor POL]
name = Poland
type = country
alias = Poland
metonym = Warsaw

[actor IGOWSTNAT]
name = NATO
type = igo
party = NAT
alias = NATO

[agent MIL]
name = military
noun = army; troops

[verb SIGN]
code = 057
forms = sign; signed

[verb CONDEMN]
code = 111
forms = condemn; condemned

[verb SEND]
code = 0234
forms = send; sent

[cameo]
057   8.0   1  AGREE       Sign formal agreement
111   -2.0  3  DISAPPROVE  Criticize or denounce
0234  7.4   2  AID         Provide humanitarian aid
D

# Four events over three articles, dated out of input order.
printf '%s\n' \
	'{"id":"e1","date":"2024-03-05","title":"Treaty","url":"https://news.example/treaty","text":"Belarus signed a treaty with Russia in the morning. Warsaw condemned Minsk over the border closure."}' \
	'{"id":"e2","date":"2024-01-20","title":"Aid","text":"Moscow sent Belarus a convoy with food and medicine after the floods in the south."}' \
	'{"id":"e3","date":"2024-02-11","title":"Alliance","text":"NATO condemned Belarus for the exercises held near the frontier this week."}' \
	>"$tmp/a.jsonl"

"$bin" ingest --db "$db" --dict "$tmp/t.sd" "$tmp/a.jsonl" >"$tmp/in1" 2>"$tmp/in1.err"
check "ingest with coding exits 0" test $? -eq 0
check "summary counts the events" grep -qx 'added 3, duplicate 0, near-duplicate 0, rejected 0, events 4' "$tmp/in1"
check "events in the database" test "$(sqlite3 "$db" 'SELECT count(*) FROM events')" -eq 4
check "every article marked coded with the dictionary's fingerprint" \
	test "$(sqlite3 "$db" "SELECT count(*) FROM codings WHERE dict LIKE 'xxh128:%'")" -eq 3

"$bin" ingest --db "$db" --json --dict "$tmp/t.sd" "$tmp/a.jsonl" >"$tmp/in2" 2>/dev/null
check "a second ingest adds no events" grep -qx '{"added":0,"duplicate":3,"near_duplicate":0,"rejected":0,"events":0}' "$tmp/in2"
check "... and the database still has 4" test "$(sqlite3 "$db" 'SELECT count(*) FROM events')" -eq 4
# A syndicated copy under another headline: linked, its events not counted again.
sed -n 1p "$tmp/a.jsonl" | sed 's/"title":"Treaty"/"title":"Minsk and Moscow sign treaty"/; s/"id":"e1"/"id":"c1"/' >"$tmp/copy.jsonl"
"$bin" ingest --db "$db" --json --dict "$tmp/t.sd" "$tmp/copy.jsonl" >"$tmp/in3" 2>/dev/null
check "a near-duplicate adds no events" grep -q '"near_duplicate":1,"rejected":0,"events":0' "$tmp/in3"
check "... events counted once" test "$(sqlite3 "$db" 'SELECT count(*) FROM events')" -eq 4

# The events agree with `code` over the same input.
"$bin" code --json --dict "$tmp/t.sd" "$tmp/a.jsonl" >"$tmp/coded" 2>/dev/null
check "code finds as many events as ingest stored" test "$(lines "$tmp/coded")" -eq 4

# Listing: JSON lines.
"$bin" events --db "$db" --json >"$tmp/all" 2>/dev/null
check "events --json exits 0" test $? -eq 0
check "all four listed" test "$(lines "$tmp/all")" -eq 4
pycheck "in date order" "$tmp/all" '[r["date"] for r in rows] == ["2024-01-20","2024-02-11","2024-03-05","2024-03-05"]'
pycheck "keys: the code --json object with its document" "$tmp/all" \
	'all(list(r)[:5] == ["event_id","doc_id","file","line","id"] and {"sentence","date","source","target","cameo","root","quad","goldstein","plover","text","title","publication","url","modal","reported"} <= set(r) for r in rows)'
pycheck "values survive the store" "$tmp/all" \
	'rows[2]["source"] == {"code":"BLR","name":"Belarus"} and rows[2]["target"]["code"] == "RUS" and rows[2]["cameo"] == "057" and rows[2]["quad"] == 1 and rows[2]["goldstein"] == 8 and rows[2]["plover"] == "AGREE" and rows[2]["title"] == "Treaty" and rows[2]["url"] == "https://news.example/treaty" and rows[2]["id"] == "e1" and "signed" in rows[2]["text"]'
pycheck "same sentence order within an article" "$tmp/all" '[rows[2]["sentence"], rows[3]["sentence"]] == [0, 1]'
pycheck "a four-digit code keeps its root" "$tmp/all" 'rows[0]["cameo"] == "0234" and rows[0]["root"] == "02" and rows[0]["goldstein"] == 7.4'

# Filters.
n() { "$bin" events --db "$db" --json "$@" 2>/dev/null | wc -l | tr -d ' '; }
check "--dyad BLR-RUS: both directions (2)" test "$(n --dyad BLR-RUS)" -eq 2
check "--dyad RUS-BLR: the same (2)" test "$(n --dyad RUS-BLR)" -eq 2
check "--dyad rus-blr: any case" test "$(n --dyad rus-blr)" -eq 2
check "--directed: only BLR -> RUS (1)" test "$(n --dyad BLR-RUS --directed)" -eq 1
check "--directed the other way: only RUS -> BLR (1)" test "$(n --dyad RUS-BLR --directed)" -eq 1
check "--dyad NAT-BLR: the dictionary's party for NATO (1)" test "$(n --dyad NAT-BLR)" -eq 1
check "--dyad POL-RUS: none" test "$(n --dyad POL-RUS)" -eq 0
check "--actor BLR: source or target (4)" test "$(n --actor BLR)" -eq 4
check "--actor POL (1)" test "$(n --actor POL)" -eq 1
check "--actor IGO: a code prefix (1)" test "$(n --actor IGO)" -eq 1
check "--root 11 (2)" test "$(n --root 11)" -eq 2
check "--quad 2 (1)" test "$(n --quad 2)" -eq 1
check "--from 2024-02-01 (3)" test "$(n --from 2024-02-01)" -eq 3
check "--from/--to inclusive (1)" test "$(n --from 2024-02-11 --to 2024-02-11)" -eq 1
check "--to 2024-01-19: none" test "$(n --to 2024-01-19)" -eq 0
check "--limit 2 (2)" test "$(n --limit 2)" -eq 2
check "--limit 2 --offset 3 (1)" test "$(n --limit 2 --offset 3)" -eq 1
check "filters combine (1)" test "$(n --dyad BLR-POL --root 11 --from 2024-03-01 --actor POL)" -eq 1

# TSV.
"$bin" events --db "$db" --format tsv >"$tmp/tsv" 2>/dev/null
check "--format tsv exits 0" test $? -eq 0
check "TSV header line" test "$(head -1 "$tmp/tsv")" = "$(printf 'GLOBALEVENTID\tSQLDATE\tActor1Code\tActor1Name\tActor1CountryCode\tActor2Code\tActor2Name\tActor2CountryCode\tEventCode\tEventBaseCode\tEventRootCode\tQuadClass\tGoldsteinScale\tSOURCEURL\tDocID\tSentence\tPlover\tModal\tReported\tEvidence')"
check "TSV: header and four rows" test "$(lines "$tmp/tsv")" -eq 5
check "TSV: 20 columns on every line" sh -c "awk -F'\t' 'NF != 20 { bad = 1 } END { exit bad }' '$tmp/tsv'"
check "TSV: SQLDATE, codes, party, base and root codes, quad, Goldstein" \
	sh -c "awk -F'\t' '\$9 == \"0234\" && \$2 == \"20240120\" && \$3 == \"RUS\" && \$5 == \"RUS\" && \$10 == \"023\" && \$11 == \"02\" && \$12 == 2 && \$13 == 7.4 { found = 1 } END { exit !found }' '$tmp/tsv'"
check "TSV: NATO's country code is its party" sh -c "awk -F'\t' '\$3 == \"IGOWSTNAT\" && \$5 == \"NAT\" { f = 1 } END { exit !f }' '$tmp/tsv'"
check "TSV: SOURCEURL is the URL, else file:line" sh -c "grep -q 'https://news.example/treaty' '$tmp/tsv' && grep -q 'a.jsonl:2' '$tmp/tsv'"
"$bin" events --db "$db" --format tsv --dyad POL-RUS >"$tmp/tsv0" 2>/dev/null
check "TSV with no match: the header alone" test "$(lines "$tmp/tsv0")" -eq 1

# Text.
"$bin" events --db "$db" --dyad BLR-RUS >"$tmp/text" 2>/dev/null
check "text output: one line per event" test "$(lines "$tmp/text")" -eq 2
check "text output: date, dyad, code, document" grep -q '^2024-03-05  BLR -> RUS  057 .*\[doc 1\]$' "$tmp/text"

# Usage and fatal errors.
for bad in "--dyad BLR" "--dyad -RUS" "--dyad BLR-" "--dyad A-B-C" "--directed" "--root 6" "--root 1x" \
	"--quad 5" "--from 2024-13-01" "--limit 0" "--limit x" "--format xml" "--actor B%" "--dyad B'R-RUS" \
	"--from 2024-03-01 --to 2024-02-01" "extra" "--bogus"; do
	# shellcheck disable=SC2086
	"$bin" events --db "$db" $bad >/dev/null 2>"$tmp/u.err"
	check "events $bad is a usage error (2)" test $? -eq 2
	check "events $bad: no SQL in the message" sh -c "! grep -qi 'sql\|syntax' '$tmp/u.err'"
done
"$bin" events --db "$tmp/none.db" >/dev/null 2>&1
check "events of a missing database is fatal (3)" test $? -eq 3
check "... and does not create it" test ! -e "$tmp/none.db"
"$bin" events --db "$db" >/dev/full 2>/dev/null
check "an output error is fatal (3)" test $? -eq 3
check "events --help" "$bin" events --help
check "events --help shows usage" sh -c "'$bin' events --help | grep -q '^usage: sitrep events'"

# ingest: --no-code, and dictionaries that do not load.
"$bin" ingest --db "$tmp/n.db" --no-code "$tmp/a.jsonl" >"$tmp/nc" 2>/dev/null
check "--no-code stores without events" grep -qx 'added 3, duplicate 0, near-duplicate 0, rejected 0, events 0' "$tmp/nc"
check "... and marks nothing coded" test "$(sqlite3 "$tmp/n.db" 'SELECT count(*) FROM codings')" -eq 0
"$bin" ingest --db "$tmp/m.db" --dict "$tmp/none.sd" "$tmp/a.jsonl" >/dev/null 2>&1
check "ingest with a missing dictionary is fatal (3)" test $? -eq 3
check "... before the database is created" test ! -e "$tmp/m.db"
"$bin" ingest --db "$tmp/m.db" --dict "$tmp/t.sd" --no-code "$tmp/a.jsonl" >/dev/null 2>&1
check "--dict with --no-code is a usage error (2)" test $? -eq 2
"$bin" ingest --db "$tmp/d.db" --quiet "$tmp/a.jsonl" >/dev/null 2>&1
check "ingest with the bundled dictionaries exits 0" test $? -eq 0
check "... and marks every article coded" test "$(sqlite3 "$tmp/d.db" "SELECT count(*) FROM codings WHERE dict = 'default'")" -eq 3
