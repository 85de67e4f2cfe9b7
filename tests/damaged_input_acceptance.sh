#!/usr/bin/env bash
# Damaged input: nothing lost that the bytes still hold (issue 9, items 10-12
# and 14). Damages real files of the bundled sample with tests/damage_mrt.py
# (fixed seeds) and checks dump and replay keep every good record and say
# what they lost. Usage: tests/damaged_input_acceptance.sh DARKWATCH SCENARIO_DIR
set -euo pipefail
DW=$1; S=$2
HERE=$(cd "$(dirname "$0")" && pwd)
DMG="python3 $HERE/damage_mrt.py"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }

rib=$(ls "$S"/route-views2/RIBS/rib.* | head -1)
bzcat "$rib" > "$tmp/rib.mrt"
"$DW" dump -m "$tmp/rib.mrt" > "$tmp/clean.txt" 2>/dev/null
clean=$(wc -l < "$tmp/clean.txt")
peers=$("$DW" dump -m "$tmp/rib.mrt" 2>/dev/null | cut -d'|' -f4 | sort -u | wc -l)

# 20 flipped bytes: the valid tail decodes, and what is lost is bounded by
# the records reported damaged (each holds at most one entry per peer)
for seed in 1 2 3 4 5; do
  $DMG "$tmp/rib.mrt" "$tmp/flip.mrt" flip $seed
  "$DW" dump -m "$tmp/flip.mrt" > "$tmp/flip.txt" 2> "$tmp/flip.err" || true
  got=$(wc -l < "$tmp/flip.txt")
  told=$(grep -c 'flip.mrt: byte' "$tmp/flip.err" || true)
  check "seed $seed: the last 100 elements survive" "diff <(tail -100 '$tmp/clean.txt') <(tail -100 '$tmp/flip.txt') >/dev/null"
  check "seed $seed: $((clean - got)) of $clean elements lost, $told records reported (at most $peers each)" \
    "[ $((clean - got)) -le $((told * peers)) ]"
done

# one RIB entry with a peer index out of range: that entry only, in dump and replay
$DMG "$tmp/rib.mrt" "$tmp/peer.mrt" peer 3
"$DW" dump -m "$tmp/peer.mrt" > "$tmp/peer.txt" 2> "$tmp/peer.err" || true
got=$(wc -l < "$tmp/peer.txt")
check "bad peer index: dump loses the 3 entries only ($got of $clean)" "[ $got -eq $((clean - 3)) ]"
check "bad peer index: reported with file and offset" "grep -q 'peer.mrt: byte [0-9]*: type 13/2: 1 of .* RIB entries passed over' '$tmp/peer.err'"
mkdir -p "$tmp/arch/route-views2/RIBS"
bzip2 -c "$tmp/peer.mrt" > "$tmp/arch/route-views2/RIBS/$(basename "$rib")"
"$DW" replay "$tmp/arch" --events /dev/null 2> "$tmp/replay.err" || true
prefixes=$(cut -d'|' -f6 "$tmp/clean.txt" | sort -u | wc -l)
check "bad peer index: replay loads all $prefixes prefixes" "grep -q ' $prefixes prefixes' '$tmp/replay.err'"
check "bad peer index: the replay summary tells the entries passed over" "grep -q 'route-views2: .*3 RIB entries passed over' '$tmp/replay.err'"

# a header of length 1 and no body: the stream goes on one byte later
upd=$(ls "$S"/route-views2/UPDATES/updates.* | sed -n 60p)
bzcat "$upd" > "$tmp/upd.mrt"
uclean=$("$DW" dump -m "$tmp/upd.mrt" 2>/dev/null | wc -l)
$DMG "$tmp/upd.mrt" "$tmp/shift.mrt" shift
$DMG "$tmp/rib.mrt" "$tmp/ribshift.mrt" shift
check "one misplaced byte (updates): all $uclean elements" "[ \$('$DW' dump -m '$tmp/shift.mrt' 2>/dev/null | wc -l) -eq $uclean ]"
check "one misplaced byte (RIB): all $clean elements" "[ \$('$DW' dump -m '$tmp/ribshift.mrt' 2>/dev/null | wc -l) -eq $clean ]"

# a truncated update file during the outage is a data gap from its last good record
cp -rL "$S" "$tmp/gap"; chmod -R u+w "$tmp/gap"
victim="$tmp/gap/route-views2/UPDATES/updates.20141222.1700.bz2"
bzcat "$victim" > "$tmp/victim.mrt"
$DMG "$tmp/victim.mrt" "$tmp/victim.cut" cut 0.5
last_good=$( ("$DW" dump -m "$tmp/victim.cut" 2>/dev/null || true) | tail -1 | cut -d'|' -f2)
rm -f "$victim"; bzip2 -c "$tmp/victim.cut" > "$victim"
"$DW" replay "$tmp/gap" --events "$tmp/gap.jsonl" 2> "$tmp/gap.err" || true
start=$(date -u -d "@$last_good" +%Y-%m-%dT%H:%M:%SZ)
check "truncated file: a collector_gap from its last good record ($start) to the next file" \
  "grep -q '\"kind\":\"collector_gap\",\"collector\":\"route-views2\",\"start\":\"$start\",\"end\":\"2014-12-22T17:15:00Z\"' '$tmp/gap.jsonl'"
check "truncated file: the summary says so" "grep -q 'route-views2: .*1 file not read to the end (a data gap)' '$tmp/gap.err'"

# files of zeros and of no bytes are said
head -c 1200000 /dev/zero > "$tmp/zeros.mrt"
: > "$tmp/empty.mrt"
"$DW" dump -m "$tmp/zeros.mrt" "$tmp/empty.mrt" > /dev/null 2> "$tmp/zeros.err" || true
check "zeros: 100000 type-0 records said" "grep -q 'skipped (types not decoded): 100000 of type 0/0' '$tmp/zeros.err'"
check "empty file: said" "grep -q 'empty.mrt: byte 0: no records in 0 bytes' '$tmp/zeros.err'"
exit $fail
