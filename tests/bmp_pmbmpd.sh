#!/usr/bin/env bash
# darkwatch's BMP decoding against pmacct's pmbmpd (the reference decoder) on
# real streams that have no decoded JSON beside them: the Juniper M320 full
# table, the lab's FRR and gobgp streams, and pmacct test 403 (Cisco Loc-RIB
# VRFs with a PeerDown). Per peer and view, the unicast prefixes announced and
# withdrawn must be equal (tests/bmp_vs_pmbmpd.py), except where pmbmpd is
# known to drop routes: gobgp's Loc-RIB (no PeerUp: pmbmpd logs none of it)
# and the withdrawals of test 403 (pmbmpd logs none). pmbmpd comes from the
# Debian package pmacct (scripts/setup.sh).
# Usage: tests/bmp_pmbmpd.sh DARKWATCH SHARED_DIR
set -uo pipefail
DW=$1; SH=$2
HERE=$(cd "$(dirname "$0")" && pwd)
command -v pmbmpd >/dev/null || { echo "SKIP: pmbmpd not installed (Debian package pmacct)"; exit 77; }
[ -d "$SH/data/bmp" ] || { echo "SKIP: no $SH/data/bmp"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
one() {  # STREAM [compare options]
  local f=$1; shift
  "$DW" dump --json "$f" > "$tmp/ours" 2>/dev/null
  "$SH/tools/pmbmpd-decode.sh" "$f" 11797 > "$tmp/theirs" 2>/dev/null
  if out=$(python3 "$HERE/bmp_vs_pmbmpd.py" "$@" "$tmp/ours" "$tmp/theirs"); then
    echo "ok: $(basename "$f"): $(echo "$out" | tail -1)"
  else
    echo "FAIL: $(basename "$f")"; echo "$out" | head -10; fail=1
  fi
}
one "$SH/data/bmp/juniper-m320/m320.bmp.xz"
one "$SH/data/lab/frr/frr.1.bmp.xz"
one "$SH/data/lab/gobgp/gobgp.1.bmp.xz" --ours-only loc-rib
one "$SH/data/bmp/pmacct-tests/tests_403-IPFIXv10-BMP-IPv6-CISCO-locrib-peerdown-vrf_traffic-00.stream0.bmp" --announced-only
exit $fail
