#!/usr/bin/env python3
"""Writes two files into DIR: darkwatch__rfc7606.mrt, BGP4MP MESSAGE_AS4 records
whose UPDATEs are damaged in the ways RFC 7606 sorts (a repeated unknown
attribute, 3(g): the first kept; a repeated MP_REACH / MP_UNREACH: session
reset; a malformed ORIGIN: treat-as-withdraw), and darkwatch__rfc7606_repeats.mrt
(a repeated ORIGIN, a repeated AS_PATH: bgpdump 1.6.2 aborts on either, so they
have their own file). Uses ../shared/tools/mrtwrite.py.

Usage: tests/data/gen/rfc7606.py DIR
"""
import ipaddress
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../../shared/tools"))
sys.path.insert(0, "/work/shared/tools")
import mrtwrite as mw  # noqa: E402


def origin(v):
    return mw._attr(0x40, 1, bytes([v]))


def as_path(asns):
    return mw._attr(0x40, 2, struct.pack("!BB", 2, len(asns)) + b"".join(struct.pack("!I", a) for a in asns))


NH = mw._attr(0x40, 3, bytes([192, 0, 2, 1]))
UNKNOWN = mw._attr(0xC0, 99, b"\x01\x02")


def mp_reach(nets):
    nlri = b"".join(mw._prefix_bytes(ipaddress.ip_network(n)) for n in nets)
    nh = ipaddress.ip_address("2001:db8::1").packed
    return mw._attr(0x80, 14, struct.pack("!HBB", 2, 1, 16) + nh + b"\x00" + nlri)


REPEATS = [
    # repeated ORIGIN: the first (IGP) stands
    dict(attrs=origin(0) + as_path([65010, 100]) + NH + origin(2), nlri=["198.51.100.0/24"]),
    # repeated AS_PATH: the first stands
    dict(attrs=origin(0) + as_path([65010, 100]) + NH + as_path([65010, 999]), nlri=["198.51.100.1/32"]),
]

CASES = [
    # a repeated unknown attribute
    dict(attrs=origin(0) + as_path([65010, 100]) + NH + UNKNOWN + UNKNOWN, nlri=["198.51.100.2/32"]),
    # two MP_REACH: malformed attribute list, session reset; its routes withdrawn
    dict(attrs=origin(0) + as_path([65010, 100]) + mp_reach(["2001:db8:1::/48"]) + mp_reach(["2001:db8:2::/48"])),
    # two MP_UNREACH: the withdrawals are still withdrawals
    dict(attrs=mw.mp_unreach_attr(["2001:db8:3::/48"]) + mw.mp_unreach_attr(["2001:db8:4::/48"])),
    # malformed ORIGIN (length 2): treat-as-withdraw, with a real withdrawal beside it
    dict(withdrawn=["198.51.100.9/32"], attrs=mw._attr(0x40, 1, b"\x00\x00") + as_path([65010, 100]) + NH,
         nlri=["198.51.100.3/32", "198.51.100.4/32"]),
    # an ordinary announcement after them, untouched
    dict(attrs=origin(0) + as_path([65010, 100]) + NH, nlri=["198.51.100.5/32"]),
]


def write(path, cases):
    out = bytearray()
    head = mw._bgp4mp_head(65010, 65000, "10.0.0.1", "10.0.0.2")
    for i, c in enumerate(cases):
        upd = mw.bgp_update(withdrawn=c.get("withdrawn", ()), attrs=c["attrs"], nlri=c.get("nlri", ()))
        out += mw.record(1700000000 + i, mw.BGP4MP, mw.BGP4MP_MESSAGE_AS4, head + upd)
    with open(path, "wb") as f:
        f.write(out)


def main():
    write(os.path.join(sys.argv[1], "darkwatch__rfc7606.mrt"), CASES)
    write(os.path.join(sys.argv[1], "darkwatch__rfc7606_repeats.mrt"), REPEATS)


if __name__ == "__main__":
    main()
