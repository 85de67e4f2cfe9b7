#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: the unit tests and the
# bgpdump oracle (ctest), the same under ASan+UBSan, and the fuzzers for 60 s.
# FUZZ_SECONDS=0 skips fuzzing; SANITIZE=0 skips the sanitizer build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
(cd build && ctest -j"$(nproc)" --output-on-failure)
if [ "${SANITIZE:-1}" != 0 ]; then
  scripts/setup.sh build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDW_SANITIZE=ON
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions="$PWD/../tests/lsan.supp" \
     UBSAN_OPTIONS=halt_on_error=1 ctest -j"$(nproc)" --output-on-failure)
fi
if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
  CXX=clang++ scripts/setup.sh build-fuzz -DDW_FUZZ=ON -DDW_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
  fuzz/run.sh build-fuzz "${FUZZ_SECONDS:-60}"
fi
echo "all tests passed"
