#!/usr/bin/env bash
# One engine, whatever carries the events: a scenario replayed straight from
# the archive and through the binary route-event encoding (--via-feed: every
# event encoded and decoded again, as between a source and the engine in
# another process) gives the same events and the same store rows.
# Usage: tests/feed_identity.sh DARKWATCH SCENARIO_DIR
set -euo pipefail
DW=$1; S=$2
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$DW" replay "$S" --events "$t/direct.jsonl" --db "$t/direct.db" 2>/dev/null || true
"$DW" replay "$S" --via-feed --events "$t/feed.jsonl" --db "$t/feed.db" 2>/dev/null || true
rows() {
  for tb in $(sqlite3 "$1" ".tables"); do echo "== $tb"; sqlite3 "$1" "SELECT * FROM $tb" | sort; done
}
rows "$t/direct.db" > "$t/direct.rows"
rows "$t/feed.db" > "$t/feed.rows"
n=$(wc -l < "$t/direct.jsonl"); r=$(wc -l < "$t/direct.rows")
[ "$n" -gt 0 ] && [ "$r" -gt 100 ] || { echo "FAIL: nothing to compare ($n events, $r rows)"; exit 1; }
grep -q '"kind":"outage"' "$t/direct.jsonl" || { echo "FAIL: no outage in the direct replay"; exit 1; }
rc=0
diff -q "$t/direct.jsonl" "$t/feed.jsonl" >/dev/null || { echo "FAIL: events differ"; diff "$t/direct.jsonl" "$t/feed.jsonl" | head -5; rc=1; }
diff -q "$t/direct.rows" "$t/feed.rows" >/dev/null || { echo "FAIL: store rows differ"; diff "$t/direct.rows" "$t/feed.rows" | head -5; rc=1; }
[ $rc = 0 ] && echo "identical: $n events, $r store rows, direct and through the feed encoding"
exit $rc
