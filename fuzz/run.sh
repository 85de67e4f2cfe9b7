#!/usr/bin/env bash
# Runs each fuzzer for SECONDS/2, seeded with the real MRT files (split into
# records) and the saved corpus; crashers found are kept in fuzz/corpus/.
# Usage: fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail
B=$1; S=${2:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
seeds=$(mktemp -d); trap 'rm -rf "$seeds"' EXIT
python3 "$HERE/make_seeds.py" "$HERE/../tests/data" "$seeds"
"$HERE/../build/make_feed_seeds" "$HERE/../tests/data/scenarios/kp-2014-small" "$seeds/fuzz_feed_decoder" 64 >/dev/null 2>&1 ||
  mkdir -p "$seeds/fuzz_feed_decoder"
half=$(( S / 2 ))
for t in fuzz_mrt_record fuzz_bgp_message fuzz_feed_decoder; do
  mkdir -p "$HERE/corpus/$t"
  "$B/$t" -max_total_time="$half" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
     -artifact_prefix="$HERE/corpus/$t/crash-" "$HERE/corpus/$t" "$seeds/$t" 2>&1 | tail -n 12
done
