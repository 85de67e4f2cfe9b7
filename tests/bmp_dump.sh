#!/usr/bin/env bash
# darkwatch dump on raw BMP streams (issue 10 §2): recognised by content, not
# by name (a BMP stream named .mrt, and xz-compressed), in -m and --json forms;
# the routes printed equal pmacct's per peer; a stream cut inside a message
# says which message, where and how much is missing, and exits 1; MRT files
# before and after a BMP stream are still dumped in order.
# Usage: tests/bmp_dump.sh DARKWATCH TEST_DATA [SHARED_BMP_DIR]
set -euo pipefail
DW=$1; D=$2; SH=${3:-}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

s=$D/bmp/pmacct_205-BMP-6wind-FRR-peer_down.bmp
cp "$s" "$tmp/stream.mrt"
xz -c "$s" > "$tmp/stream.xz"
"$DW" dump -m "$s" > "$tmp/plain.txt" 2> "$tmp/plain.err"
"$DW" dump -m "$tmp/stream.mrt" > "$tmp/named.txt" 2>/dev/null
"$DW" dump -m "$tmp/stream.xz" > "$tmp/xz.txt" 2>/dev/null
"$DW" dump --json "$s" > "$tmp/json.txt" 2>/dev/null
check "a BMP stream dumps (-m)" "[ \$(grep -c '^BMP' '$tmp/plain.txt') -gt 100 ]"
check "recognised by content, not name" "cmp -s '$tmp/plain.txt' '$tmp/named.txt'"
check "recognised inside xz" "cmp -s '$tmp/plain.txt' '$tmp/xz.txt'"
check "--json: one object a line, as many as -m lines" \
  "[ \$(python3 -c 'import json,sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)))' '$tmp/json.txt') -eq \$(wc -l < '$tmp/plain.txt') ]"
check "the summary names the stream and its messages" "grep -q 'BMP stream.*messages (.*route monitoring' '$tmp/plain.err'"

# the unicast routes of the -m lines (pre-policy: label BMP; Loc-RIB: BMP_LOC_RIB)
# equal pmacct's, per peer (pmacct's JSON reduced beside the stream)
python3 - "$tmp/plain.txt" "${s%.bmp}.pmacct.json" <<'PY' && echo "ok: -m routes equal pmacct's" || { echo "FAIL: -m routes differ from pmacct's"; fail=1; }
import json, sys
ours, theirs = set(), set()
view = {"BMP": "pre", "BMP_POST_POLICY": "post", "BMP_LOC_RIB": "loc"}
for l in open(sys.argv[1]):
    f = l.rstrip("\n").split("|")
    lab = f[0][:-3] if f[0].endswith("_AP") else f[0]
    if lab not in view or f[2] not in "AW": continue
    ours.add((view[lab], "-" if view[lab] == "loc" else f[3], f[2], f[5]))
for l in open(sys.argv[2]):
    j = json.loads(l)
    if j.get("safi") != 1: continue
    v = "loc" if j.get("is_loc") == 1 else "post" if j.get("is_post") == 1 else "pre"
    theirs.add((v, "-" if v == "loc" else j["peer_ip"], "A" if j["log_type"] == "update" else "W", j["ip_prefix"]))
if ours != theirs:
    print("only ours:", sorted(ours - theirs)[:5], "only pmacct:", sorted(theirs - ours)[:5])
    sys.exit(1)
PY

# MRT, BMP, MRT: all three, in order
m=$(ls "$D"/mrt/mrtparse__* | head -1)
"$DW" dump -m "$m" > "$tmp/m.txt" 2>/dev/null || true
"$DW" dump -m "$m" "$s" "$m" > "$tmp/mix.txt" 2>/dev/null || true
check "MRT and BMP files mixed, in order" \
  "cmp -s <(cat '$tmp/m.txt' '$tmp/plain.txt' '$tmp/m.txt') '$tmp/mix.txt'"

# a stream cut inside a message
head -c -29 "$s" > "$tmp/cut.bmp"
rc=0; "$DW" dump -m "$tmp/cut.bmp" > "$tmp/cut.txt" 2> "$tmp/cut.err" || rc=$?
check "a cut stream exits 1" "[ $rc -eq 1 ]"
check "a cut stream says which message and how much is missing" \
  "grep -q 'stream ends inside a BMP .* message (29 bytes missing)' '$tmp/cut.err'"
check "what came before the cut is printed" "[ \$(wc -l < '$tmp/cut.txt') -ge \$(( \$(wc -l < '$tmp/plain.txt') - 20 )) ]"

if [ -n "$SH" ] && [ -d "$SH" ]; then
  t=$SH/pmacct-test-automation/tests_202-BMP-CISCO-HUAWEI-multiple-sources_traffic-02.stream0.bmp
  rc=0; "$DW" dump -m "$t" > /dev/null 2> "$tmp/202.err" || rc=$?
  check "the real stream that ends mid-message: Route Monitoring at byte 12503, 29 bytes missing" \
    "[ $rc -eq 1 ] && grep -q 'Route Monitoring message (29 bytes missing): truncated at byte 12503 (need 185, have 156)' '$tmp/202.err'"
  "$DW" dump -m "$SH/juniper-m320/m320.short.bmp.xz" > /dev/null 2> "$tmp/short.err"
  check "the M320 Initiation alone: its sysName" "grep -q 'from m320-re0' '$tmp/short.err'"
fi
exit $fail
