# lib.sh — what the CLI test scripts share; sourced, not run (tests/run runs test_*.sh).
# check NAME COMMAND...: "ok - NAME" when the command succeeds.
check() {
	local name=$1; shift
	if "$@" >/dev/null 2>&1; then echo "ok - $name"; else echo "not ok - $name"; fi
}
# pycheck NAME FILE EXPR: EXPR (Python) over rows, the JSON lines of FILE.
# python3 comes with scripts/install-deps; without it the check is skipped.
if command -v python3 >/dev/null 2>&1; then
	pycheck() {
		local name=$1 file=$2 expr=$3
		if python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$file" "$expr" >/dev/null 2>&1; then
			echo "ok - $name"
		else
			echo "not ok - $name"
		fi
	}
else
	pycheck() { echo "ok - $1 # SKIP python3 not installed"; }
fi
