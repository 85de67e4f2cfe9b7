#!/usr/bin/env python3
"""Compares the routes of `darkwatch dump --json STREAM` with pmbmpd's JSON log
of the same stream (../shared/tools/pmbmpd-decode.sh), per peer and view:
the IPv4/IPv6 unicast prefixes announced, and those withdrawn. pmbmpd logs a
withdrawal only for a route it holds, so ours count only withdrawals of a
prefix announced earlier by the same peer. Usage: bmp_vs_pmbmpd.py OURS THEIRS
--announced-only: withdrawals are not compared (Debian's pmbmpd logs none of
the Loc-RIB VRF withdrawals of pmacct test 403). --ours-only VIEW: routes of that view that pmbmpd drops (gobgp's Loc-RIB
comes with no PeerUp: pmbmpd logs none of it, we accept it) are only counted.
Exit 0 when equal; prints the counts and the first differences."""
import json, sys
from collections import defaultdict

args = sys.argv[1:]
ours_only, announced_only = set(), False
while args and args[0].startswith("--"):
    if args[0] == "--ours-only":
        ours_only.add(args[1]); args = args[2:]
    elif args[0] == "--announced-only":
        announced_only = True; args = args[1:]
    else:
        sys.exit("unknown option " + args[0])
sys.argv[1:] = args

def key(view, rd, peer):
    return (view, rd or "-", "-" if view == "loc-rib" else peer)

ours_a, ours_w, held = defaultdict(set), defaultdict(set), defaultdict(set)
router = None
for l in open(sys.argv[1]):
    j = json.loads(l)
    if j["type"] not in ("announce", "withdraw") or j.get("safi", 1) != 1:
        continue
    src = j["source"]
    view, rd = "pre-policy", None
    # the source is <file>[/<view>][/<rd>]: read from the end (views and RDs hold no '/')
    segs = src.split("/")
    cand = segs[-2:]
    views = {"post-policy", "loc-rib", "adj-rib-out-pre", "adj-rib-out-post"}
    if cand[-1] in views:
        view = cand[-1]
    elif ":" in cand[-1] and cand[-2] in views:
        view, rd = cand[-2], cand[-1]
    elif ":" in cand[-1] and not cand[-1].endswith(".bmp") and not cand[-1].endswith(".xz"):
        rd = cand[-1]
    k = key(view, rd, j["peer_ip"])
    p = j["prefix"]
    if j["type"] == "announce":
        ours_a[k].add(p); held[k].add(p)
    elif p in held[k]:
        held[k].discard(p); ours_w[k].add(p)

theirs_a, theirs_w = defaultdict(set), defaultdict(set)
for l in open(sys.argv[2]):
    try:
        j = json.loads(l)
    except ValueError:
        continue
    if j.get("bmp_msg_type") != "route_monitor" or j.get("log_type") not in ("update", "withdraw") or j.get("safi") != 1:
        continue
    is_ = lambda k: j.get(k) == 1
    view = "loc-rib" if is_("is_loc") else ("adj-rib-out-post" if is_("is_post") else "adj-rib-out-pre") if is_("is_out") \
        else "post-policy" if is_("is_post") else "pre-policy"
    rd = j.get("rd") if j.get("rd_origin") == "bmp" and j.get("rd") != "0:0:0" else None
    k = key(view, rd, j.get("peer_ip"))
    (theirs_a if j["log_type"] == "update" else theirs_w)[k].add(j["ip_prefix"])

bad = 0
for what, a, b in (("announced", ours_a, theirs_a), ("withdrawn", ours_w, theirs_w)):
    if what == "withdrawn" and announced_only:
        continue
    for k in sorted(set(a) | set(b)):
        if k[0] in ours_only and not b[k]:
            print(f"{what} {k}: ours {len(a[k])}, pmbmpd drops them (--ours-only)")
            continue
        if a[k] != b[k]:
            bad += 1
            print(f"{what} {k}: ours {len(a[k])}, pmbmpd {len(b[k])}; only ours {sorted(a[k] - b[k])[:3]}, only pmbmpd {sorted(b[k] - a[k])[:3]}")
na = sum(len(v) for v in ours_a.values()); nw = sum(len(v) for v in ours_w.values())
print(f"{len(set(ours_a) | set(theirs_a))} peers, {na} announced and {nw} withdrawn prefixes (unicast): {'equal' if not bad else str(bad) + ' differences'}")
sys.exit(1 if bad else 0)
