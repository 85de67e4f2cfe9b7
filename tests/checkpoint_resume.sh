#!/usr/bin/env bash
# Restarts lose nothing (issue 10): a replay stopped at STOP_AT saves the
# engine's checkpoint in its store; a fresh process resumes from it and runs
# the rest. Its events (outages with their times, instability, short
# outages, notices) and the store's signal, change and event rows must equal
# one uninterrupted replay's. Then the checkpoint is damaged (cut short): the
# resumed run must say so, start cold with a warning, and still give the
# uninterrupted run's results (never refuse to start).
# Usage: tests/checkpoint_resume.sh DARKWATCH SCENARIO_DIR STOP_AT
set -euo pipefail
DW=$1; SC=$2; STOP=$3
[ -d "$SC" ] || { echo "SKIP: no scenario at $SC"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$DW" replay "$SC" --db "$T/whole.db" --events "$T/whole.jsonl" --checkpoint-every 60 --profiles off 2> "$T/whole.err" || fail "uninterrupted replay: $(tail -3 "$T/whole.err")"
# the periodic checkpoint (every 60 min of event time) is the last hour's
last=$(sqlite3 "$T/whole.db" "SELECT value FROM meta WHERE key = 'last_ts';")
ck=$(sqlite3 "$T/whole.db" "SELECT ts FROM checkpoint WHERE key = 'engine';")
[ -n "$ck" ] && [ "$ck" -le "$last" ] && [ $((last - ck)) -lt 3600 ] || fail "no periodic checkpoint in the last hour (checkpoint $ck, end $last)"
"$DW" replay "$SC" --db "$T/part.db" --stop-at "$STOP" --events "$T/first.jsonl" 2> "$T/first.err" || fail "first part: $(tail -3 "$T/first.err")"
grep -q "darkwatch: checkpoint at" "$T/first.err" || fail "the first part saved no checkpoint"
grep -h "darkwatch: checkpoint at" "$T/first.err"
[ ! -s "$T/first.jsonl" ] || fail "the first part reported events (the resumed run reports them all)"
cp "$T/part.db" "$T/damaged.db"
"$DW" replay "$SC" --db "$T/part.db" --resume --events "$T/resumed.jsonl" 2> "$T/resumed.err" || fail "resumed part: $(tail -3 "$T/resumed.err")"
grep -q "darkwatch: resumed from the checkpoint" "$T/resumed.err" || fail "did not resume: $(grep darkwatch "$T/resumed.err" | head -3)"

# the events as one run gives them
n=$(grep -c . "$T/whole.jsonl" || true)
[ "$n" -gt 0 ] || fail "the uninterrupted run found nothing to compare"
grep -q '"outage"' "$T/whole.jsonl" || fail "the scenario has no outage to carry across the restart"
diff "$T/whole.jsonl" "$T/resumed.jsonl" > "$T/events.diff" || { head -20 "$T/events.diff"; fail "events differ after the restart"; }

# the store's rows (entities by key: ids are not the point)
rows() {
  sqlite3 "$1" "SELECT e.type, e.code, s.bin, s.ipv4_24s, s.ipv6_48s, s.prefixes, s.ipv4_24s_low, s.ipv6_48s_low,
                 s.prefixes_low, s.announcements, s.withdrawals, s.full_peers_up, s.upstreams
                FROM signal s JOIN entity e ON e.id = s.entity ORDER BY 1, 2, 3;"
  echo "-- changes"
  sqlite3 "$1" "SELECT e.type, e.code, c.ts, c.ipv4_24s, c.ipv6_48s, c.prefixes, c.prefix, c.visible, c.recount
                FROM change c JOIN entity e ON e.id = c.entity ORDER BY 1, 2, 3, 7, 8, 4;"
  echo "-- events"
  sqlite3 "$1" "SELECT kind, entity_type, entity_code, start, \"end\", severity, json FROM event ORDER BY 4, 1, 7;"
  echo "-- meta"
  sqlite3 "$1" "SELECT key, value FROM meta WHERE key IN ('first_ts', 'last_ts', 'bin_seconds', 'ignored_space') ORDER BY 1;"
}
rows "$T/whole.db" > "$T/whole.rows"
rows "$T/part.db" > "$T/resumed.rows"
[ "$(grep -c . "$T/whole.rows")" -gt 10 ] || fail "no store rows to compare"
diff "$T/whole.rows" "$T/resumed.rows" > "$T/rows.diff" || { head -20 "$T/rows.diff"; fail "store rows differ after the restart"; }
echo "same events ($n) and store rows ($(wc -l < "$T/whole.rows")) across a restart at $STOP"

# a damaged checkpoint: cut to half its length
sqlite3 "$T/damaged.db" "UPDATE checkpoint SET bytes = substr(bytes, 1, length(bytes) / 2);"
"$DW" replay "$SC" --db "$T/damaged.db" --resume --events "$T/cold.jsonl" 2> "$T/cold.err" || fail "a damaged checkpoint stopped the run: $(tail -3 "$T/cold.err")"
grep "warning" "$T/cold.err" | grep -q "starting cold" || fail "no warning for the damaged checkpoint"
grep -h "warning" "$T/cold.err"
grep "warning" "$T/cold.err" | grep -q "checkpoint" || fail "the warning does not say what was wrong"
diff "$T/whole.jsonl" "$T/cold.jsonl" > /dev/null || fail "the cold run after a damaged checkpoint differs from a plain run"
echo "damaged checkpoint: refused, cold start, same results"
