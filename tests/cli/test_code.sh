#!/usr/bin/env bash
# sitrep code: the interface of DESIGN.md — one JSON object per event with its
# keys in order, values from a small dictionary of our own, the stdin filter,
# plain and JSONL provenance, the readable form, exit codes, --help.
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

# A dictionary of our own, so the expected events follow from it alone.
cat >"$tmp/t.sd" <<'D'
# sitrep dictionary 1
[actor BLR]
name = Belarus
type = country
alias = Belarus
adjective = Belarusian
metonym = Minsk

[actor RUS]
name = Russia
type = country
alias = Russia
adjective = Russian
metonym = Moscow

[actor POL]
name = Poland
type = country
alias = Poland
metonym = Warsaw

[agent MIL]
name = military
noun = army; troops; defence ministry

[verb SIGN]
code = 057
forms = sign; signed

[verb CONDEMN]
code = 111
forms = condemn; condemned

[cameo]
057  8.0   1  AGREE     Sign formal agreement
111  -2.0  3  DISAPPROVE  Criticize or denounce
D

printf '%s\n' \
	'{"id":"a1","date":"2024-03-05","title":"Treaty","text":"Officials from both countries gathered in the capital on Monday for a long ceremony at the old palace. Belarus signed a treaty with Russia on Tuesday. Warsaw condemned Minsk over the border closure."}' \
	'{"id":"a2","date":"2024-03-06","title":"Quiet","text":"Nothing happened in the region today, and the weather stayed mild for the season."}' \
	>"$tmp/a.jsonl"

"$bin" code --json --dict "$tmp/t.sd" "$tmp/a.jsonl" >"$tmp/out" 2>"$tmp/err"
check "code --json exits 0" test $? -eq 0
check "nothing on stderr" test ! -s "$tmp/err"
check "one line per event (2)" test "$(wc -l <"$tmp/out")" -eq 2
pycheck "every line is a JSON object" "$tmp/out" 'all(isinstance(r, dict) for r in rows)'
pycheck "keys in the order of DESIGN.md (JSONL input: line and id)" "$tmp/out" \
	'all(list(r) == ["file","line","id","sentence","date","source","target","cameo","root","quad","goldstein","plover","text"] for r in rows)'
pycheck "the treaty: BLR -> RUS, 057, its root, quad, Goldstein, PLOVER" "$tmp/out" \
	'rows[0]["source"] == {"code":"BLR","name":"Belarus"} and rows[0]["target"]["code"] == "RUS" and rows[0]["cameo"] == "057" and rows[0]["root"] == "05" and rows[0]["quad"] == 1 and rows[0]["goldstein"] == 8 and rows[0]["plover"] == "AGREE"'
pycheck "dated by the article, provenance from the JSONL line" "$tmp/out" \
	'rows[0]["date"] == "2024-03-05" and rows[0]["line"] == 1 and rows[0]["id"] == "a1" and rows[0]["file"].endswith("a.jsonl")'
pycheck "sentences counted from 0 over the body" "$tmp/out" '[r["sentence"] for r in rows] == [1, 2]'
pycheck "the evidence is in its sentence" "$tmp/out" \
	'"signed" in rows[0]["text"] and "condemned" in rows[1]["text"] and "\n" not in rows[0]["text"]'
pycheck "metonyms code governments' capitals: POL -> BLR 111, Goldstein -2" "$tmp/out" \
	'rows[1]["source"]["code"] == "POL" and rows[1]["target"]["code"] == "BLR" and rows[1]["cameo"] == "111" and rows[1]["goldstein"] == -2 and rows[1]["quad"] == 3'
check "Goldstein printed short, not as a binary fraction" grep -q '"goldstein":8,' "$tmp/out"

# stdin → stdout
cat "$tmp/a.jsonl" | "$bin" code --json --dict "$tmp/t.sd" - >"$tmp/stdin" 2>/dev/null
check "stdin filter exits 0" test $? -eq 0
check "stdin: file is -" sh -c "grep -c '\"file\":\"-\"' '$tmp/stdin' | grep -qx 2"
check "stdin gives the same events" sh -c "sed 's/\"file\":\"[^\"]*\"/F/' '$tmp/out' >'$tmp/o1'; sed 's/\"file\":\"[^\"]*\"/F/' '$tmp/stdin' >'$tmp/o2'; cmp '$tmp/o1' '$tmp/o2'"

# A plain-text article: no line or id.
printf 'Border talks\n\nThe talks on the border regime went on for most of the week, with delegations meeting twice a day. The Belarusian army signed an accord with Russia.\n' >"$tmp/p.txt"
"$bin" code --json --dict "$tmp/t.sd" "$tmp/p.txt" >"$tmp/plain" 2>/dev/null
check "plain text exits 0" test $? -eq 0
pycheck "plain text: agent joins its actor (BLRMIL), no line or id" "$tmp/plain" \
	'len(rows) == 1 and rows[0]["source"]["code"] == "BLRMIL" and "line" not in rows[0] and "id" not in rows[0] and rows[0]["date"] is None'

# The readable form: one line per event.
"$bin" code --dict "$tmp/t.sd" "$tmp/a.jsonl" >"$tmp/text" 2>/dev/null
check "text output: one line per event" test "$(wc -l <"$tmp/text")" -eq 2
check "text output names date, dyad and code" grep -q '^2024-03-05  BLR -> RUS  057' "$tmp/text"
check "text output gives file:line and sentence" grep -q 'a.jsonl:1 #1: ' "$tmp/text"

# Exit codes.
printf '%s\n' '{"id":"b1","date":"2024-01-01","text":"Moscow condemned Warsaw for the new restrictions on transit of goods through the border crossings, which came into force last week."}' '{"broken' >"$tmp/bad.jsonl"
"$bin" code --json --dict "$tmp/t.sd" "$tmp/bad.jsonl" >"$tmp/b.out" 2>"$tmp/b.err"
check "a rejected input exits 1" test $? -eq 1
check "... named on stderr with its line" grep -q 'bad.jsonl:2' "$tmp/b.err"
check "... and the good article is still coded" grep -q '"cameo":"111"' "$tmp/b.out"
"$bin" code --json --dict "$tmp/t.sd" "$tmp/a.jsonl" "$tmp/nonexistent.txt" >/dev/null 2>&1
check "a missing input file exits 1" test $? -eq 1
"$bin" code --json --dict "$tmp/t.sd" >/dev/null 2>&1
check "no input is a usage error (2)" test $? -eq 2
"$bin" code --bogus "$tmp/a.jsonl" >/dev/null 2>&1
check "an unknown option is a usage error (2)" test $? -eq 2
"$bin" code --json --dict >/dev/null 2>&1
check "--dict without a path is a usage error (2)" test $? -eq 2
"$bin" code --json --dict "$tmp/none.sd" "$tmp/a.jsonl" >"$tmp/d.out" 2>"$tmp/d.err"
check "a missing dictionary is fatal (3)" test $? -eq 3
check "... named on stderr" grep -q 'none.sd' "$tmp/d.err"
check "... and nothing is coded" test ! -s "$tmp/d.out"
printf '# sitrep dictionary 1\n[actor BLR]\nname = Belarus\n[verb X]\ncode = 057\npattern = this is not a pattern\n' >"$tmp/broken.sd"
"$bin" code --json --dict "$tmp/broken.sd" "$tmp/a.jsonl" >/dev/null 2>"$tmp/e.err"
check "a broken dictionary is fatal (3)" test $? -eq 3
check "... its file and line named" grep -q 'broken.sd:[0-9]' "$tmp/e.err"
"$bin" code --json "$tmp/a.jsonl" >"$tmp/def.out" 2>"$tmp/def.err"
check "the bundled dictionaries load (exit 0)" test $? -eq 0
pycheck "the bundled dictionaries' output is JSON lines" "$tmp/def.out" 'all(isinstance(r, dict) for r in rows)'
"$bin" code --json --dict "$tmp/t.sd" "$tmp/a.jsonl" >/dev/full 2>/dev/null
check "an output error is fatal (3)" test $? -eq 3
check "code --help" "$bin" code --help
check "code --help shows usage" sh -c "'$bin' code --help | grep -q '^usage: sitrep code'"
