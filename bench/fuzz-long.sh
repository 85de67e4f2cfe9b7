#!/usr/bin/env bash
# A long fuzzing run: each libFuzzer target for SECONDS (fuzz/run.sh), built
# once in build-fuzz with clang. Usage: bench/fuzz-long.sh SECONDS
# (issue 9 asks for 1800: a 30-minute run per target).
set -euo pipefail
S=${1:?usage: bench/fuzz-long.sh SECONDS}
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
if [ ! -x build-fuzz/fuzz_decompress ]; then
  CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DDW_FUZZ=ON -DDW_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build-fuzz -j"$(nproc)" >/dev/null
fuzz/run.sh build-fuzz "$S"
