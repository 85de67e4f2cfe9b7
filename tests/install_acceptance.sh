#!/usr/bin/env bash
# Installed, darkwatch keeps its data (issue 9 item 19): `cmake --install` to a
# temporary prefix, the installed program run from an unrelated working
# directory gives the same events as the build tree's; its chart module
# loads; a bare copy of the program with no data beside it refuses to run
# without a geography (exit non-zero), and DARKWATCH_DATA points it at the data.
# Usage: tests/install_acceptance.sh BUILD_DIR DARKWATCH SCENARIO_DIR
set -euo pipefail
BUILD=$(realpath "$1"); DW=$(realpath "$2"); S=$(realpath "$3")
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cmake --install "$BUILD" --prefix "$tmp/prefix" >/dev/null
mkdir -p "$tmp/elsewhere" "$tmp/bare/bin"
cd "$tmp/elsewhere"
# --db on both: it adds the exposure sentence to outage explanations (docs/exposure.md)
env -u DARKWATCH_DATA "$DW" replay "$S" --events "$tmp/build.jsonl" --db "$tmp/build.db" 2>/dev/null
env -u DARKWATCH_DATA "$tmp/prefix/bin/darkwatch" replay "$S" --events "$tmp/installed.jsonl" --db "$tmp/run.db" 2>"$tmp/err"
grep -q "geography: RIR delegated" "$tmp/err" || { echo "installed: no RIR geography: $(cat "$tmp/err")"; exit 1; }
n=$(grep -c '"outage"' "$tmp/build.jsonl")
[ "$n" -gt 0 ] || { echo "the build tree's program found no outage"; exit 1; }
cmp "$tmp/build.jsonl" "$tmp/installed.jsonl" || { echo "installed events differ from the build tree's"; exit 1; }
echo "ok: installed program, another working directory: the same $(wc -l < "$tmp/installed.jsonl") events ($n outages)"
"$tmp/prefix/bin/darkwatch" signal --db "$tmp/run.db" --entity country:KP --png "$tmp/kp.png" 2>/dev/null
[ -s "$tmp/kp.png" ] && echo "ok: the installed chart module draws"
cp "$DW" "$tmp/bare/bin/darkwatch"
for geo in rir auto; do
  if env -u DARKWATCH_DATA "$tmp/bare/bin/darkwatch" replay "$S" --geo $geo --events "$tmp/bare.jsonl" 2>"$tmp/err"; then
    echo "a program with no data ran with --geo $geo: $(cat "$tmp/err")"; exit 1
  fi
  grep -q "not found\|no country database" "$tmp/err" || { echo "--geo $geo: $(cat "$tmp/err")"; exit 1; }
done
echo "ok: no data and no geography is an error"
DARKWATCH_DATA="$tmp/prefix/share/darkwatch" "$tmp/bare/bin/darkwatch" replay "$S" --events "$tmp/env.jsonl" --db "$tmp/env.db" 2>/dev/null
cmp "$tmp/build.jsonl" "$tmp/env.jsonl" && echo "ok: DARKWATCH_DATA"
