#!/usr/bin/env bash
# Acceptance: replay a scenario archive and score the events against its truth
# with ../shared/tools/score.py --strict (a country's outage counts only when it is
# reported as the country's; a copy is kept in tests/ for machines without
# ../shared). Usage: tests/scenario_acceptance.sh DARKWATCH SCENARIO_DIR
set -euo pipefail
DW=$1; S=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SCORE=$HERE/../../shared/tools/score.py
[ -f "$SCORE" ] || SCORE=$HERE/score.py
out=$(mktemp); trap 'rm -f "$out"' EXIT
"$DW" replay "$S" --events "$out" 2>/dev/null || true
echo "outage events: $(grep -c '"kind":"outage"' "$out")"
python3 "$SCORE" --strict "$S/truth.json" "$out"
