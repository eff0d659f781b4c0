#!/usr/bin/env bash
# test_bad_input.sh — malformed inputs are rejected one at a time, each named
# once on stderr, and never stop the good inputs beside them.
#
# scripts/make-bad-corpus writes the inputs (invalid UTF-8, binary, empty,
# 100 MB lines, broken JSONL, hostile HTML) and a manifest of what each error
# must say; this script runs `sitrep ingest` and `sitrep extract` over them
# mixed with good files and checks the DESIGN.md contract: exit status 1, one
# "sitrep: FILE[:LINE]: [byte N: ]why" line per bad input, every good article
# stored, no crash. Prints TAP-like "ok - …" / "not ok - …" lines.
set -u
cd "$(dirname "$0")/../.."
BIN=${SITREP_BIN:-$PWD/build/sitrep}
LIMIT=${SITREP_TEST_TIMEOUT:-900} # seconds per command; a hang is a failure
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
check() { # check COND-STATUS NAME [DETAIL]
	if [ "$1" = 0 ]; then ok "$2"; else notok "$2${3:+ ($3)}"; fi
}
# run OUT ERR CMD...: run under the time limit; sets rc
run() {
	local out=$1 err=$2
	shift 2
	timeout "$LIMIT" "$@" >"$out" 2>"$err"
	rc=$?
}
# lines of FILE that are an error about PATH: "sitrep: PATH:..."
errs_for() { awk -v p="sitrep: $2:" 'index($0, p) == 1' "$1"; }
# a JSON string field of a flat one-line object (our values carry no quotes)
field() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p"; }
num() { sed -n "s/.*\"$1\": *\\([0-9][0-9]*\\).*/\\1/p"; }

if [ ! -x "$BIN" ]; then
	notok "sitrep binary at $BIN"
	exit 0
fi

if ! scripts/make-bad-corpus -g "$T/good" -m "$T/mixed" "$T/bad" >"$T/manifest"; then
	notok "scripts/make-bad-corpus ran"
	exit 0
fi
awk -F'\t' -v b="$T/bad/" '$1 == "bad" && index($2, b) == 1' "$T/manifest" >"$T/bad.list"
awk -F'\t' -v b="$T/good/" '$1 == "good" && index($2, b) == 1' "$T/manifest" >"$T/good.list"
awk -F'\t' -v b="$T/mixed/" '$1 == "bad" && index($2, b) == 1' "$T/manifest" >"$T/mixbad.list"
awk -F'\t' -v b="$T/mixed/" '$1 == "good" && index($2, b) == 1' "$T/manifest" >"$T/mixgood.list"
nbad=$(wc -l <"$T/bad.list")
ngood=$(wc -l <"$T/good.list")
nfiles=$(find "$T/bad" -type f | wc -l)
[ "$nbad" -ge 50 ] && [ "$nfiles" = "$nbad" ]
check $? "make-bad-corpus wrote $nfiles bad files, one manifest line each (>= 50)"

# Each expected error: exactly one line naming the file, with the line and
# byte the manifest gives. Prints nothing when all is well, else the problems.
expect_errors() { # expect_errors LIST STDERR
	local kind path line byte got n at
	while IFS=$'\t' read -r kind path line byte; do
		if [ "$line" != - ]; then
			got=$(errs_for "$2" "$path:$line")
			n=$(printf '%s' "$got" | grep -c '^')
		else
			got=$(errs_for "$2" "$path")
			n=$(printf '%s' "$got" | grep -c '^')
		fi
		if [ "$n" != 1 ]; then
			[ "$line" = - ] && at= || at=":$line"
			echo "${path#"$T"/}$at: named $n times"
		elif [ "$byte" != - ] && [[ "$got" != *"byte $byte:"* ]]; then
			echo "${path#"$T"/}: no 'byte $byte' in: ${got#sitrep: "$T"/}"
		fi
	done <"$1"
}

# ---- ingest: bad and good together ---------------------------------------------
run "$T/ingest.out" "$T/ingest.err" "$BIN" ingest --db "$T/db" --json "$T/bad" "$T/good"
[ "$rc" -lt 128 ] && [ "$rc" != 124 ]
check $? "ingest of bad + good inputs did not crash or hang" "exit $rc"
[ "$rc" = 1 ]
check $? "ingest exits 1 when some inputs are rejected" "exit $rc"

while IFS=$'\t' read -r kind path line byte; do
	printf '%s\t%s\t%s\t%s\n' "$kind" "$path" "$line" "$byte" >"$T/one"
	problem=$(expect_errors "$T/one" "$T/ingest.err")
	where=
	[ "$line" != - ] && where=" line $line"
	[ "$byte" != - ] && where="$where byte $byte"
	[ -z "$problem" ]
	check $? "ingest rejects ${path#"$T"/} with one error line${where:+ naming$where}" "$problem"
done <"$T/bad.list"

nerr=$(grep -c '^' "$T/ingest.err")
[ "$nerr" = "$nbad" ]
check $? "ingest stderr has exactly one line per bad input ($nbad)" \
	"$nerr lines; first others: $(grep -v '^sitrep: ' "$T/ingest.err" | head -3 | tr '\n' '|')"
named_good=$(grep -c -F "$T/good/" "$T/ingest.err")
[ "$named_good" = 0 ]
check $? "ingest names no good file on stderr" "$(grep -F "$T/good/" "$T/ingest.err" | head -3 | tr '\n' '|')"

added=$(num added <"$T/ingest.out")
rejected=$(num rejected <"$T/ingest.out")
[ "${added:-x}" = "$ngood" ]
check $? "ingest summary: added $ngood good articles" "$(cat "$T/ingest.out")"
[ "${rejected:-x}" = "$nbad" ]
check $? "ingest summary: rejected $nbad" "$(cat "$T/ingest.out")"

while IFS=$'\t' read -r kind path line marker; do
	[ "$line" = 0 ] && at= || at=":$line"
	"$BIN" search --db "$T/db" --json "$marker" >"$T/hits" 2>"$T/hits.err"
	src=$?
	nh=$(grep -c '^{' "$T/hits")
	hfile=$(field file <"$T/hits" | head -1)
	[ "$src" = 0 ] && [ "$nh" = 1 ] && [ "$hfile" = "$path" ]
	check $? "good article ${path#"$T"/}$at is stored and found by '$marker'" \
		"exit $src, $nh hits, file '$hfile'"
done <"$T/good.list"

# ---- extract: the same inputs, nothing stored ---------------------------------
run "$T/x.out" "$T/x.err" "$BIN" extract --json "$T/bad" "$T/good"
[ "$rc" -lt 128 ] && [ "$rc" != 124 ]
check $? "extract of bad + good inputs did not crash or hang" "exit $rc"
[ "$rc" = 1 ]
check $? "extract exits 1 when some inputs are rejected" "exit $rc"
problems=$(expect_errors "$T/bad.list" "$T/x.err")
[ -z "$problems" ]
check $? "extract names each of the $nbad bad inputs once, with line and byte" \
	"$(printf '%s' "$problems" | head -5 | tr '\n' ';')"
nerr=$(grep -c '^' "$T/x.err")
[ "$nerr" = "$nbad" ]
check $? "extract stderr has exactly one line per bad input" "$nerr lines"
nobj=$(grep -c '^{' "$T/x.out")
[ "$nobj" = "$ngood" ] && [ "$(grep -c '^' "$T/x.out")" = "$ngood" ]
check $? "extract prints one JSON object per good article ($ngood)" "$nobj objects"
missing=
while IFS=$'\t' read -r kind path line marker; do
	awk -v a="\"file\":\"$path\"" -v b="\"file\": \"$path\"" 'index($0, a) || index($0, b)' "$T/x.out" |
		grep -q -F "$marker" || missing="$missing ${path#"$T"/}:$line"
done <"$T/good.list"
[ -z "$missing" ]
check $? "extract output holds every good article with its own text" "missing:$missing"

# ---- stdin -------------------------------------------------------------------
timeout "$LIMIT" "$BIN" extract --json - <"$T/bad/u02-overlong-3byte-middle.txt" >"$T/s.out" 2>"$T/s.err"
rc=$?
byte=$(awk -F'\t' '$2 ~ /u02-/ { print $4 }' "$T/bad.list")
[ "$rc" = 1 ] && [ "$(grep -c '^' "$T/s.err")" = 1 ] && grep -q "^sitrep: -: byte $byte:" "$T/s.err"
check $? "invalid UTF-8 on stdin is rejected as '-' with its byte offset" "exit $rc: $(head -c 200 "$T/s.err")"
timeout "$LIMIT" "$BIN" extract --json - <"$T/bad/b01-random-4k.bin" >"$T/s.out" 2>"$T/s.err"
rc=$?
[ "$rc" = 1 ] && [ "$(grep -c '^' "$T/s.err")" = 1 ] && [ ! -s "$T/s.out" ]
check $? "random bytes on stdin are rejected with one error line" "exit $rc"

# ---- a JSONL file with good and bad lines ------------------------------------------
M="$T/mixed/mixed.jsonl"
run "$T/m.out" "$T/m.err" "$BIN" ingest --db "$T/db2" --json "$M"
[ "$rc" = 1 ]
check $? "ingest of a JSONL file with some bad lines exits 1" "exit $rc"
problems=$(expect_errors "$T/mixbad.list" "$T/m.err")
[ -z "$problems" ]
check $? "each bad JSONL line is named once with its line number (and byte)" \
	"$(printf '%s' "$problems" | tr '\n' ';')"
nmb=$(wc -l <"$T/mixbad.list")
[ "$(grep -c '^' "$T/m.err")" = "$nmb" ]
check $? "no error for the good or blank lines of the JSONL file" "$(tr '\n' '|' <"$T/m.err")"
nmg=$(wc -l <"$T/mixgood.list")
[ "$(num added <"$T/m.out")" = "$nmg" ]
check $? "the $nmg good JSONL lines are ingested" "$(cat "$T/m.out")"
while IFS=$'\t' read -r kind path line marker; do
	"$BIN" search --db "$T/db2" --json "$marker" >"$T/hits" 2>/dev/null
	[ "$(grep -c '^{' "$T/hits")" = 1 ]
	check $? "good JSONL line $line is found by '$marker'"
done <"$T/mixgood.list"
run "$T/mx.out" "$T/mx.err" "$BIN" extract --json "$M"
lines=$(num line <"$T/mx.out" | tr '\n' ' ')
want=$(cut -f3 "$T/mixgood.list" | tr '\n' ' ')
[ "$rc" = 1 ] && [ "$lines" = "$want" ]
check $? "extract --json gives the good JSONL lines with their line numbers ($want)" "exit $rc, lines '$lines'"

exit 0
