#!/usr/bin/env bash
# BMP over loopback into `darkwatch watch --bmp`, with real router streams:
#  1. the Juniper M320 full table sent over TCP: the announcements,
#     withdrawals and peers watch applied equal `darkwatch dump -m` of the
#     same file;
#  2. a fault: two routers connected, one sends garbage mid-stream: only its
#     connection ends (the reason names the offset), the other's routes all
#     arrive;
#  3. a flood against a slow engine (--test-engine-delay-us): buffers and
#     queues stay capped, back-pressure is counted, the other router's
#     routes all arrive, and SIGTERM still exits 0 within 5 s.
# Usage: tests/watch_bmp.sh DARKWATCH SHARED_DIR SOURCE_DIR
set -euo pipefail
DW=$1; SH=$2; SRC=$3
M320=$SH/data/bmp/juniper-m320/m320.bmp.xz
SMALL=$SH/data/bmp/pmacct-test-automation/tests_202-BMP-CISCO-HUAWEI-multiple-sources_traffic-01.stream0.bmp
[ -f "$M320" ] && [ -f "$SMALL" ] || { echo "no ../shared BMP streams: skipped"; exit 77; }
tmp=$(mktemp -d); pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/err" 2>/dev/null; exit 1; }
SEND="python3 $SRC/tests/bmp_send.py"
# decompressed once: each sender then connects at once
M320_RAW=$tmp/m320.bmp
python3 -c "import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], 'wb'))" "$M320" "$M320_RAW"

. "$SRC/tests/watch_lib.sh"
# announcements, withdrawals and peers in `darkwatch dump -m` of a stream
dump_counts() {
  "$DW" dump -m "$1" 2>/dev/null | awk -F'|' '$3=="A"{a++} $3=="W"{w++} ($3=="A"||$3=="W"){p[$4]=1}
    END{n=0; for(k in p)n++; printf "%d announcements, %d withdrawals, %d peers\n", a, w, n}'
}
watch_counts() { sed -n 's/.*elements (\([0-9]*\) announcements, \([0-9]*\) withdrawals.*/\1 announcements, \2 withdrawals/p' "$tmp/err"; }

# 1. the full table over loopback equals dump
start_watch --geo none --as-names none
$SEND "$bmp" "$M320_RAW" > "$tmp/sent"
wait_drained
stop_watch
want=$(dump_counts "$M320")
got="$(watch_counts), $(python3 -c "import json; s=json.load(open('$tmp/st.json')); print(len({p['peer'] for p in s['peers']}))") peers"
echo "m320: dump: $want; watch: $got"
[ "$want" = "$got" ] || fail "m320: watch applied $got, dump decodes $want"

# 2. one router sends garbage mid-stream: only its connection ends
start_watch --geo none --as-names none
$SEND "$bmp" "$M320_RAW" --garbage-after 1000000 --hold 1 > /dev/null &
s1=$!
$SEND "$bmp" "$SMALL" --hold 3 > /dev/null
wait $s1 || true
wait_drained
python3 - "$tmp/st.json" <<'PY' || fail "fault: connection states"
import json, sys
s = json.load(open(sys.argv[1]))
c = sorted(s["connections"], key=lambda c: -c["bytes_in"])
bad, good = c[0], c[1]
r = bad["end_reason"].lower()
assert not bad["open"] and ("offset" in r or "byte" in r), bad
assert good["end_reason"] in ("", "the router closed the connection"), good
PY
stop_watch
grep -Eq "connection ended: .* at byte 10[0-9]{5}" "$tmp/err" || fail "fault: the reason does not name the offset"
small=$(dump_counts "$SMALL")
echo "fault: the good router: dump: $small"
# the good router's source is ADDR#2 or ADDR: its peers' routes all arrived
python3 - "$tmp/st.json" "$small" <<'PY' || fail "fault: the good router's routes"
import json, sys
s = json.load(open(sys.argv[1]))
c = sorted(s["connections"], key=lambda c: -c["bytes_in"])
good = c[1]["source"]
q = [x for x in s["queues"] if x["name"].endswith(" " + good)][0]
want = int(sys.argv[2].split()[0]) + int(sys.argv[2].split()[2])
assert q["events"] >= want, (q, want)
PY

# 3. a flood against a slow engine: bounded, counted, the other router served.
# The other router connects only once the flood is under way (a loaded
# machine may take seconds to start the flood), and the connections are told
# apart by their source, not by how much each had sent.
printf '[limits]\nqueue_events = 5000\nbuffer_bytes = 262144\n' > "$tmp/limits.toml"
start_watch --geo none --as-names none --config "$tmp/limits.toml" --test-engine-delay-us 20000
$SEND "$bmp" "$M320_RAW" --hold 0 > /dev/null 2>&1 &
flood=$!
wait_for 'any(c["open"] and c["read_pauses"] >= 1 for c in s["connections"])' || fail "flood: never paused reading"
flood_src=$(python3 -c "import json; s=json.load(open('$tmp/st.json')); print([c['source'] for c in s['connections'] if c['open']][0])")
$SEND "$bmp" "$SMALL" --hold 2 > /dev/null
want=$(echo "$small" | awk '{print $1 + $3}')
wait_for "[q for q in s['queues'] if not q['name'].endswith(' $flood_src') and q['events'] >= $want]" || fail "flood: the other router was starved"
python3 - "$tmp/st.json" "$flood_src" <<'PY' || fail "flood"
import json, sys
s, src = json.load(open(sys.argv[1])), sys.argv[2]
flood = [c for c in s["connections"] if c["source"] == src][0]
assert flood["open"], ("the flood ended early", flood)
assert flood["peak_buffered"] <= 262144 + 65536, flood
assert flood["read_pauses"] >= 1, flood
fq = [q for q in s["queues"] if q["name"].endswith(" " + src)][0]
oq = [q for q in s["queues"] if not q["name"].endswith(" " + src)][0]
assert fq["peak_depth"] <= 5000 + 20000, fq
assert fq["waits"] >= 1, fq
print("flood: peak buffered", flood["peak_buffered"], "read pauses", flood["read_pauses"],
      "queue peak", fq["peak_depth"], "waits", fq["waits"], "; other router's events", oq["events"])
PY
stop_watch
kill $flood 2>/dev/null || true
grep -q "dropped [0-9]* events, [0-9]* bytes" "$tmp/err" || fail "flood: drops not reported"
echo "watch --bmp: loopback equals dump, faults isolated, floods bounded: ok"
