#!/usr/bin/env bash
# `sitrep serve` from the outside: the examples corpus served on a free port,
# its HTTP rules checked with curl (security headers, loopback only, GET and
# HEAD only, long URLs refused), the analyst's path through it in headless
# Chromium (tests/browser/e2e.js), then a store of hostile articles served
# and attacked (tests/browser/hostile.js); both servers must stop cleanly,
# exit 0, on SIGTERM. Screenshots are kept in $BUILD/test-output.
# Without Chromium, node, or playwright-core (scripts/install-deps --test
# installs it into tests/browser/node_modules) every check is skipped.
set -u
root=${SITREP_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
bin=${SITREP_BIN:-$build/sitrep}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
chromium=${CHROMIUM:-/usr/bin/chromium}
out=$build/test-output
cd "$root" || exit 1

why=
[ -x "$chromium" ] || why="chromium not installed"
[ -z "$why" ] && ! command -v node >/dev/null 2>&1 && why="node not installed"
[ -z "$why" ] && [ ! -d tests/browser/node_modules/playwright-core ] &&
	why="playwright-core not installed (npm ci --prefix tests/browser)"
if [ -n "$why" ]; then
	for c in "server starts and prints its URL" "security headers" "loopback only" "GET and HEAD only" \
		"long URLs refused" "end to end in a browser" "hostile corpus" "SIGTERM stops the servers"; do
		echo "ok - web: $c # SKIP $why"
	done
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "not ok - web: no sitrep binary at $bin (make sitrep)"
	exit 1
fi
have_curl=1
command -v curl >/dev/null 2>&1 || have_curl=

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_web.XXXXXX") || exit 1
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p "$out"

# serve NAME DB: start a server on a free port; sets pid and url, or returns 1
serve() {
	local name=$1 db=$2 i
	"$bin" serve --db "$db" --port 0 2>"$tmp/$name.err" &
	pid=$!
	pids+=("$pid")
	url=
	for i in $(seq 100); do
		url=$(sed -n 's#^sitrep: serving .* on \(http://[^ ]*/\) (Ctrl-C to stop)$#\1#p' "$tmp/$name.err" | head -1)
		[ -n "$url" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$url" ]
}
# stop NAME: SIGTERM, then wait up to 10 s for exit status 0
stop() {
	local name=$1 p=$2 i rc
	kill -TERM "$p" 2>/dev/null
	for i in $(seq 100); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$p" 2>/dev/null; then
		echo "not ok - web: $name server stops within 10 s of SIGTERM"
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
		return
	fi
	wait "$p"
	rc=$?
	check "web: $name server exits 0 on SIGTERM (exit $rc)" test "$rc" -eq 0
}
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }
# headers PATH: the response headers of GET PATH, names in lower case
headers() { curl -s -D - -o /dev/null --max-time 10 "${url%/}$1" | tr -d '\r' | sed 's/^\([^:]*\):/\L\1:/'; }
shots() { for f in "$out"/$1*.png; do [ -f "$f" ] && echo "# screenshot: $f"; done; }

# ---- the examples corpus ----
"$bin" ingest --db "$tmp/corpus.db" --quiet examples/corpus >"$tmp/ingest.out" 2>&1
check "web: examples corpus ingested" test -s "$tmp/corpus.db"
if ! serve corpus "$tmp/corpus.db"; then
	echo "not ok - web: server starts and prints its URL: $(head -3 "$tmp/corpus.err" | tr '\n' ' ')"
	exit 1
fi
echo "ok - web: server starts and prints its URL ($url)"
check "web: it listens on 127.0.0.1 by default (the URL it prints)" \
	sh -c "printf '%s' '$url' | grep -Eq '^http://127\.0\.0\.1:[0-9]+/$'"
port=${url##*:}
port=${port%/}

if [ -n "$have_curl" ]; then
	for p in / /search?q=Belarus /article/1 /no-such-page /api/v1/search?q=Belarus /static/sitrep.css; do
		h=$(headers "$p")
		csp=$(printf '%s\n' "$h" | sed -n 's/^content-security-policy: *//p')
		check "web: $p has a Content-Security-Policy" test -n "$csp"
		check "web: $p: the CSP allows no inline script or style, no eval" \
			sh -c "! printf '%s' \"\$1\" | grep -Eq \"'unsafe-(inline|eval)'\"" _ "$csp"
		check "web: $p: the CSP says frame-ancestors 'none'" \
			sh -c "printf '%s' \"\$1\" | grep -q \"frame-ancestors 'none'\"" _ "$csp"
		check "web: $p: X-Content-Type-Options: nosniff" \
			sh -c "printf '%s\n' \"\$1\" | grep -qx 'x-content-type-options: nosniff'" _ "$h"
	done
	# not reachable from another address of this machine
	other=$(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.' | grep -v '^127\.' | head -1)
	if [ -n "$other" ]; then
		check "web: not reachable on $other (another address of this machine)" \
			sh -c "! curl -s -o /dev/null --max-time 3 http://$other:$port/"
	else
		echo "ok - web: not reachable on another address # SKIP this machine has no other IPv4 address"
	fi
	check "web: GET / is 200" test "$(status "$url")" = 200
	check "web: HEAD / is 200" test "$(status -I "$url")" = 200
	check "web: POST / is 405" test "$(status -X POST "$url")" = 405
	check "web: PUT / is 405" test "$(status -X PUT "$url")" = 405
	check "web: DELETE /article/1 is 405" test "$(status -X DELETE "${url}article/1")" = 405
	s=$(status -d 'q=Belarus' "${url}search")
	check "web: POST with a body is refused with 405 or 413 (got $s)" sh -c "[ '$s' = 405 ] || [ '$s' = 413 ]"
	long=$(head -c 3000 /dev/zero | tr '\0' a)
	check "web: a 3000-byte path is 414" test "$(status "${url}search/$long")" = 414
	s=$(status "${url}search?q=$long")
	check "web: a 3000-byte URL (its query string) is 414 (got $s)" test "$s" = 414
	check "web: the server still answers after all that" test "$(status "$url")" = 200
else
	echo "ok - web: security headers # SKIP curl not installed"
fi

# ---- the analyst's path, in a browser ----
rm -f "$out"/e2e-*.png
node tests/browser/e2e.js "${url%/}" "$out" >"$tmp/e2e.out" 2>&1
rc=$?
grep -E '^(ok|not ok) |^#' "$tmp/e2e.out"
if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$tmp/e2e.out"; then
	echo "not ok - web: e2e.js exited $rc: $(tail -3 "$tmp/e2e.out" | tr '\n' ' ')"
fi
shots e2e-
stop corpus "${pids[0]}"

# ---- a hostile corpus ----
"$bin" ingest --db "$tmp/hostile.db" --quiet tests/fixtures/web/hostile.jsonl >"$tmp/ingest-h.out" 2>&1
check "web: hostile corpus ingested, every article added" \
	sh -c "\"$bin\" search --db '$tmp/hostile.db' --json --limit 50 Belarus | grep -c . | grep -qx 8"
if serve hostile "$tmp/hostile.db"; then
	rm -f "$out"/hostile-*.png
	node tests/browser/hostile.js "${url%/}" "$out" >"$tmp/hostile.out" 2>&1
	rc=$?
	grep -E '^(ok|not ok) |^#' "$tmp/hostile.out"
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$tmp/hostile.out"; then
		echo "not ok - web: hostile.js exited $rc: $(tail -3 "$tmp/hostile.out" | tr '\n' ' ')"
	fi
	shots hostile-
	stop hostile "${pids[1]}"
else
	echo "not ok - web: hostile server starts: $(head -3 "$tmp/hostile.err" | tr '\n' ' ')"
fi
