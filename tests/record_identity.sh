#!/usr/bin/env bash
# Recording as MRT (issue 10, --record): a scenario replayed with --record DIR
# leaves a RouteViews-layout archive that (a) bgpdump decodes without an
# error, file by file, and `darkwatch dump -m` prints byte for byte as
# bgpdump does, and (b) replays to the same events (outages, instability,
# short outages, notices) as the original archive; fields naming files, if
# any, are ignored.
# Usage: tests/record_identity.sh DARKWATCH SCENARIO_DIR
set -euo pipefail
DW=$1; S=$2
command -v bgpdump >/dev/null || { echo "SKIP: bgpdump not installed (scripts/setup.sh installs it)"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$DW" replay "$S" --record "$t/rec" --events "$t/orig.jsonl" 2>"$t/orig.err" || true
grep -q 'darkwatch: recorded' "$t/orig.err" || { echo "FAIL: no recording summary"; cat "$t/orig.err"; exit 1; }
rc=0; files=0; lines=0
for f in $(find "$t/rec" -name '*.bz2' | sort); do
  files=$((files+1))
  if ! bgpdump -m "$f" > "$t/bgpdump.txt" 2> "$t/bgpdump.err"; then echo "FAIL: bgpdump fails on $f"; rc=1; fi
  if grep -qiE 'error|invalid|unknown|corrupt|warn' "$t/bgpdump.err"; then
    echo "FAIL: bgpdump complains about $f:"; head -3 "$t/bgpdump.err"; rc=1
  fi
  "$DW" dump -m "$f" > "$t/dw.txt" 2> "$t/dw.err" || { echo "FAIL: darkwatch dump fails on $f"; head -3 "$t/dw.err"; rc=1; }
  if ! cmp -s "$t/bgpdump.txt" "$t/dw.txt"; then
    echo "FAIL: dump -m differs from bgpdump on $f"; diff "$t/bgpdump.txt" "$t/dw.txt" | head -5; rc=1
  fi
  lines=$((lines + $(wc -l < "$t/dw.txt")))
done
nu=$(find "$t/rec" -path '*UPDATES/updates.*.bz2' | wc -l); nr=$(find "$t/rec" -path '*RIBS/rib.*.bz2' | wc -l)
[ "$nu" -gt 0 ] && [ "$nr" -gt 0 ] || { echo "FAIL: expected updates and RIB files ($nu, $nr)"; exit 1; }
[ -z "$(find "$t/rec" -name '.partial-*')" ] || { echo "FAIL: partial files left after a clean end"; rc=1; }
"$DW" replay "$t/rec" --events "$t/rec.jsonl" 2>"$t/rec.err" || true
strip() { sed -E 's/"(file|path)":"[^"]*",?//g' "$1"; }
n=$(wc -l < "$t/orig.jsonl")
[ "$n" -gt 0 ] && grep -q '"kind":"outage"' "$t/orig.jsonl" || { echo "FAIL: no outage in the original replay"; exit 1; }
if ! diff <(strip "$t/orig.jsonl") <(strip "$t/rec.jsonl") > "$t/events.diff"; then
  echo "FAIL: the recording replays to other events"; head -10 "$t/events.diff"; rc=1
fi
[ $rc = 0 ] && echo "recorded $files files ($nu updates, $nr RIBs, $lines lines): bgpdump reads them all, dump -m identical; $n events identical on replay"
exit $rc
