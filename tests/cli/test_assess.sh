#!/usr/bin/env bash
# sitrep extract --assess: trend_assessed from the body, never from the label line.
set -u
bin=$SITREP_BIN
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"

cat >"$tmp/worse.txt" <<'TXT'
March 4 – March 10, 2024
Security issues

Tension on the border keeps rising

The situation has gotten better
Tension on the border keeps rising

Relations between Minsk and Vilnius deteriorated sharply this week. Lithuania accused Belarus of organising provocations on the border and closed two crossing points.

Belarus condemned the decision and threatened Lithuania with retaliation. The escalation follows months of growing tension, new arrests of Lithuanian citizens in Belarus and mutual expulsions of diplomats.
TXT
out=$("$bin" extract --json --assess "$tmp/worse.txt")
check "--assess reads the body: worse" grep -q '"trend_assessed":"worse"' <<<"$out"
check "the source's own label is kept as it is" grep -q '"trend":"better"' <<<"$out"
out=$("$bin" extract --json "$tmp/worse.txt")
check "without --assess, trend_assessed is null" grep -q '"trend_assessed":null' <<<"$out"
check "extract --help names --assess" sh -c "'$bin' extract --help | grep -q -- --assess"
