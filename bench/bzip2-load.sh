#!/usr/bin/env bash
# bzip2 on a busy machine: `dump -m` of a large bz2 RIB against `bzcat` under
# the same load, idle and with one core kept busy (`yes > /dev/null`), for the
# automatic choice and for each decompressor forced (lbzip2 on every core, or
# libbz2 on one thread). Usage: bench/bzip2-load.sh DARKWATCH [FILE.bz2]
# Without FILE, the kp-2014 RIB dumps of $SHARED (/work/shared) concatenated 4
# times (about 26 MB of bz2).
set -euo pipefail
DW=$1
HERE=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"; [ -n "${busy:-}" ] && kill "$busy" 2>/dev/null || true' EXIT
F=${2:-}
if [ -z "$F" ]; then
  F=$tmp/ribs.bz2
  for i in 1 2 3 4; do cat "${SHARED:-/work/shared}"/data/scenarios/kp-2014/route-views2/RIBS/rib.*.bz2; done > "$F"
fi
best() {  # the best of 3 runs, in seconds
  local b=999
  for i in 1 2 3; do
    local s=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; local e=$(date +%s.%N)
    b=$(echo "$b $s $e" | awk '{t=$3-$2; print (t<$1)?t:$1}')
  done
  echo "$b"
}
run() {
  local z; z=$(best bzcat "$F")
  local auto; auto=$(best "$DW" dump -m "$F")
  local lb; lb=$(DARKWATCH_LBZIP2=1 best "$DW" dump -m "$F")
  local one; one=$(DARKWATCH_NO_LBZIP2=1 best "$DW" dump -m "$F")
  printf "%-22s bzcat %.2f s | dump -m auto %.2f s (%.2fx) | lbzip2 forced %.2f s (%.2fx) | libbz2 forced %.2f s (%.2fx)\n" \
    "$1" "$z" "$auto" "$(echo "$auto / $z" | bc -l)" "$lb" "$(echo "$lb / $z" | bc -l)" "$one" "$(echo "$one / $z" | bc -l)"
}
echo "$(du -h "$F" | cut -f1) of bz2, $(nproc) cores"
run "idle:"
yes > /dev/null & busy=$!
sleep 2
run "one core busy:"
kill "$busy"; busy=
# confined to one core (taskset): lbzip2 has nothing to run on in parallel
if command -v taskset >/dev/null; then
  z=$(best taskset -c 0 bzcat "$F")
  lb=$(DARKWATCH_LBZIP2=1 best taskset -c 0 "$DW" dump -m "$F")
  one=$(DARKWATCH_NO_LBZIP2=1 best taskset -c 0 "$DW" dump -m "$F")
  printf "%-22s bzcat %.2f s | lbzip2 forced %.2f s (%.2fx) | libbz2 %.2f s (%.2fx)\n" "one core (taskset):" \
    "$z" "$lb" "$(echo "$lb / $z" | bc -l)" "$one" "$(echo "$one / $z" | bc -l)"
fi
