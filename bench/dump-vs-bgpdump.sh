#!/usr/bin/env bash
# darkwatch dump -m against bgpdump -m on the same inputs, side by side.
# Prints wall time (median of RUNS runs, default 7; bgpdump is run 3 times),
# elements/s, MB/s (decompressed input), peak RSS, the ratio to bgpdump, and
# for compressed input the time of decompressing alone (zcat/bzcat, also a
# median) and darkwatch's time as a multiple of it.
# Usage: [RUNS=N] bench/dump-vs-bgpdump.sh FILE...   (default: the 578k-element ET file)
set -u
cd "$(dirname "$0")/.."
DW=build/darkwatch
RUNS=${RUNS:-7}
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(../shared/data/mrt/ripe-bgpdump/test_data_updates.et-header.2015.gz)
. bench/lib.sh  # median_time, peak_mb
printf "%-40s %10s %9s %9s %8s %8s %8s %10s %10s\n" file tool seconds Melem/s MB/s peakMB ratio decomp_s x_decomp
for f in "${files[@]}"; do
  n=$($DW dump -m "$f" 2>/dev/null | wc -l)
  case $(head -c3 "$f" | xxd -p) in
    1f8b*) dec="zcat";; 425a68) dec="bzcat";; *) dec="cat";;
  esac
  mb=$($dec "$f" | wc -c | awk '{print $1/1048576}')
  dt=-
  [ "$dec" != cat ] && dt=$(median_time "$RUNS" $dec "$f")
  bt=$(median_time 3 bgpdump -m "$f"); bm=$(peak_mb bgpdump -m "$f")
  wt=$(median_time "$RUNS" $DW dump -m "$f"); wm=$(peak_mb $DW dump -m "$f")
  for row in "bgpdump $bt $bm" "darkwatch $wt $wm"; do
    set -- $row
    awk -v f="$(basename "$f")" -v t="$1" -v s="$2" -v m="$3" -v n="$n" -v mb="$mb" -v d="$dt" -v b="$bt" \
      'BEGIN{s=(s<0.0001?0.0001:s); x=(d=="-"?"-":sprintf("%.2f", s/d));
             printf "%-40s %10s %9.3f %9.2f %8.1f %8.1f %8.2f %10s %10s\n", f, t, s, n/s/1e6, mb/s, m, b/s, d, x}'
  done
done
echo "ratio = bgpdump seconds / this tool's seconds; decomp_s = zcat/bzcat alone; x_decomp = seconds / decomp_s"
