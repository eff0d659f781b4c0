#!/usr/bin/env bash
# sitrep dict check: the bundled dictionaries load clean; a bad file is named
# with its line; --json; exit codes.
set -u
bin=$SITREP_BIN
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

"$bin" dict check >"$tmp/out" 2>"$tmp/err"
check "the bundled dictionaries check clean (exit 0)" test $? -eq 0
check "the check names what a file holds" grep -q "patterns" "$tmp/out"
check "no warning on the bundled dictionaries" test ! -s "$tmp/err"

printf '# sitrep dictionary 1\n[actor BLR]\nname = Belarus\nalias = Belarus\n\n[verb MEET]\ncode = 040\npattern = 043 * with +\n' >"$tmp/bad.sd"
"$bin" dict check "$tmp/bad.sd" >"$tmp/out" 2>"$tmp/err"
check "a bad pattern exits 1" test $? -eq 1
check "the error names file and line" grep -q "bad.sd:8:" "$tmp/err"

printf '# sitrep dictionary 1\n[actor BLR]\nname = Belarus\nalias = Belarus; Беларусь\n' >"$tmp/good.sd"
out=$("$bin" dict check --json "$tmp/good.sd")
check "--json gives one object per file" grep -q '^{"file":".*good.sd","ok":true,' <<<"$out"

printf 'ARNOR_ [ARN]\nGONDOR_ [GON]\n+MINAS_TIRITH\n' >"$tmp/actors.txt"
check "a TABARI actors file is recognised and loads" "$bin" dict check "$tmp/actors.txt"

"$bin" dict check "$tmp/missing.sd" >/dev/null 2>&1
check "a missing file is not a clean check" test $? -ne 0
"$bin" dict frobnicate >/dev/null 2>&1
check "an unknown subcommand is a usage error (2)" test $? -eq 2
check "dict check --help" "$bin" dict check --help
