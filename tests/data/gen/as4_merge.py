#!/usr/bin/env python3
"""Writes DIR/darkwatch__as4_merge.mrt: BGP4MP MESSAGE records (2-byte
AS session, subtype 1) whose UPDATEs carry AS4_PATH / AS4_AGGREGATOR in every
combination RFC 6793 4.2.3 distinguishes. Uses ../shared/tools/mrtwrite.py.

Usage: tests/data/gen/as4_merge.py DIR
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../../shared/tools"))
sys.path.insert(0, "/work/shared/tools")
import mrtwrite as mw  # noqa: E402

AS_TRANS = 23456
SET, SEQ, CONFED_SEQ, CONFED_SET = 1, 2, 3, 4


def path(segs, width):
    fmt = "!H" if width == 2 else "!I"
    return b"".join(struct.pack("!BB", t, len(a)) + b"".join(struct.pack(fmt, x) for x in a) for t, a in segs)


def attrs(as_path, as4_path=None, aggregator=None, as4_aggregator=None, origin=0):
    out = mw._attr(0x40, 1, bytes([origin]))
    out += mw._attr(0x40, 2, path(as_path, 2))
    out += mw._attr(0x40, 3, bytes([192, 0, 2, 1]))
    if aggregator:
        out += mw._attr(0xC0, 7, struct.pack("!H", aggregator[0]) + bytes(aggregator[1]))
    if as4_path:
        out += mw._attr(0xC0, 17, path(as4_path, 4))
    if as4_aggregator:
        out += mw._attr(0xC0, 18, struct.pack("!I", as4_aggregator[0]) + bytes(as4_aggregator[1]))
    return out


def message(ts, upd):
    # BGP4MP MESSAGE (2-byte AS numbers): peer AS, local AS, ifindex, AFI, peer, local
    body = struct.pack("!HHHH", 65010, 65000, 0, 1) + bytes([10, 0, 0, 1]) + bytes([10, 0, 0, 2]) + upd
    return mw.record(ts, mw.BGP4MP, 1, body)


CASES = [
    # no aggregator: the path is merged
    dict(as_path=[(SEQ, [100, AS_TRANS, 300])], as4_path=[(SEQ, [200000, 300])]),
    # AGGREGATOR (not AS_TRANS) without AS4_AGGREGATOR: still merged (the rule needs both)
    dict(as_path=[(SEQ, [100, AS_TRANS, 300])], as4_path=[(SEQ, [200000, 300])], aggregator=(300, [198, 51, 100, 1])),
    # both, AGGREGATOR not AS_TRANS: AS4_PATH and AS4_AGGREGATOR ignored
    dict(as_path=[(SEQ, [100, AS_TRANS, 300])], as4_path=[(SEQ, [200000, 300])], aggregator=(300, [198, 51, 100, 1]),
         as4_aggregator=(300000, [198, 51, 100, 2])),
    # both, AGGREGATOR AS_TRANS: aggregator from AS4_AGGREGATOR, path merged
    dict(as_path=[(SEQ, [100, AS_TRANS, AS_TRANS])], as4_path=[(SEQ, [200000, 300000])],
         aggregator=(AS_TRANS, [198, 51, 100, 1]), as4_aggregator=(300000, [198, 51, 100, 2])),
    # AS_TRANS AGGREGATOR alone: kept as it is, path merged
    dict(as_path=[(SEQ, [100, AS_TRANS])], as4_path=[(SEQ, [200000])], aggregator=(AS_TRANS, [198, 51, 100, 1])),
    # AS4_AGGREGATOR alone: nothing to replace
    dict(as_path=[(SEQ, [100, AS_TRANS])], as4_path=[(SEQ, [200000])], as4_aggregator=(300000, [198, 51, 100, 2])),
    # AS4_PATH longer than AS_PATH: ignored
    dict(as_path=[(SEQ, [100, AS_TRANS])], as4_path=[(SEQ, [400000, 200000, 300])]),
    # equal length: AS4_PATH replaces AS_PATH whole
    dict(as_path=[(SEQ, [AS_TRANS, 300])], as4_path=[(SEQ, [200000, 300])]),
    # a set counts 1 in AS_PATH
    dict(as_path=[(SEQ, [100]), (SET, [AS_TRANS, 200]), (SEQ, [300])], as4_path=[(SET, [200000, 200]), (SEQ, [300])]),
    # a set in the kept leading part (and a sequence after it cut)
    dict(as_path=[(SET, [10, 11]), (SEQ, [100, AS_TRANS, 300])], as4_path=[(SEQ, [200000, 300])]),
    # confederation segments count 0 and the leading one is kept
    dict(as_path=[(CONFED_SEQ, [65001, 65002]), (SEQ, [100, AS_TRANS, 300])], as4_path=[(SEQ, [200000, 300])]),
    # a confederation set next to the kept part is kept
    dict(as_path=[(SEQ, [100]), (CONFED_SET, [65001, 65002]), (SEQ, [AS_TRANS, 300])], as4_path=[(SEQ, [200000, 300])]),
    # confederation segments in AS4_PATH are discarded
    dict(as_path=[(SEQ, [100, AS_TRANS, 300])], as4_path=[(CONFED_SEQ, [65001]), (SEQ, [200000, 300])]),
]


def main():
    out = bytearray()
    ts = 1700000000
    for i, c in enumerate(CASES):
        upd = mw.bgp_update(attrs=attrs(**c), nlri=["203.0.113.%d/32" % i])
        out += message(ts + i, upd)
    with open(os.path.join(sys.argv[1], "darkwatch__as4_merge.mrt"), "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
