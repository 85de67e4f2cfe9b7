#!/usr/bin/env python3
"""Split the bundled MRT files into one seed per record for each fuzzer."""
import bz2, gzip, lzma, os, struct, sys

src, out = sys.argv[1], sys.argv[2]
TYPES = {5: 0, 12: 1, 13: 2, 16: 3, 17: 4}
os.makedirs(f"{out}/fuzz_mrt_record", exist_ok=True)
os.makedirs(f"{out}/fuzz_bgp_message", exist_ok=True)
n = 0
for root, _, files in os.walk(src):
    for f in sorted(files):
        p = os.path.join(root, f)
        raw = open(p, "rb").read()
        try:
            if raw[:2] == b"\x1f\x8b": raw = gzip.decompress(raw)
            elif raw[:3] == b"BZh": raw = bz2.decompress(raw)
            elif raw[:6] == b"\xfd7zXZ\x00": raw = lzma.decompress(raw)
        except Exception:
            continue
        at, k = 0, 0
        while at + 12 <= len(raw) and k < 200:
            ts, t, st, ln = struct.unpack(">IHHI", raw[at:at + 12])
            body = raw[at + 12:at + 12 + ln]
            if t in TYPES and len(body) == ln:
                if t in (17,): body = body[4:]
                seed = bytes([TYPES[t], st]) + body
                open(f"{out}/fuzz_mrt_record/{n}", "wb").write(seed)
                if t in (16, 17) and b"\xff" * 16 in body:
                    i = body.index(b"\xff" * 16)
                    open(f"{out}/fuzz_bgp_message/{n}", "wb").write(bytes([st & 1]) + body[i:])
                n += 1
            at += 12 + ln
            k += 1
print(f"{n} seeds")
