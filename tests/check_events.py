#!/usr/bin/env python3
"""Consistency of darkwatch's events, beyond what score.py measures.

  check_events.py EVENTS.jsonl

- An AS's outage down to nothing visible (lowest 0) cannot list that AS as
  still up (issue 9 item 3: dark/up are taken at the lowest point of the loss,
  in the family lost). A country's can: its origin may be up elsewhere, and
  an AS at 99.6% still has something up.
- An outage marked within_instability names an instability event of the same
  entity that starts then and lists it among its short_outages (item 4).
Prints what is wrong; exit 1 if anything is.
"""
import json
import sys


def key(e):
    x = e.get("entity", {})
    return (x.get("type"), x.get("code"))


def main():
    events = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    insts = {}
    for e in events:
        if e["kind"] == "instability":
            insts[(key(e), e["start"])] = e
    bad = []
    n_total = n_within = 0
    for e in events:
        if e["kind"] != "outage":
            continue
        x = e.get("explanation")
        if x and e["lowest"] == 0 and key(e)[0] == "asn":
            n_total += 1
            if int(key(e)[1]) in x["origins_up"] or int(key(e)[1]) not in x["origins_dark"]:
                bad.append(f"{key(e)} {e['start']}: nothing left visible, yet the AS is not listed as dark")
        w = e.get("within_instability")
        if w is not None:
            n_within += 1
            i = insts.get((key(e), w))
            if i is None:
                bad.append(f"{key(e)} {e['start']}: within_instability {w} names no instability of that entity")
            elif not any(s["start"] == e["start"] and s["end"] == e["end"] for s in i.get("short_outages", [])):
                bad.append(f"{key(e)} {e['start']}: not among the short_outages of the instability at {w}")
    for b in bad:
        print("INCONSISTENT " + b)
    print(f"events checked: {n_total} AS outages down to nothing, {n_within} within instability; {len(bad)} inconsistent")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
