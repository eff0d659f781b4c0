#!/usr/bin/env bash
# sitrep bulletin: the sample corpus's weekly bulletins against goldens (md,
# json), the HTML page in headless Chromium (screenshot kept), the archive,
# the Atom feed, the static site, usage and fatal errors; and, when
# ../shared is there, the week of 2019-03-18 from the seeds: its security
# section carries the joint training session with its sentence and source,
# and its label is the analysts'.
# SITREP_UPDATE_GOLDEN=1 rewrites the goldens (look at the diff).
set -u
bin=${SITREP_BIN:?SITREP_BIN is not set}
root=${SITREP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
gold=$root/tests/fixtures/bulletin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$build/test-output
mkdir -p "$out"

db=$tmp/c.db
# from the root, so that the articles' paths in the goldens are relative
(cd "$root" && "$bin" ingest --db "$db" examples/corpus >/dev/null 2>&1)
check "the sample corpus ingests" test $? -le 1

golden() { # golden NAME FILE: FILE equals the golden NAME
	if [ -n "${SITREP_UPDATE_GOLDEN:-}" ]; then
		cp "$2" "$gold/$1"
	fi
	check "golden $1" cmp -s "$2" "$gold/$1"
}

# The latest week, the one `make demo` ends with.
"$bin" bulletin --db "$db" --latest >"$tmp/latest.md" 2>"$tmp/err"
check "--latest exits 0" test $? -eq 0
latest=$(sed -n 's/^# Situation bulletin: .*(\([0-9]*-W[0-9]*\))$/\1/p' "$tmp/latest.md")
check "--latest is the corpus's last week (2024-W12)" test "$latest" = "2024-W12"
"$bin" bulletin --db "$db" --week 2024-W12 >"$tmp/w12.md" 2>/dev/null
check "--week 2024-W12 is --latest" cmp -s "$tmp/w12.md" "$tmp/latest.md"
golden corpus-2024-W12.md "$tmp/w12.md"
for w in 2024-W10 2021-W45; do
	"$bin" bulletin --db "$db" --week "$w" --json >"$tmp/$w.json" 2>/dev/null
	golden "corpus-$w.json" "$tmp/$w.json"
done
pycheck "json: every sphere has a headline, a label, a basis, a lead" "$tmp/2024-W10.json" \
	'all(s["headline"] and s["label"] in ("better","unchanged","worse") and 0 <= s["confidence"] <= 1 and s["basis"] and s["lead"] is not None for r in rows for s in r["spheres"])'
pycheck "json: every piece of evidence has its sentence, article and code" "$tmp/2024-W10.json" \
	'all(e["text"] and e["cameo"] and (e["article"]["title"] or e["article"]["file"]) for r in rows for s in r["spheres"] for e in s["evidence"])'
pycheck "json: evidence weightiest first" "$tmp/2024-W10.json" \
	'all([abs(e["goldstein"] or 0) for e in s["evidence"]] == sorted([abs(e["goldstein"] or 0) for e in s["evidence"]], reverse=True) for r in rows for s in r["spheres"])'
pycheck "json: primary spheres in the configured order" "$tmp/2024-W10.json" \
	'[s["id"] for s in rows[0]["spheres"] if s["id"] in ("security","economy","domestic","foreign")] == [i for i in ("security","economy","domestic","foreign") if i in [s["id"] for s in rows[0]["spheres"]]]'
"$bin" bulletin --db "$db" --week 2024-W10 --focus blr --json >"$tmp/focus.json" 2>/dev/null
pycheck "--focus BLR: only events with Belarus on a side" "$tmp/focus.json" \
	'all(e["source"]["code"].startswith("BLR") or e["target"]["code"].startswith("BLR") for r in rows for s in r["spheres"] for e in s["evidence"]) and rows[0]["focus"] == "BLR"'
"$bin" bulletin --db "$db" --week 2030-W01 >"$tmp/empty.md" 2>/dev/null
check "a week with nothing: exit 0" test $? -eq 0
check "... and says so" grep -q "Nothing to report" "$tmp/empty.md"

# HTML, in a browser.
"$bin" bulletin --db "$db" --week 2024-W12 --format html >"$out/bulletin-2024-W12.html" 2>/dev/null
check "--format html exits 0" test $? -eq 0
check "html: a page with the label and a chart" sh -c "grep -q '<!doctype html>' '$out/bulletin-2024-W12.html' && grep -q 'The situation has' '$out/bulletin-2024-W12.html' && grep -q '<svg' '$out/bulletin-2024-W12.html'"
check "html: a link to the archive" grep -q 'href="index.html"' "$out/bulletin-2024-W12.html"
"$root/tests/browser/check-page" "$out/bulletin-2024-W12.html" "$out/bulletin-2024-W12.png" 1000x2600 | sed 's/layout .*bulletin/layout bulletin/'
[ -s "$out/bulletin-2024-W12.png" ] && echo "# screenshot: $out/bulletin-2024-W12.png"
"$root/tests/browser/check-page" "$out/bulletin-2024-W12.html" "$out/bulletin-2024-W12-narrow.png" 420x3600 | sed 's/layout .*bulletin/layout narrow bulletin/'

# The archive, the feed, the static site.
"$bin" bulletin --db "$db" --archive >"$tmp/index.md" 2>/dev/null
check "--archive exits 0" test $? -eq 0
check "archive: newest week first" sh -c "grep -o '([0-9]*-W[0-9]*\.md)' '$tmp/index.md' | head -1 | grep -q 2024-W12"
check "archive: weeks in order" sh -c "grep -o '[0-9]*-W[0-9]*\.md' '$tmp/index.md' | sort -c -r"
"$bin" bulletin --db "$db" --feed --weeks 3 >"$tmp/feed.atom" 2>/dev/null
check "--feed exits 0" test $? -eq 0
if command -v python3 >/dev/null 2>&1; then
	check "feed: well-formed Atom with 3 entries, newest first" python3 -c '
import sys, xml.etree.ElementTree as ET
ns = {"a": "http://www.w3.org/2005/Atom"}
f = ET.parse(sys.argv[1]).getroot()
ids = [e.find("a:id", ns).text for e in f.findall("a:entry", ns)]
sys.exit(0 if f.tag == "{http://www.w3.org/2005/Atom}feed" and len(ids) == 3 and ids[0].endswith("2024-W12") and ids == sorted(ids, reverse=True) else 1)' "$tmp/feed.atom"
else
	echo "ok - feed: well-formed Atom # SKIP python3 not installed"
fi
"$bin" bulletin --db "$db" --out "$tmp/site" >"$tmp/site.out" 2>/dev/null
check "--out exits 0" test $? -eq 0
check "--out: index pages and the feed" test -s "$tmp/site/index.html" -a -s "$tmp/site/index.md" -a -s "$tmp/site/feed.atom"
check "--out: every week's pages" sh -c "[ \$(ls '$tmp/site' | grep -c '^[0-9]*-W[0-9]*\.html$') -eq \$(grep -c '^- \[' '$tmp/index.md') ]"
check "--out: every link of the index resolves" sh -c "cd '$tmp/site' && grep -o 'href=\"[^\"]*\"' index.html | sed 's/href=\"//; s/\"\$//' | grep -v '^https\?:' | while read -r f; do [ -f \"\$f\" ] || exit 1; done"
check "--out: no temporary file left" sh -c "! ls '$tmp/site' | grep -q '\.tmp\$'"
cp "$tmp/site/index.html" "$out/bulletin-index.html"
"$root/tests/browser/check-page" "$out/bulletin-index.html" "$out/bulletin-index.png" 1000x1400
[ -s "$out/bulletin-index.png" ] && echo "# screenshot: $out/bulletin-index.png"

# Usage and fatal errors.
for bad in "" "--week 2024-W12 --latest" "--week 2024-W54" "--week 2020-W54" "--week 2024-12" \
	"--week 2024-W12 --format pdf" "--archive --json" "--feed --weeks 0" "--week" "--bogus" \
	"--week 2024-W12 extra" "--week 2024-W12 --spheres /nonexistent"; do
	# shellcheck disable=SC2086
	"$bin" bulletin --db "$db" $bad >/dev/null 2>"$tmp/u.err"
	check "bulletin $bad is a usage error (2)" test $? -eq 2
done
check "2020-W53 exists (2020 has 53 ISO weeks)" "$bin" bulletin --db "$db" --week 2020-W53
"$bin" bulletin --db "$tmp/none.db" --latest >/dev/null 2>&1
check "a missing database is fatal (3)" test $? -eq 3
check "... and is not created" test ! -e "$tmp/none.db"
"$bin" bulletin --db "$db" --week 2024-W12 >/dev/full 2>/dev/null
check "an output error is fatal (3)" test $? -eq 3
check "bulletin --help" sh -c "'$bin' bulletin --help | grep -q '^usage: sitrep bulletin'"
check "sitrep --help lists bulletin" sh -c "'$bin' --help | grep -q '^  bulletin '"

# The seeds' week of March 18, 2019 (../shared).
seeds=${SITREP_SHARED:-$root/../shared}/seeds
if [ -f "$seeds/gold.jsonl" ] && command -v python3 >/dev/null 2>&1; then
	sdb=$tmp/s.db
	"$bin" ingest --db "$sdb" "$seeds"/*.txt >/dev/null 2>&1
	"$bin" bulletin --db "$sdb" --week 2019-W12 --json >"$tmp/seeds.json" 2>/dev/null
	check "seeds: bulletin of 2019-W12 exits 0" test $? -eq 0
	# the analysts' label of that week, from gold.jsonl
	want=$(python3 -c '
import json, sys
for l in open(sys.argv[1], encoding="utf-8"):
    g = json.loads(l)
    if g.get("period_start") == "2019-03-18" and (g.get("section") or "").lower().startswith("secur"):
        print(g["trend"])' "$seeds/gold.jsonl")
	check "seeds: the analysts' label of the week is known" test -n "$want"
	pycheck "seeds: the security section's label is the analysts' ($want)" "$tmp/seeds.json" \
		"[s['label'] for s in rows[0]['spheres'] if s['id'] == 'security'] == ['$want']"
	pycheck "seeds: security carries the joint training session, its sentence and source" "$tmp/seeds.json" \
		'any("joint military training session" in e["text"] and e["cameo"].startswith("06") and e["article"]["file"].endswith("000_d7c7a4993e9f9ba1.txt") and e["article"]["publication"] == "Belarus in Focus" for s in rows[0]["spheres"] if s["id"] == "security" for e in s["evidence"])'
	pycheck "seeds: the section article gives the headline" "$tmp/seeds.json" \
		'[s["headline"] for s in rows[0]["spheres"] if s["id"] == "security"] == ["Political complications between Minsk and Moscow have not yet affected military cooperation"]'
else
	echo "ok - seeds: bulletin of 2019-W12 # SKIP ../shared/seeds not present"
fi
