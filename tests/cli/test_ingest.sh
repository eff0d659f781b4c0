#!/usr/bin/env bash
# sitrep ingest / search / show: idempotent ingest, summaries, exit codes,
# search syntax and filters, show's JSON.
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { # check NAME COMMAND...
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then echo "ok - $name"; else echo "not ok - $name"; fi
}
db="$tmp/t.db"

cat >"$tmp/a.txt" <<'T'
Officials meet in Minsk

The defence ministers of the two countries met in Minsk on Tuesday and agreed on a plan of joint exercises for the coming year. They also discussed air defence and the supply of new radar systems.

The talks were described as constructive by both sides, and a further meeting is planned in Moscow.
T
printf '%s\n' \
	'{"id":"k1","date":"2024-03-05","title":"Sanctions widened","text":"The European Union widened sanctions against Belarusian potash exporters on Monday, citing the regime'"'"'s role in the war. Officials in Minsk called the decision hostile and promised a response."}' \
	'{"bad json' \
	'{"id":"k2","date":"2024-04-10","title":"Лукашенко провёл совещание","text":"Александр Лукашенко провёл совещание по вопросам обороны и поручил усилить охрану границы с Польшей и Литвой. Министр обороны доложил о ходе учений."}' \
	>"$tmp/b.jsonl"

"$bin" ingest --db "$db" "$tmp/a.txt" "$tmp/b.jsonl" >"$tmp/out1" 2>"$tmp/err1"
rc=$?
check "ingest with a bad JSONL line exits 1" test $rc -eq 1
check "the bad line is named on stderr" grep -q 'b.jsonl:2' "$tmp/err1"
check "summary line counts added and rejected" grep -qx 'added 3, duplicate 0, near-duplicate 0, rejected 1, events [0-9]*' "$tmp/out1"

"$bin" ingest --db "$db" --json "$tmp/a.txt" "$tmp/b.jsonl" >"$tmp/out2" 2>/dev/null
check "second ingest adds nothing (--json summary)" \
	grep -qx '{"added":0,"duplicate":3,"near_duplicate":0,"rejected":1,"events":0}' "$tmp/out2"
"$bin" ingest --db "$db" --quiet "$tmp/a.txt" >"$tmp/out3" 2>&1
rc=$?
check "ingest of only good input exits 0" test $rc -eq 0
check "--quiet prints nothing" test ! -s "$tmp/out3"
check "documents in the database" test "$(sqlite3 "$db" 'SELECT count(*) FROM documents')" -eq 3

# A syndicated copy: same body, another headline → near-duplicate.
sed '1s/.*/Ministers agree on exercises/' "$tmp/a.txt" >"$tmp/copy.txt"
"$bin" ingest --db "$db" --json "$tmp/copy.txt" >"$tmp/out4" 2>/dev/null
check "a retitled copy is a near-duplicate" grep -q '"added":0,"duplicate":0,"near_duplicate":1' "$tmp/out4"

# Usage errors and fatal errors.
"$bin" ingest --db "$db" >/dev/null 2>&1
check "ingest without input is a usage error (2)" test $? -eq 2
"$bin" ingest --bogus "$tmp/a.txt" >/dev/null 2>&1
check "unknown option is a usage error (2)" test $? -eq 2
"$bin" ingest --db "$tmp/no/such/dir/x.db" "$tmp/a.txt" >/dev/null 2>&1
check "unopenable database is fatal (3)" test $? -eq 3
printf 'not a database at all\n%.0s' $(seq 200) >"$tmp/junk.db"
"$bin" ingest --db "$tmp/junk.db" "$tmp/a.txt" >/dev/null 2>"$tmp/junk.err"
check "a file that is not a database is fatal (3)" test $? -eq 3
check "... and is left as it was" grep -q '^not a database at all' "$tmp/junk.db"
for c in ingest search show; do
	check "$c --help" "$bin" $c --help
	check "$c --help shows usage" sh -c "'$bin' $c --help | grep -q '^usage: sitrep $c'"
done

# Search.
"$bin" search --db "$db" --json exercises >"$tmp/s1" 2>/dev/null
check "search exits 0" test $? -eq 0
check "search finds the article" grep -q '"title":"Officials meet in Minsk"' "$tmp/s1"
check "near-duplicates hidden by default" test "$(wc -l <"$tmp/s1")" -eq 1
for k in id score date publication section title file snippet; do
	check "search --json has key $k" grep -q "\"$k\":" "$tmp/s1"
done
check "snippet marks the match" grep -q '\[exercises\]' "$tmp/s1"
"$bin" search --db "$db" --json --all exercises >"$tmp/s2" 2>/dev/null
check "--all shows near-duplicates" test "$(wc -l <"$tmp/s2")" -eq 2
"$bin" search --db "$db" --json 'лукашенко' >"$tmp/s3" 2>/dev/null
check "Cyrillic search, any case" grep -q '"date":"2024-04-10"' "$tmp/s3"
"$bin" search --db "$db" --json 'Minsk -sanctions' >"$tmp/s4" 2>/dev/null
check "exclusion" sh -c "test \$(wc -l <'$tmp/s4') -eq 1 && grep -q 'Officials meet' '$tmp/s4'"
"$bin" search --db "$db" --json '"joint exercises" OR potash' >"$tmp/s5" 2>/dev/null
check "phrase OR word" test "$(wc -l <"$tmp/s5")" -eq 2
"$bin" search --db "$db" --json --from 2024-04-01 --to 2024-12-31 'Лукашенко OR sanctions' >"$tmp/s6" 2>/dev/null
check "date filter" sh -c "test \$(wc -l <'$tmp/s6') -eq 1 && grep -q '2024-04-10' '$tmp/s6'"
"$bin" search --db "$db" --json --limit 1 --offset 1 '"joint exercises" OR potash' >"$tmp/s7" 2>/dev/null
check "paging" test "$(wc -l <"$tmp/s7")" -eq 1
"$bin" search --db "$db" 'exercises' >"$tmp/s8" 2>/dev/null
check "text output when not a terminal uses [brackets]" grep -q '\[exercises\]' "$tmp/s8"
check "text output has no ANSI codes" sh -c "! grep -q \$(printf '\\033') '$tmp/s8'"
"$bin" search --db "$db" --json nosuchwordanywhere >"$tmp/s9" 2>/dev/null
check "no match: exit 0, no output" sh -c "test \$? -eq 0 && test ! -s '$tmp/s9'"
for q in '"' '*' 'NEAR(' "'; DROP TABLE documents; --" '-only' '(' 'title:x' '""'; do
	"$bin" search --db "$db" --json "$q" >/dev/null 2>"$tmp/qe"
	rc=$?
	check "hostile query [$q] is searched or refused as usage (0 or 2)" test $rc -eq 0 -o $rc -eq 2
	check "hostile query [$q] gives no SQL error" sh -c "! grep -qi 'sql\|fts5\|syntax' '$tmp/qe'"
done
"$bin" search --db "$db" --json '*' >/dev/null 2>&1
check "a query with nothing to search is a usage error (2)" test $? -eq 2
"$bin" search --db "$db" --from 2024-13-01 x >/dev/null 2>&1
check "a bad date is a usage error (2)" test $? -eq 2
"$bin" search --db "$db" --limit 0 x >/dev/null 2>&1
check "--limit 0 is a usage error (2)" test $? -eq 2
"$bin" search --db "$tmp/none.db" x >/dev/null 2>&1
check "search of a missing database is fatal (3)" test $? -eq 3
check "... and does not create it" test ! -e "$tmp/none.db"

# Show.
id=$(sed -n 's/.*"id":\([0-9]*\),.*/\1/p' "$tmp/s1" | head -1)
"$bin" show --db "$db" --json "$id" >"$tmp/sh1" 2>/dev/null
check "show exits 0" test $? -eq 0
for k in id dup_of file publication title byline section period_start period_end date date_basis trend trend_assessed volume issue language cited_sources body; do
	check "show --json has key $k" grep -q "\"$k\":" "$tmp/sh1"
done
check "show --json: id is the store's" grep -q "\"id\":$id," "$tmp/sh1"
check "show --json: the whole body" grep -q 'further meeting is planned in Moscow' "$tmp/sh1"
check "show --json: an original has dup_of null" grep -q '"dup_of":null' "$tmp/sh1"
copy=$(grep -v "\"id\":$id," "$tmp/s2" | sed -n 's/.*"id":\([0-9]*\),.*/\1/p' | head -1)
"$bin" show --db "$db" --json "$copy" >"$tmp/sh2" 2>/dev/null
check "show --json: a copy links to its original" grep -q "\"dup_of\":$id" "$tmp/sh2"
"$bin" show --db "$db" "$id" >"$tmp/sh3" 2>/dev/null
check "show text output" grep -q '^title  *Officials meet in Minsk' "$tmp/sh3"
"$bin" show --db "$db" 99999 >/dev/null 2>"$tmp/sh4"
check "show of a missing id exits 1" test $? -eq 1
check "... and says so" grep -q 'no document with id 99999' "$tmp/sh4"
"$bin" show --db "$db" abc >/dev/null 2>&1
check "show of a non-number is a usage error (2)" test $? -eq 2
"$bin" show --db "$db" >/dev/null 2>&1
check "show without ID is a usage error (2)" test $? -eq 2
