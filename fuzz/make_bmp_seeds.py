#!/usr/bin/env python3
"""Cut real BMP streams into seeds for fuzz_bmp_stream: runs of up to 6 whole
messages (so each message type starts a seed), with a first byte choosing the
view and the read split. Usage: make_bmp_seeds.py OUT DIR..."""
import lzma, os, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
n = 0
for src in sys.argv[2:]:
    if not os.path.isdir(src):
        continue
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if not (f.endswith(".bmp") or f.endswith(".bmp.xz")):
                continue
            p = os.path.join(root, f)
            try:
                raw = lzma.open(p).read(1 << 18) if f.endswith(".xz") else open(p, "rb").read()
            except Exception:
                continue
            starts, at = [], 0
            while at + 6 <= len(raw) and raw[at] == 3:
                starts.append(at)
                at += int.from_bytes(raw[at + 1:at + 5], "big") or 1
            seen = set()
            for i, s in enumerate(starts[:400]):
                t = raw[s + 5]
                key = (t, raw[s + 6] if s + 6 < len(raw) else 0, raw[s + 7] if s + 7 < len(raw) else 0)
                if key in seen and i % 50:
                    continue
                seen.add(key)
                end = starts[i + 6] if i + 6 < len(starts) else len(raw)
                first = bytes([(n * 37) & 0xff])
                open(f"{out}/{n}", "wb").write(first + raw[s:end][:65535])
                n += 1
print(f"{n} BMP seeds")
