#!/usr/bin/env bash
# sitrep extract: the interface of DESIGN.md — JSON keys, stdin filter, JSONL
# provenance, exit codes, --help.
set -u
bin=$SITREP_BIN
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { # check NAME COMMAND...
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then echo "ok - $name"; else echo "not ok - $name"; fi
}

cat >"$tmp/a.txt" <<'T'
Officials meet in Minsk

The defence ministers of the two countries met in Minsk on Tuesday and agreed on a plan of joint exercises for the coming year. They also discussed air defence.

The talks were described as constructive by both sides.
T
"$bin" extract --json "$tmp/a.txt" >"$tmp/out.json" 2>"$tmp/err"
check "extract exits 0 on a good file" test $? -eq 0
for k in file publication title byline section period_start period_end date date_basis trend trend_assessed volume issue language cited_sources body; do
	check "extract --json has key $k" grep -q "\"$k\":" "$tmp/out.json"
done
check "one object per line" test "$(wc -l <"$tmp/out.json")" -eq 1

cat "$tmp/a.txt" | "$bin" extract --json - >"$tmp/stdin.json" 2>/dev/null
check "stdin filter reads -" grep -q '"file":"-"' "$tmp/stdin.json"

printf '%s\n' '{"url":"http://x/1","id":"k1","date":"2024-03-05","title":"T one","text":"Body one is here and it is long enough to be a body."}' \
	'{"bad json' \
	'{"url":"http://x/2","id":"k2","html":"<html><body><article><p>Body two is here and it is long enough to be a body of a page.</p></article></body></html>"}' >"$tmp/f.jsonl"
"$bin" extract --json "$tmp/f.jsonl" >"$tmp/j.json" 2>"$tmp/j.err"
rc=$?
check "JSONL with a bad line exits 1" test $rc -eq 1
check "bad JSONL line named with its line number" grep -q 'f.jsonl:2:' "$tmp/j.err"
check "good JSONL lines still extracted" test "$(wc -l <"$tmp/j.json")" -eq 2
check "JSONL line and id echoed" grep -q '"line":3,"id":"k2"' "$tmp/j.json"
check "JSONL date honoured" grep -q '"date":"2024-03-05","date_basis":"stated"' "$tmp/j.json"
check "JSONL title honoured" grep -q '"title":"T one"' "$tmp/j.json"

"$bin" extract --bogus >/dev/null 2>&1
check "unknown option is a usage error (2)" test $? -eq 2
"$bin" extract >/dev/null 2>&1
check "no input is a usage error (2)" test $? -eq 2
check "extract --help" "$bin" extract --help
"$bin" extract --json /nonexistent/file "$tmp/a.txt" >"$tmp/o2" 2>"$tmp/e2"
check "missing file exits 1" test $? -eq 1
check "missing file named on stderr" grep -q '/nonexistent/file: cannot open' "$tmp/e2"
check "the good file beside it is extracted" test "$(wc -l <"$tmp/o2")" -eq 1
"$bin" extract --json "$tmp/a.txt" >/dev/full 2>/dev/null
check "write error is fatal (3)" test $? -eq 3
"$bin" nosuchcommand >/dev/null 2>&1
check "unknown command is a usage error (2)" test $? -eq 2

# Text comes out in Unicode NFC: e + combining acute is stored as é.
printf 'Officials meet\n\nThe minister met his counterpart in a cafe\xcc\x81 near the border to discuss joint exercises and air defence plans.\n' >"$tmp/nfd.txt"
"$bin" extract --json "$tmp/nfd.txt" >"$tmp/nfd.json" 2>/dev/null
check "body is NFC (composed é)" grep -q $'caf\xc3\xa9 near' "$tmp/nfd.json"
check "no combining accent left" bash -c "! grep -q $'\xcc\x81' '$tmp/nfd.json'"
