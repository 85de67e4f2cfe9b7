#!/usr/bin/env bash
# BMP decoding: darkwatch dump of a raw BMP stream (default: the Juniper M320
# full table, 139k Route Monitoring messages) against pmacct's pmbmpd on the
# same stream (../shared/tools/pmbmpd-decode.sh: over loopback, JSON log).
# darkwatch is timed three ways: decode only (--type state: every message
# framed and decoded, no element printed), -m and --json (to /dev/null). All
# include xz decompression of the input; the xzcat time is shown beside.
# Prints seconds (median of RUNS, default 3), messages/s, prefixes/s, peak RSS.
# Usage: [RUNS=N] bench/bmp-decode.sh [STREAM]
set -u
cd "$(dirname "$0")/.."
DW=build/darkwatch
RUNS=${RUNS:-3}
f=${1:-../shared/data/bmp/juniper-m320/m320.bmp.xz}
. bench/lib.sh  # median_time, peak_mb
# messages and prefixes, from darkwatch's own summary and output
summary=$($DW dump --type state "$f" 2>&1 >/dev/null | grep 'BMP stream')
msgs=$(echo "$summary" | sed -E 's/.*: ([0-9]+) messages.*/\1/')
prefixes=$($DW dump -m "$f" 2>/dev/null | grep -c '|[AW]|')
echo "stream: $f"
echo "darkwatch: $summary"
echo "messages: $msgs, prefixes (announced + withdrawn): $prefixes"
case $f in *.xz) xzt=$(median_time "$RUNS" xz -dc "$f");; *) xzt=0;; esac
printf "%-26s %9s %12s %13s %8s\n" tool seconds msgs/s prefixes/s peakMB
row() {  # name seconds peak
  printf "%-26s %9s %12.0f %13.0f %8s\n" "$1" "$2" "$(echo "$msgs / $2" | bc -l)" "$(echo "$prefixes / $2" | bc -l)" "$3"
}
row "xz -dc (input alone)" "$xzt" "-"
for mode in "--type state" "-m" "--json"; do
  t=$(median_time "$RUNS" $DW dump $mode "$f")
  row "darkwatch dump $mode" "$t" "$(peak_mb $DW dump $mode "$f")"
done
if command -v pmbmpd >/dev/null; then
  # pmbmpd-decode.sh polls its log every 0.5 s until it stops growing and
  # sleeps 0.5 s after sending: up to ~1.5 s of its time is waiting
  t0=$(date +%s.%N); n=$(../shared/tools/pmbmpd-decode.sh "$f" 11791 | grep -c '"ip_prefix"'); t1=$(date +%s.%N)
  t=$(echo "$t1 - $t0" | bc -l | awk '{printf "%.3f", $1}')
  row "pmbmpd (pmbmpd-decode.sh)" "$t" "-"
  echo "pmbmpd logged $n prefixes"
else
  echo "pmbmpd: not installed (Debian package pmacct; scripts/setup.sh installs it)"
fi
