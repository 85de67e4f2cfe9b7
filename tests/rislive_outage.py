#!/usr/bin/env python3
"""Writes a RIS Live recording (one JSON message a line, as tests/data/rislive
has them) in which an origin AS goes dark: three peers of rrc00 announce 11
origin ASes' prefixes; an hour later every peer withdraws all 20 prefixes of
AS64501; half an hour after that they come back. Between, each peer
re-announces a prefix of another AS every 30 s, so the data's clock (and the
bins) move on. For tests/watch_stream.sh: watch --bin 60 --min-duration 120
raises the outage of asn:64501 at about T0+3600 and closes it at T0+5400.
Usage: rislive_outage.py OUT [T0]"""
import json
import sys

out = sys.argv[1]
T0 = int(sys.argv[2]) if len(sys.argv) > 2 else 1700000000
PEERS = [("192.0.2.1", 64496), ("192.0.2.2", 64497), ("192.0.2.3", 64498)]
DARK = 64501
ORIGINS = {DARK: [f"45.1.{j}.0/24" for j in range(20)]}
for i in range(10):
    ORIGINS[64510 + i] = [f"45.{2 + i}.{j}.0/24" for j in range(10)]
seq = 0


def msg(ts, peer, asn, announce=None, withdraw=None, origin=None):
    global seq
    seq += 1
    d = {"timestamp": ts, "peer": peer, "peer_asn": str(asn), "id": f"{peer}-{ts}-{seq}", "host": "rrc00",
         "type": "UPDATE"}
    if announce:
        d.update(path=[asn, 3356, origin], origin="igp", announcements=[{"next_hop": peer, "prefixes": announce}])
    if withdraw:
        d["withdrawals"] = withdraw
    return json.dumps({"type": "ris_message", "data": d})


lines = []
# The sessions go down and come up again, so that the peers vote after their
# 10-minute warm-up: a peer first heard in updates is taken as up since
# before the data and votes only once a RIB dump or a session change recounts
# the voters (rib::RibState), and RIS Live sends no RIB dump.
for peer, asn in PEERS:
    for t, state in ((T0 - 2, "down"), (T0 - 1, "connected")):
        lines.append((t, json.dumps({"type": "ris_message", "data": {
            "timestamp": t, "peer": peer, "peer_asn": str(asn), "id": f"{peer}-{state}", "host": "rrc00",
            "type": "RIS_PEER_STATE", "state": state}})))
for peer, asn in PEERS:
    for origin, prefixes in ORIGINS.items():
        lines.append((T0, msg(T0, peer, asn, announce=prefixes, origin=origin)))
others = [o for o in ORIGINS if o != DARK]
for k, t in enumerate(range(T0 + 30, T0 + 7200, 30)):
    for n, (peer, asn) in enumerate(PEERS):
        o = others[(k + n) % len(others)]
        lines.append((t, msg(t, peer, asn, announce=ORIGINS[o][:1], origin=o)))
for peer, asn in PEERS:
    lines.append((T0 + 3600, msg(T0 + 3600, peer, asn, withdraw=ORIGINS[DARK])))
    lines.append((T0 + 5400, msg(T0 + 5400, peer, asn, announce=ORIGINS[DARK], origin=DARK)))
lines.sort(key=lambda x: x[0])
with open(out, "w") as f:
    for _, l in lines:
        f.write(l + "\n")
