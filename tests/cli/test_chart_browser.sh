#!/usr/bin/env bash
# The chart in a browser: the unit test's sample chart (a year of weeks,
# title, highlighted week) rendered by headless Chromium with no overlapping
# or cut-off text, and a screenshot kept in $BUILD/test-output; a fixture
# with overlapping and cut-off labels shows the check can fail.
# Without Chromium every check is skipped (tests/browser/check-page).
set -u
root=${SITREP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
check_page=$root/tests/browser/check-page
out=$build/test-output
mkdir -p "$out"

if [ ! -x "$build/tests/test_chart" ]; then
	echo "not ok - sample chart written (no $build/tests/test_chart; run make)"
	exit 1
fi
rm -f "$out"/chart-sample*.svg "$out"/chart-sample*.png
SITREP_CHART_OUT=$out/chart-sample.svg "$build/tests/test_chart" >/dev/null 2>&1
check "sample chart written" test -s "$out/chart-sample.svg"

# the sample: a clean layout and a screenshot
"$check_page" "$out/chart-sample.svg" "$out/chart-sample.png"
rc=$?
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
	check "check-page exits 0 on the sample" test $rc -eq 0
	check "screenshot is a PNG" sh -c "head -c 8 '$out/chart-sample.png' | od -An -tx1 | tr -d ' \n' | grep -qx 89504e470d0a1a0a"
	echo "# screenshot: $out/chart-sample.png"
	# the narrow one: fewer x labels, the legend on two rows, still nothing overlaps
	"$check_page" "$out/chart-sample-narrow.svg" "$out/chart-sample-narrow.png"
	check "check-page exits 0 on the narrow sample" test $? -eq 0


	# a fixture built to fail: two labels overlap, one runs off the edge
	"$check_page" "$root/tests/fixtures/browser/overlap.svg" "$out/overlap.png" >"$out/overlap.txt" 2>&1
	rc=$?
	check "check-page exits 1 on overlapping labels" test $rc -eq 1
	check "it names the overlapping pair" grep -q '^not ok - layout overlap.svg: .*"Cooperation" overlaps .*"Conflict"' "$out/overlap.txt"
	check "it names the text cut off at the edge" grep -q '"Goldstein mean" cut off' "$out/overlap.txt"

	# HTML pages: wrapped lines of one paragraph are no overlap; a pushed paragraph is
	"$check_page" "$root/tests/fixtures/browser/clean.html" "$out/clean.png" >/dev/null 2>&1
	check "check-page passes a clean HTML page" test $? -eq 0
	"$check_page" "$root/tests/fixtures/browser/overlap.html" "$out/overlap-html.png" >/dev/null 2>&1
	check "check-page fails an HTML page with overlapping text" test $? -eq 1
fi
"$check_page" >/dev/null 2>&1
check "check-page without arguments is a usage error" test $? -eq 2
