#!/usr/bin/env bash
# Builds the scenario specs in tests/scenarios with ../shared/tools/mkscenario.py
# (from the 2014 registry data in ../shared, as the shared scenarios are
# built), replays each and scores it with score.py. Built archives are cached
# under the build folder.
# Usage: tests/generated_scenarios.sh DARKWATCH CACHE_DIR [SPEC_DIR (default tests/scenarios)]
set -euo pipefail
DW=$1; CACHE=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SPECS=${3:-$HERE/scenarios}
SH=${DW_SHARED:-$HERE/../../shared}
R=$SH/data/registry
mkdir -p "$CACHE"
rc=0
for spec in "$SPECS"/*.json; do
  name=$(basename "$spec" .json)
  out=$CACHE/$name
  if [ ! -f "$out/truth.json" ] || [ "$spec" -nt "$out/truth.json" ]; then
    rm -rf "$out"
    python3 "$SH/tools/mkscenario.py" "$spec" "$out" --pfx2as "$R"/routeviews-rv2-*.pfx2as.gz "$R"/routeviews-rv6-*.pfx2as.gz \
      --delegated "$R"/delegated-* --as-rel "$R"/*.as-rel.txt.bz2 --as-names "$R/asnames.json" > /dev/null
  fi
  echo "== $name"
  "$HERE/scenario_acceptance.sh" "$DW" "$out" || rc=1
done
exit $rc
