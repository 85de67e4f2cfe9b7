#!/usr/bin/env bash
# bgpdump as the oracle: `darkwatch dump -m` must print exactly what `bgpdump -m`
# prints, file by file, except where tests/data/deviations/NAME.diff records the
# documented difference (README, "Where bgpdump is wrong"), which must then match.
# Usage: tests/bgpdump_oracle.sh DARKWATCH [--update] DIR...
set -u
DW=$1; shift
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
HERE=$(cd "$(dirname "$0")" && pwd)
DEV=$HERE/data/deviations
command -v bgpdump >/dev/null || { echo "bgpdump not installed"; exit 1; }
pass=0; failn=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for dir in "$@"; do
  [ -d "$dir" ] || continue
  for f in $(find "$dir" -type f ! -name '*.md' ! -name '*.json' ! -name '*.log' ! -name '*expect*' ! -name '*.diff' | sort); do
    # raw BMP streams (the lab's) are not MRT: bgpdump cannot read them; tests/bmp_dump.sh covers them
    case $f in *.bmp|*.bmp.xz) continue ;; esac
    name=$(basename "$f"); name=${name%.xz}; name=${name%.zst}
    src=$f
    case $f in
      *.xz) xz -dc "$f" > "$tmp/in"; src=$tmp/in ;;
      *.zst) zstd -qdc "$f" > "$tmp/in"; src=$tmp/in ;;
    esac
    bgpdump -m "$src" > "$tmp/ref" 2>/dev/null
    "$DW" dump -m "$f" > "$tmp/out" 2>/dev/null
    diff "$tmp/ref" "$tmp/out" > "$tmp/d"
    if [ $update = 1 ] && [ -s "$tmp/d" ]; then cp "$tmp/d" "$DEV/$name.diff"; fi
    if [ -f "$DEV/$name.diff" ]; then
      if cmp -s "$tmp/d" "$DEV/$name.diff"; then pass=$((pass+1)); else echo "FAIL (deviation changed) $f"; failn=$((failn+1)); fi
    elif [ -s "$tmp/d" ]; then
      echo "FAIL $f: $(grep -c '^[<>]' "$tmp/d") lines differ"; head -4 "$tmp/d"; failn=$((failn+1))
    else
      pass=$((pass+1))
    fi
  done
done
echo "bgpdump oracle: $pass files match, $failn differ"
[ $failn = 0 ] && [ $pass -gt 0 ]
