#!/usr/bin/env bash
# Runs each fuzzer for SECONDS (60 in scripts/test.sh), seeded with the real
# MRT files (split into records) and the saved corpus; crashers found are kept
# in fuzz/corpus/<target>/. New inputs go to a scratch corpus, so the saved one
# stays small. Usage: fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail
B=$1; S=${2:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
seeds=$(mktemp -d); trap 'rm -rf "$seeds"' EXIT
python3 "$HERE/make_seeds.py" "$HERE/../tests/data" "$seeds"
# BMP seeds: the bundled streams and, when present, every real one in ../shared
python3 "$HERE/make_bmp_seeds.py" "$seeds/fuzz_bmp_stream" "$HERE/../tests/data/bmp" "$HERE/../../shared/data/bmp"
"$HERE/../build/make_feed_seeds" "$HERE/../tests/data/scenarios/kp-2014-small" "$seeds/fuzz_feed_decoder" 64 >/dev/null 2>&1 ||
  mkdir -p "$seeds/fuzz_feed_decoder"
for t in fuzz_mrt_record fuzz_bgp_message fuzz_decompress fuzz_feed_decoder fuzz_bmp_stream; do
  mkdir -p "$HERE/corpus/$t" "$seeds/$t" "$seeds/new-$t"
  "$B/$t" -max_total_time="$S" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
     -artifact_prefix="$HERE/corpus/$t/crash-" "$seeds/new-$t" "$HERE/corpus/$t" "$seeds/$t" 2>&1 | tail -n 12
done
