#!/usr/bin/env python3
"""Turns a RouteViews-layout MRT archive (one collector folder: RIBS/ and
UPDATES/) into the raw BMP stream (RFC 7854) a router that had those peers
would send: the first RIB dump as Route Monitoring messages (one UPDATE per
route, built from the dump's attributes; IPv6 routes with the abbreviated
MP_REACH_NLRI of RFC 6396 4.3.4 written out whole), then every BGP4MP UPDATE
in file order, each in its peer's per-peer header with the record's time.
BGP4MP_MESSAGE (2-byte AS paths) sets the A flag; the AS4 forms do not.
Sessions: each peer of the dump gets a PeerUp at the dump's time (OPENs
made up: MRT does not keep them; 4-byte AS and IPv4/IPv6 unicast
capabilities), and every BGP4MP STATE_CHANGE is a PeerDown (reason 4) when it
leaves Established and a PeerUp when it reaches it. Not carried: later RIB
dumps (a router has no dumps: its updates are the stream).
--until T: updates before T only; --from T: no RIB dump, updates from T on
(the two halves of one feed, for a restart test).
Usage: mrt_to_bmp.py COLLECTOR_DIR OUT.bmp [--from ISO8601] [--until ISO8601]"""
import bz2, datetime, glob, gzip, os, struct, sys

def open_any(p):
    return bz2.open(p) if p.endswith(".bz2") else gzip.open(p) if p.endswith(".gz") else open(p, "rb")

def bgp4mp_peer(b, four_byte):
    """A BGP4MP record's peer AS, address and BGP id (its IPv4 address, else 0), and where the rest starts."""
    if four_byte:
        asn, _, _, afi = struct.unpack_from(">IIHH", b, 0); off = 12
    else:
        asn, _, _, afi = struct.unpack_from(">HHHH", b, 0); off = 8
    iplen = 16 if afi == 2 else 4
    ip = b[off: off + iplen]
    return asn, ip, ip if iplen == 4 else b"\0\0\0\0", off + 2 * iplen


def records(path):
    with open_any(path) as f:
        data = f.read()
    off = 0
    while off + 12 <= len(data):
        ts, typ, sub, ln = struct.unpack_from(">IHHI", data, off)
        body = data[off + 12: off + 12 + ln]
        off += 12 + ln
        usec = 0
        if typ == 17:  # BGP4MP_ET
            usec = struct.unpack_from(">I", body, 0)[0]
            body = body[4:]
        yield ts, usec, typ, sub, body

def per_peer(ip, asn, bgp_id, ts, usec, two_byte):
    v6 = len(ip) == 16
    flags = (0x80 if v6 else 0) | (0x20 if two_byte else 0)
    addr = ip if v6 else b"\0" * 12 + ip
    return struct.pack(">BB8s16sI4sII", 0, flags, b"\0" * 8, addr, asn, bgp_id, ts, usec)

def route_monitoring(pph, bgp_msg):
    body = pph + bgp_msg
    return struct.pack(">BIB", 3, 6 + len(body), 0) + body

LOCAL_AS, LOCAL_ID = 64512, bytes([192, 0, 2, 254])

def bgp_open(asn, bgp_id):
    caps = (struct.pack(">BBI", 65, 4, asn) + struct.pack(">BBHBB", 1, 4, 1, 0, 1) + struct.pack(">BBHBB", 1, 4, 2, 0, 1))
    params = struct.pack(">BB", 2, len(caps)) + caps
    body = struct.pack(">BHH4sB", 4, asn if asn < 65536 else 23456, 90, bgp_id, len(params)) + params
    return b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 1) + body

def peer_up(ip, asn, bgp_id, ts, usec):
    v6 = len(ip) == 16
    local = LOCAL_ID if not v6 else b"\0" * 16
    body = per_peer(ip, asn, bgp_id, ts, usec, False) + (local if v6 else b"\0" * 12 + local) + struct.pack(">HH", 179, 40000)
    body += bgp_open(LOCAL_AS, LOCAL_ID) + bgp_open(asn, bgp_id)
    return struct.pack(">BIB", 3, 6 + len(body), 3) + body

def peer_down(ip, asn, bgp_id, ts, usec):
    body = per_peer(ip, asn, bgp_id, ts, usec, False) + bytes([4])
    return struct.pack(">BIB", 3, 6 + len(body), 2) + body

def bgp_update(attrs, nlri):
    body = struct.pack(">H", 0) + struct.pack(">H", len(attrs)) + attrs + nlri
    return b"\xff" * 16 + struct.pack(">HB", 19 + len(body), 2) + body

def attr(flags, typ, val):
    if len(val) > 255:
        return struct.pack(">BBH", flags | 0x10, typ, len(val)) + val
    return struct.pack(">BBB", flags & ~0x10, typ, len(val)) + val

def split_attrs(a):
    off = 0
    while off < len(a):
        fl, ty = a[off], a[off + 1]
        if fl & 0x10:
            ln = struct.unpack_from(">H", a, off + 2)[0]; hl = 4
        else:
            ln = a[off + 2]; hl = 3
        yield fl, ty, a[off + hl: off + hl + ln]
        off += hl + ln

def prefix_bytes(plen, raw):
    return bytes([plen]) + raw[: (plen + 7) // 8]

def main():
    src, out = sys.argv[1], sys.argv[2]
    def when(flag):
        if flag not in sys.argv:
            return None
        t = sys.argv[sys.argv.index(flag) + 1].replace("Z", "+00:00")
        return int(datetime.datetime.fromisoformat(t).timestamp())
    until, start = when("--until"), when("--from")
    ribs = sorted(glob.glob(os.path.join(src, "RIBS", "*")))
    ups = sorted(glob.glob(os.path.join(src, "UPDATES", "*")))
    if not ribs:
        sys.exit("no RIB dump in " + src)
    o = open(out, "wb")
    n_rib = n_up = n_state = 0
    peers = []
    rib_ts = None
    for ts, usec, typ, sub, b in records(ribs[0]):
        if typ != 13:
            continue
        if sub == 1:  # PEER_INDEX_TABLE
            vlen = struct.unpack_from(">H", b, 4)[0]
            off = 6 + vlen
            cnt = struct.unpack_from(">H", b, off)[0]; off += 2
            for _ in range(cnt):
                pt = b[off]; bid = b[off + 1: off + 5]; off += 5
                iplen = 16 if pt & 1 else 4
                ip = b[off: off + iplen]; off += iplen
                if pt & 2:
                    asn = struct.unpack_from(">I", b, off)[0]; off += 4
                else:
                    asn = struct.unpack_from(">H", b, off)[0]; off += 2
                peers.append((ip, asn, bid))
            continue
        if sub not in (2, 4) or start is not None:  # RIB_IPV4_UNICAST, RIB_IPV6_UNICAST
            continue
        if rib_ts is None:
            for ip, asn, bid in peers:
                o.write(peer_up(ip, asn, bid, ts, 0))
        rib_ts = ts
        plen = b[4]
        nb = (plen + 7) // 8
        pfx = b[5: 5 + nb]
        off = 5 + nb
        cnt = struct.unpack_from(">H", b, off)[0]; off += 2
        for _ in range(cnt):
            idx, orig, alen = struct.unpack_from(">HIH", b, off); off += 8
            a = b[off: off + alen]; off += alen
            ip, asn, bid = peers[idx]
            if sub == 2:
                msg = bgp_update(a, prefix_bytes(plen, pfx))
            else:  # the abbreviated MP_REACH_NLRI written out whole, the prefix inside it
                parts = b""
                for fl, ty, val in split_attrs(a):
                    if ty == 14:
                        nhl = val[0]
                        val = struct.pack(">HBB", 2, 1, nhl) + val[1: 1 + nhl] + b"\0" + prefix_bytes(plen, pfx)
                    parts += attr(fl, ty, val)
                msg = bgp_update(parts, b"")
            o.write(route_monitoring(per_peer(ip, asn, bid, ts, 0, False), msg))
            n_rib += 1
    for p in ups:
        for ts, usec, typ, sub, b in records(p):
            if until is not None and ts >= until:
                break
            if start is not None and ts < start:
                continue
            if typ in (16, 17) and sub in (0, 5):  # STATE_CHANGE, STATE_CHANGE_AS4
                asn, ip, bid, off = bgp4mp_peer(b, four_byte=sub == 5)
                old_st, new_st = struct.unpack_from(">HH", b, off)
                if new_st == 6:
                    o.write(peer_up(ip, asn, bid, ts, usec))
                elif old_st == 6:
                    o.write(peer_down(ip, asn, bid, ts, usec))
                n_state += 1
                continue
            if typ not in (16, 17) or sub not in (1, 4):  # MESSAGE, MESSAGE_AS4
                continue
            asn, ip, bid, off = bgp4mp_peer(b, four_byte=sub == 4)
            msg = b[off:]
            if len(msg) < 19 or msg[18] != 2:  # UPDATE only
                continue
            o.write(route_monitoring(per_peer(ip, asn, bid, ts, usec, sub == 1), msg))
            n_up += 1
    o.close()
    print(f"{n_rib} RIB routes (dump of {rib_ts}), {n_up} updates, {n_state} state changes", file=sys.stderr)

main()
