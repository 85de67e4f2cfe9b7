#!/usr/bin/env python3
"""Damages an (uncompressed) MRT file the ways real archives get damaged, for
the damaged-input tests. Deterministic: the same arguments give the same bytes.

  damage_mrt.py IN OUT flip SEED [N]   flip one bit in each of N (20) bytes chosen by SEED
  damage_mrt.py IN OUT peer [K]        set the peer index of one entry in each of the
                                       first K (1) RIB records with 2+ entries out of range
  damage_mrt.py IN OUT shift           insert a header of length 1 and no body (a copy of
                                       the header a third of the way in): the stream is
                                       one byte off from there
  damage_mrt.py IN OUT cut FRACTION    keep the first FRACTION of the bytes (a truncated file)
"""
import random
import struct
import sys


def records(b):
    out, at = [], 0
    while at + 12 <= len(b):
        ts, t, st, length = struct.unpack_from("!IHHI", b, at)
        out.append((at, ts, t, st, length))
        at += 12 + length
    return out


def main():
    src, dst, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    args = sys.argv[4:]
    b = bytearray(open(src, "rb").read())
    if mode == "flip":
        r = random.Random(int(args[0]))
        for _ in range(int(args[1]) if len(args) > 1 else 20):
            b[r.randrange(len(b))] ^= 1 << r.randrange(8)
    elif mode == "peer":
        left = int(args[0]) if args else 1
        for at, ts, t, st, length in records(bytes(b)):
            if left == 0:
                break
            if t != 13 or st not in (2, 4):
                continue
            p = at + 12 + 4
            p += 1 + (b[p] + 7) // 8
            (count,) = struct.unpack_from("!H", b, p)
            if count < 2:
                continue
            p += 2
            p += 8 + struct.unpack_from("!H", b, p + 6)[0]  # past entry 0
            struct.pack_into("!H", b, p, 0xFFFF)
            left -= 1
    elif mode == "shift":
        recs = records(bytes(b))
        at, ts, t, st, _ = recs[len(recs) // 3]
        b[at:at] = struct.pack("!IHHI", ts, t, st, 1)
    elif mode == "cut":
        b = b[: int(len(b) * float(args[0]))]
    else:
        sys.exit("unknown mode " + mode)
    open(dst, "wb").write(b)


if __name__ == "__main__":
    main()
