#!/usr/bin/env python3
"""`darkwatch dump --json` lines (stdin) as RIS Live messages (stdout), so
that a real archive can be fed to `watch --ris-live FILE`: RIB entries and
announcements become UPDATEs with one announced prefix, withdrawals UPDATEs
with one withdrawn prefix, state changes RIS_PEER_STATE (Established:
connected, else down). AS paths keep their sets ({1,2} -> [1, 2] nested).
Usage: darkwatch dump --json FILE... | mrt_to_rislive.py HOST > out.jsonl"""
import json
import sys

host = sys.argv[1] if len(sys.argv) > 1 else "rrc00"


def path_of(text):
    out = []
    for tok in text.split():
        if tok.startswith("{"):
            out.append([int(a) for a in tok.strip("{}").split(",") if a])
        elif tok.startswith("(") or tok.startswith("["):
            continue  # confederation segments: not in RIS Live
        else:
            out.append(int(tok))
    return out


for line in sys.stdin:
    e = json.loads(line)
    d = {"timestamp": e["timestamp"], "peer": e["peer_ip"], "peer_asn": str(e["peer_asn"]), "host": host}
    if e["type"] in ("rib", "announce"):
        d.update(type="UPDATE", path=path_of(e.get("as_path", "")), origin=e.get("origin", "IGP").lower(),
                 announcements=[{"next_hop": e.get("next_hop", e["peer_ip"]), "prefixes": [e["prefix"]]}])
    elif e["type"] == "withdraw":
        d.update(type="UPDATE", withdrawals=[e["prefix"]])
    elif e["type"] == "state":
        d.update(type="RIS_PEER_STATE", state="connected" if e.get("new_state") == 6 else "down")
    else:
        continue
    print(json.dumps({"type": "ris_message", "data": d}, separators=(",", ":")))
