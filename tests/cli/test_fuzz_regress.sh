#!/usr/bin/env bash
# Replay every stored fuzz input (seeds and past findings) through each target,
# built without libFuzzer: a crash or sanitizer report fails the suite.
set -u
cd "$SITREP_ROOT"
BUILD=${BUILD:-build}
for src in tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c); t=${t#fuzz_}
	bin=$BUILD/fuzz/replay_$t
	if [ ! -x "$bin" ]; then
		echo "not ok - replay $t (no $bin)"
		continue
	fi
	dirs=()
	[ -d tests/fuzz/seeds/$t ] && dirs+=(tests/fuzz/seeds/$t)
	[ -d tests/fuzz/regressions/$t ] && dirs+=(tests/fuzz/regressions/$t)
	if out=$("$bin" "${dirs[@]}" 2>&1); then
		echo "ok - replay $t: $out"
	else
		echo "not ok - replay $t"
		echo "$out" | tail -20
	fi
done
