#!/usr/bin/env python3
"""A router's table sent again after a collector restart, from a BMP stream
written by mrt_to_bmp.py: its opening part (the PeerUps and the routes of
the RIB dump, all at the dump's time) with every time moved to AT, leaving
out the routes to prefixes inside --without (they were withdrawn while the
collector was down); then one copy of the last route at each --tick time,
so that the receiver's clock moves on. Prints how many routes were left
out and how many were sent (one prefix a message, as mrt_to_bmp writes a dump).
Usage: bmp_resend.py IN.bmp OUT.bmp --at ISO8601 --without PREFIX [--tick ISO8601 ...]"""
import argparse, datetime, ipaddress, struct

ap = argparse.ArgumentParser()
ap.add_argument("src"); ap.add_argument("out")
ap.add_argument("--at", required=True)
ap.add_argument("--without", required=True)
ap.add_argument("--tick", action="append", default=[])
a = ap.parse_args()
unix = lambda s: int(datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())
at, ticks, gone = unix(a.at), [unix(t) for t in a.tick], ipaddress.ip_network(a.without)

def messages(d):
    o = 0
    while o + 6 <= len(d):
        _, length, typ = struct.unpack_from(">BIB", d, o)
        yield typ, bytearray(d[o:o + length])
        o += length

def timed(m, ts):  # the per-peer header's seconds (common header 6, then type, flags, RD 8, address 16, AS 4, id 4)
    struct.pack_into(">II", m, 6 + 34, ts, 0)
    return bytes(m)

def v4_nlri(m):  # the IPv4 prefixes of a Route Monitoring's UPDATE
    u = m[6 + 42:]
    wl = struct.unpack_from(">H", u, 19)[0]
    al = struct.unpack_from(">H", u, 21 + wl)[0]
    n, o, out = u[23 + wl + al:], 0, []
    while o < len(n):
        l = n[o]; nb = (l + 7) // 8
        out.append(ipaddress.ip_network((ipaddress.ip_address((bytes(n[o + 1:o + 1 + nb]) + bytes(4))[:4]), l)))
        o += 1 + nb
    return out

d = open(a.src, "rb").read()
first, out, left, kept, last = None, [], 0, 0, None
for typ, m in messages(d):
    ts = struct.unpack_from(">I", m, 6 + 34)[0] if typ in (0, 3) else None
    if ts is None:
        continue
    first = ts if first is None else first
    if ts != first:
        break  # the dump is over: the updates that follow are not sent again
    if typ == 0:
        if any(p.subnet_of(gone) for p in v4_nlri(m) if p.version == gone.version):
            left += 1
            continue
        last = m
        kept += 1
    out.append(timed(m, at))
for t in ticks:
    out.append(timed(bytearray(last), t))
open(a.out, "wb").write(b"".join(out))
print(left, kept)
