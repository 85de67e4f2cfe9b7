#!/usr/bin/env bash
# /v2/profile over a real store: replay the scenario with --db (daily
# exposure profiles), then run api_test's ApiProfileReplay tests on it.
# Usage: tests/api_profile.sh DARKWATCH API_TEST SCENARIO_DIR
set -euo pipefail
DW=$1; T=$2; S=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$DW" replay "$S" --db "$tmp/run.db" --events /dev/null 2> "$tmp/replay.err" || true
[ -s "$tmp/run.db" ] || { cat "$tmp/replay.err"; echo "replay wrote no store"; exit 1; }
n=$(sqlite3 "$tmp/run.db" "SELECT count(*) FROM profile WHERE entity = 'country:KP'")
[ "$n" -ge 1 ] || { echo "the store holds no KP profile"; exit 1; }
DW_PROFILE_DB="$tmp/run.db" "$T" --gtest_filter='ApiProfileReplay.*' | tee "$tmp/out"
grep -q '^\[       OK \] ApiProfileReplay' "$tmp/out" || { echo "the profile test did not run (skipped?)"; exit 1; }
