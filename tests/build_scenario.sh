#!/usr/bin/env bash
# Builds one scenario spec into OUTDIR with ../shared/tools/mkscenario.py, from
# the 2014 registry data in ../shared (as the shared scenarios are built),
# unless OUTDIR already holds a build newer than the spec.
# Usage: tests/build_scenario.sh SPEC.json OUTDIR
set -euo pipefail
spec=$1; out=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SH=${DW_SHARED:-$HERE/../../shared}
R=$SH/data/registry
if [ ! -f "$out/truth.json" ] || [ "$spec" -nt "$out/truth.json" ]; then
  rm -rf "$out"
  python3 "$SH/tools/mkscenario.py" "$spec" "$out" --pfx2as "$R"/routeviews-rv2-*.pfx2as.gz "$R"/routeviews-rv6-*.pfx2as.gz \
    --delegated "$R"/delegated-* --as-rel "$R"/*.as-rel.txt.bz2 --as-names "$R/asnames.json" > /dev/null
fi
