#!/usr/bin/env bash
# Runs `darkwatch dump -m` and `bgpdump -m` on each file given and reports
# whether the outputs are identical. Usage: scripts/compare-bgpdump.sh FILE...
set -u
DW=${DW:-$(dirname "$0")/../build/darkwatch}
fail=0
for f in "$@"; do
  a=$(mktemp); b=$(mktemp)
  bgpdump -m "$f" > "$a" 2>/dev/null
  "$DW" dump -m "$f" > "$b" 2>/dev/null
  if cmp -s "$a" "$b"; then
    echo "same  $(wc -l < "$a") lines  $f"
  else
    echo "DIFF  $(diff "$a" "$b" | grep -c '^[<>]') lines differ  $f"
    fail=1
  fi
  rm -f "$a" "$b"
done
exit $fail
