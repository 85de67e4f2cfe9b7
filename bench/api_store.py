#!/usr/bin/env python3
"""Synthesises a store for bench/api.sh: a year of 5-minute bins for every
country (a row every bin, as a busy country has churn in every bin) and N
origin ASes (sparse: a row an hour), in the store's schema (src/store/schema.h,
read from the source so it cannot drift), with one two-hour outage a month per
entity and its event. Rows are generated inside SQLite (recursive CTE), in
primary-key order. Usage: bench/api_store.py OUT.db [ASES]"""
import json
import os
import re
import sqlite3
import sys
import time

out, ases = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000
here = os.path.dirname(os.path.abspath(__file__))
schema = re.search(r'R"sql\((.*)\)sql"', open(os.path.join(here, "../src/store/schema.h")).read(), re.S).group(1)
countries = [c["alpha_2"] for c in json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]]
T0, BINS, BIN = 1388534400, 105120, 300  # 2014-01-01, 365 days
if os.path.exists(out):
    os.remove(out)
db = sqlite3.connect(out)
db.executescript(schema.replace("PRAGMA journal_mode = WAL;", "").replace("PRAGMA synchronous = NORMAL;", ""))
db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
db.executemany("INSERT INTO meta VALUES (?, ?)", [("bin_seconds", str(BIN)), ("first_ts", str(T0)),
               ("last_ts", str(T0 + BINS * BIN - 1)), ("darkwatch_version", "bench"), ("geography", "synthetic")])
db.executemany("INSERT INTO entity (id, type, code, name) VALUES (?, 'country', ?, NULL)",
               [(i + 1, c) for i, c in enumerate(countries)])
db.executemany("INSERT INTO entity (id, type, code, name) VALUES (?, 'asn', ?, ?)",
               [(1000 + i, str(64512 + i), f"Bench AS {i}") for i in range(ases)])
# visible /24s: a base per entity, small noise, 0 for two hours a month
# (bins [o, o+24) of every 8640-bin month, o depending on the entity)
row = f"""e.id, {T0} + b.i * {BIN},
  CASE WHEN (b.i % 8640) BETWEEN e.id * 37 % 8000 AND e.id * 37 % 8000 + 23 THEN 0 ELSE 1000 + e.id * 37 % 5000 - (b.i * 7 + e.id) % 13 END,
  200 + e.id % 50, 100 + e.id % 90,
  CASE WHEN (b.i % 8640) BETWEEN e.id * 37 % 8000 AND e.id * 37 % 8000 + 23 THEN 0 ELSE 1000 + e.id * 37 % 5000 - 13 END,
  200 + e.id % 50, 100 + e.id % 90,
  (b.i * 31 + e.id) % 40, (b.i * 17 + e.id) % 30, 30, 2 + e.id % 5"""
db.execute(f"""INSERT INTO signal WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i < {BINS - 1})
  SELECT {row} FROM entity e, b WHERE e.type = 'country' ORDER BY e.id, b.i""")
db.execute(f"""INSERT INTO signal WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 12 FROM b WHERE i < {BINS - 12})
  SELECT {row} FROM entity e, b WHERE e.type = 'asn' ORDER BY e.id, b.i""")
events = []
iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))
for (eid, typ, code) in db.execute("SELECT id, type, code FROM entity").fetchall():
    for month in range(12):
        start = T0 + (month * 8640 + eid * 37 % 8000) * BIN + 15
        end = start + 24 * BIN
        j = {"kind": "outage", "entity": {"type": typ, "code": code}, "start": iso(start), "end": iso(end), "severity": 1.0,
             "family": "ipv4", "baseline": 1000, "lowest": 0, "prefixes": [], "prefix_count": 10, "origin_asns": []}
        events.append((typ, code, start, end, json.dumps(j)))
db.executemany("INSERT INTO event (kind, entity_type, entity_code, start, \"end\", severity, json) "
               "VALUES ('outage', ?, ?, ?, ?, 1.0, ?)", events)
db.commit()
n = db.execute("SELECT count(*) FROM signal").fetchone()[0]
print(f"{out}: {len(countries)} countries, {ases} ASes, {n} signal rows, {len(events)} events, "
      f"{os.path.getsize(out) / 1e6:.0f} MB")
