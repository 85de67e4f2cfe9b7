#!/usr/bin/env python3
"""Sends a raw BMP byte stream (plain or .xz) to a collector over TCP, as a
router would. Usage: bmp_send.py PORT FILE [--garbage-after BYTES] [--hold SECONDS]
--garbage-after N: send the first N bytes, then 64 bytes that are no BMP
message (version 0xff), then the rest (a router gone wrong mid-stream).
--hold S: keep the connection open S seconds after sending (default 0.2).
Prints the bytes sent and the seconds it took."""
import argparse, lzma, socket, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("port", type=int)
ap.add_argument("file")
ap.add_argument("--garbage-after", type=int)
ap.add_argument("--hold", type=float, default=0.2)
a = ap.parse_args()
data = lzma.open(a.file).read() if a.file.endswith(".xz") else open(a.file, "rb").read()
if a.garbage_after is not None:
    data = data[: a.garbage_after] + b"\xff" * 64 + data[a.garbage_after :]
s = socket.create_connection(("127.0.0.1", a.port))
t = time.time()
try:
    s.sendall(data)
except (BrokenPipeError, ConnectionResetError) as e:
    print(f"sent until the collector closed: {e}", file=sys.stderr)
took = time.time() - t
time.sleep(a.hold)
s.close()
print(len(data), f"{took:.3f}")
