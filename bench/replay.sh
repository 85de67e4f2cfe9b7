#!/usr/bin/env bash
# Replay speed and memory: runs `darkwatch replay` on a scenario archive and
# prints its own summary (elements/s overall and for applying updates alone)
# with wall time and peak RSS.
# Usage: bench/replay.sh [ARCHIVE]   (default: ../shared/data/scenarios/kp-2014;
#        the full-size table: build ../shared/scenarios/bench-fulltable.json first)
set -u
cd "$(dirname "$0")/.."
A=${1:-../shared/data/scenarios/kp-2014}
/usr/bin/time -f "wall %e s, peak RSS %M KB" build/darkwatch replay "$A" --events /dev/null 2>&1 |
  grep -E "replayed|applying|wall"
