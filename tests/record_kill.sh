#!/usr/bin/env bash
# kill -9 of a recording process (issue 10's fault): no half file ever
# carries a final name. A replay --record is killed (SIGKILL) at several
# points of its run; each time every file under a final name must be a
# whole bzip2 stream that bgpdump reads without complaint, and the file being
# written must be there under its temporary name (proof that the kill came
# mid-run). A new run on the same folder removes the leftovers with a log
# line and ends with a complete recording.
# Usage: tests/record_kill.sh DARKWATCH SCENARIO_DIR
set -euo pipefail
DW=$1; S=$2
command -v bgpdump >/dev/null || { echo "SKIP: bgpdump not installed (scripts/setup.sh installs it)"; exit 77; }
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
rc=0; mid=0
for delay in 0.3 0.6 0.9 1.2; do
  rm -rf "$t/rec"
  "$DW" replay "$S" --record "$t/rec" 2>/dev/null & pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ -d "$t/rec" ] || continue
  # the latest folder a kill left mid-run is the one the restart cleans (a
  # later kill may come after the run ended, on a fast machine)
  if [ -n "$(find "$t/rec" -name '.partial-*')" ]; then mid=$((mid+1)); rm -rf "$t/mid"; cp -a "$t/rec" "$t/mid"; fi
  for f in $(find "$t/rec" -name '*.bz2' ! -name '.partial-*'); do
    if ! bzip2 -t "$f" 2>/dev/null; then echo "FAIL: half file under a final name after kill -9 at ${delay}s: $f"; rc=1; continue; fi
    bgpdump -m "$f" > /dev/null 2> "$t/err" || { echo "FAIL: bgpdump fails on $f"; rc=1; }
    if grep -qiE 'error|invalid|corrupt' "$t/err"; then echo "FAIL: bgpdump complains about $f"; rc=1; fi
  done
done
[ "$mid" -gt 0 ] || { echo "FAIL: no kill landed mid-run (no temporary file seen): the test proves nothing"; exit 1; }
# a restart on a killed run's folder: leftovers removed (logged), and a whole recording
rm -rf "$t/rec"; mv "$t/mid" "$t/rec"
"$DW" replay "$S" --record "$t/rec" 2> "$t/restart.err" >/dev/null || true
grep -q 'unfinished by an earlier run' "$t/restart.err" || { echo "FAIL: no log line for the removed temporary files"; rc=1; }
[ -z "$(find "$t/rec" -name '.partial-*')" ] || { echo "FAIL: temporary files left after the restart"; rc=1; }
for f in $(find "$t/rec" -name '*.bz2'); do bzip2 -t "$f" 2>/dev/null || { echo "FAIL: $f broken after the restart"; rc=1; }; done
[ $rc = 0 ] && echo "killed $mid run(s) mid-recording: no half file under a final name; restart cleaned up"
exit $rc
