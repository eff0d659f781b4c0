#!/usr/bin/env bash
# test_corpus.sh — what sitrep makes of the bundled sample corpus.
#
# Every expectation is derived from the corpus itself or from the file table
# in examples/README.md (article counts, duplicate roles, layouts, languages,
# week periods), not written down here: ingest counts, idempotence, phrase and
# Cyrillic search, and the journal and weekly metadata that extract reads.
# Prints TAP-like "ok - …" / "not ok - …" lines.
set -u
cd "$(dirname "$0")/../.."
BIN=${SITREP_BIN:-$PWD/build/sitrep}
C=examples/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export LC_ALL=C.UTF-8

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else notok "$2${3:+ ($3)}"; fi; }
field() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p"; }
num() { sed -n "s/.*\"$1\": *\\(-*[0-9][0-9]*\\).*/\\1/p"; }

if [ ! -x "$BIN" ]; then
	notok "sitrep binary at $BIN"
	exit 0
fi

# ---- the README's table: path, layout, lang, date, articles, role -------------------
# rows look like: | `corpus/x` | layout | lang | date | N | role | what |
awk -F'|' '/^\| `corpus\// {
	for (i = 2; i <= 7; i++) { gsub(/^ +| +$/, "", $i); gsub(/`/, "", $i) }
	printf "examples/%s\t%s\t%s\t%s\t%s\t%s\n", $2, $3, $4, $5, $6, $7
}' examples/README.md >"$T/table"
find "$C" -type f | sort >"$T/files"
cut -f1 "$T/table" | sort >"$T/listed"
diff "$T/files" "$T/listed" >"$T/diff"
check $? "examples/README.md lists every corpus file and no other" "$(tr '\n' ' ' <"$T/diff" | head -c 300)"

articles=$(awk -F'\t' '{ s += $5 } END { print s + 0 }' "$T/table")
exact=$(awk -F'\t' '$6 ~ /^exact duplicate/' "$T/table" | wc -l)
near=$(awk -F'\t' '$6 ~ /^near duplicate/' "$T/table" | wc -l)
bad_count=
while IFS=$'\t' read -r path layout lang date n role; do
	case $path in
	*.jsonl) [ "$(grep -c '^{' "$path")" = "$n" ] || bad_count="$bad_count $path" ;;
	*) [ "$n" = 1 ] || bad_count="$bad_count $path" ;;
	esac
done <"$T/table"
[ -z "$bad_count" ] && [ "$articles" -ge 36 ]
check $? "README article counts match the files ($articles articles, $exact exact and $near near duplicates)" "$bad_count"

# ---- ingest ---------------------------------------------------------------------------
timeout 600 "$BIN" ingest --db "$T/db" --json "$C" >"$T/in.out" 2>"$T/in.err"
rc=$?
[ "$rc" = 0 ] && [ ! -s "$T/in.err" ]
check $? "ingest of the sample corpus exits 0 with nothing on stderr" "exit $rc: $(head -c 300 "$T/in.err")"
added=$(num added <"$T/in.out")
dup=$(num duplicate <"$T/in.out")
ndup=$(num near_duplicate <"$T/in.out")
rej=$(num rejected <"$T/in.out")
[ "${added:-x}" = $((articles - exact - near)) ]
check $? "ingest adds $((articles - exact - near)) distinct articles" "$(cat "$T/in.out")"
[ "${dup:-x}" = "$exact" ]
check $? "ingest finds $exact exact duplicate" "$(cat "$T/in.out")"
[ "${ndup:-x}" = "$near" ]
check $? "ingest links $near near-duplicates (syndicated copies)" "$(cat "$T/in.out")"
[ "${rej:-x}" = 0 ]
check $? "ingest rejects nothing" "$(cat "$T/in.out")"

timeout 600 "$BIN" ingest --db "$T/db" --json "$C" >"$T/in2.out" 2>"$T/in2.err"
rc=$?
[ "$rc" = 0 ] && [ "$(num added <"$T/in2.out")" = 0 ] && [ "$(num duplicate <"$T/in2.out")" = "$articles" ]
check $? "a second ingest of the same corpus adds nothing ($articles duplicates)" "exit $rc: $(cat "$T/in2.out")"

# ---- search: expected hits are the stored originals whose text has the words ---
# One line per article: path, then its text (a JSONL line is one article).
copies=$(awk -F'\t' '$6 ~ /duplicate/ { print $1 }' "$T/table")
expect_hits() { # expect_hits GREP-ERE: paths (one per matching article), sorted
	local f
	while read -r f; do
		printf '%s\n' "$copies" | grep -q -x -F "$f" && continue
		case $f in
		*.jsonl) grep -c -i -E "$1" "$f" | awk -v f="$f" '{ for (i = 0; i < $1; i++) print f }' ;;
		*) grep -q -i -E "$1" "$f" && echo "$f" ;;
		esac
	done <"$T/files" | sort
}
search_files() { # search_files QUERY: the "file" of each hit, sorted
	"$BIN" search --db "$T/db" --json --limit 1000 "$1" | field file | sort
}

expect_hits 'union shield' >"$T/want"
search_files '"Union Shield"' >"$T/got"
diff "$T/want" "$T/got" >"$T/diff"
check $? "search \"Union Shield\" finds the $(wc -l <"$T/want") articles that mention it" "$(tr '\n' ' ' <"$T/diff" | head -c 400)"

expect_hits 'Минск' >"$T/want"
search_files 'Минск' >"$T/got"
diff "$T/want" "$T/got" >"$T/diff"
[ -s "$T/want" ] && ! [ -s "$T/diff" ]
check $? "Cyrillic search 'Минск' finds the $(wc -l <"$T/want") Russian articles" "$(tr '\n' ' ' <"$T/diff" | head -c 400)"

expect_hits 'Лукашенк' >"$T/want"
search_files 'Лукашенко' >"$T/got"
diff "$T/want" "$T/got" >"$T/diff"
[ -s "$T/want" ] && ! [ -s "$T/diff" ]
check $? "Cyrillic search 'Лукашенко' finds the $(wc -l <"$T/want") articles naming him in Russian" "$(tr '\n' ' ' <"$T/diff" | head -c 400)"

n_all=$("$BIN" search --db "$T/db" --json --all --limit 1000 '"Baranavichy"' | grep -c '^{')
n_def=$("$BIN" search --db "$T/db" --json --limit 1000 '"Baranavichy"' | grep -c '^{')
want_all=$(grep -l -i baranavichy $(grep -v '\.jsonl$' "$T/files") | grep -v -x -F "$(awk -F'\t' '$6 ~ /^exact/ { print $1 }' "$T/table")" | wc -l)
[ "$n_all" = "$want_all" ] && [ "$n_def" -lt "$n_all" ]
check $? "search hides the near-duplicate copy unless --all" "$n_def hits, $n_all with --all, want $want_all"

# ---- extract: journal volume/issue, weekly periods, languages -------------------------
fails=
while IFS=$'\t' read -r path layout lang date n role; do
	[ "$layout" = journal ] || continue
	publine=$(grep -m1 '^Publication: ' "$path")
	wvol=$(printf '%s' "$publine" | sed -n 's/.* Volume: \([0-9]*\).*/\1/p')
	wiss=$(printf '%s' "$publine" | sed -n 's/.* Issue: \([0-9]*\).*/\1/p')
	wpub=$(printf '%s' "$publine" | sed -n 's/^Publication: \(.*\) Volume: .*/\1/p')
	out=$("$BIN" extract --json "$path" 2>&1)
	[ "$(printf '%s' "$out" | num volume)" = "$wvol" ] && [ "$(printf '%s' "$out" | num issue)" = "$wiss" ] ||
		fails="$fails ${path##*/}(want $wvol/$wiss, got $(printf '%s' "$out" | num volume)/$(printf '%s' "$out" | num issue))"
	[ "$(printf '%s' "$out" | field publication)" = "$wpub" ] || pubfails="${pubfails:-} ${path##*/}"
done <"$T/table"
[ -z "$fails" ]
check $? "extract --json gives each journal-layout file its volume and issue" "$fails"
[ -z "${pubfails:-}" ]
check $? "extract --json gives each journal-layout file its publication" "${pubfails:-}"

fails=
while IFS=$'\t' read -r path layout lang date n role; do
	[ "$layout" = weekly ] || continue
	ws=${date%% – *} we=${date##* – }
	out=$("$BIN" extract --json "$path" 2>&1)
	gs=$(printf '%s' "$out" | field period_start) ge=$(printf '%s' "$out" | field period_end)
	[ "$gs" = "$ws" ] && [ "$ge" = "$we" ] || fails="$fails ${path##*/}(got $gs..$ge)"
done <"$T/table"
[ -z "$fails" ]
check $? "extract --json gives each weekly commentary its week period" "$fails"

fails=
while IFS=$'\t' read -r path layout lang date n role; do
	case $lang in en | ru | be) ;; *) continue ;; esac
	got=$("$BIN" extract --json "$path" 2>/dev/null | field language | sort -u | tr '\n' ' ')
	[ "$got" = "$lang " ] || fails="$fails ${path##*/}(got $got)"
done <"$T/table"
[ -z "$fails" ]
check $? "extract --json identifies the language of each single-language file" "$fails"

exit 0
