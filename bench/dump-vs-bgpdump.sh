#!/usr/bin/env bash
# darkwatch dump -m against bgpdump -m on the same inputs, side by side.
# Prints wall time, elements/s, MB/s (decompressed input), peak RSS and the
# ratio; for compressed input also the time of decompressing alone.
# Usage: bench/dump-vs-bgpdump.sh FILE...   (default: the 578k-element ET file)
set -u
cd "$(dirname "$0")/.."
DW=build/darkwatch
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(../shared/data/mrt/ripe-bgpdump/test_data_updates.et-header.2015.gz)
measure() {  # prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" "$@" > /dev/null 2> /tmp/dw-bench.err
  tail -1 /tmp/dw-bench.err
}
printf "%-44s %10s %10s %9s %9s %8s %10s %8s\n" file tool seconds Melem/s MB/s peakMB decomp_s ratio
for f in "${files[@]}"; do
  n=$($DW dump -m "$f" 2>/dev/null | wc -l)
  case $(head -c3 "$f" | xxd -p) in
    1f8b*) dec="zcat";; 425a68) dec="bzcat";; *) dec="cat";;
  esac
  mb=$($dec "$f" | wc -c | awk '{print $1/1048576}')
  read -r dt _ < <(measure sh -c "$dec '$f' > /dev/null")
  read -r bt bm < <(measure bgpdump -m "$f")
  read -r wt wm < <(measure $DW dump -m "$f")
  for row in "bgpdump $bt $bm" "darkwatch $wt $wm"; do
    set -- $row
    awk -v f="$(basename "$f")" -v t="$1" -v s="$2" -v m="$3" -v n="$n" -v mb="$mb" -v d="$dt" -v b="$bt" \
      'BEGIN{s=(s<0.001?0.001:s); printf "%-44s %10s %10.2f %9.2f %9.1f %8.1f %10.2f %8.2f\n", f, t, s, n/s/1e6, mb/s, m/1024, d, b/s}'
  done
done
echo "ratio = bgpdump seconds / this tool's seconds; decomp_s = zcat/bzcat alone"
