#!/usr/bin/env bash
# Start-up cost: shared libraries mapped before main, and the median wall time
# of `darkwatch --version` over RUNS runs (default 21), beside /bin/true as the
# floor any program pays (each figure includes the timer's own overhead).
# Usage: [RUNS=N] [DW=path/to/darkwatch] bench/startup.sh
set -u
cd "$(dirname "$0")/.."
RUNS=${RUNS:-21}
DW=${DW:-build/darkwatch}
median() {
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s%N); "$@" > /dev/null 2>&1 < /dev/null; t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000))
  done | sort -n | awk '{a[NR]=$1} END {printf "%.2f ms\n", a[int((NR+1)/2)]/1000}'
}
echo "shared libraries at start: $(ldd "$DW" | grep -c '=>\|ld-linux')"
echo "darkwatch --version: $(median "$DW" --version)"
echo "/bin/true:           $(median /bin/true)"
