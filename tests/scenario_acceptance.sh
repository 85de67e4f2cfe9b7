#!/usr/bin/env bash
# Acceptance: replay a scenario archive and score the events against its truth
# with ../shared/tools/score.py --strict (a country's outage counts only when
# reported as that country's, the way a user reads the events); tests/score.py
# is an identical copy for machines without ../shared. DW_SHARED names the
# shared folder when it is not ../shared (a git worktree elsewhere). Also
# checks the events agree with themselves (check_events.py).
# Usage: tests/scenario_acceptance.sh DARKWATCH SCENARIO_DIR
set -euo pipefail
DW=$1; S=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SCORE=${DW_SHARED:-$HERE/../../shared}/tools/score.py
[ -f "$SCORE" ] || SCORE=$HERE/score.py
out=$(mktemp); trap 'rm -f "$out"' EXIT
"$DW" replay "$S" --events "$out" 2>/dev/null || true
echo "outage events: $(grep -c '"kind":"outage"' "$out")"
python3 "$HERE/check_events.py" "$out"
python3 "$SCORE" --strict "$S/truth.json" "$out"
