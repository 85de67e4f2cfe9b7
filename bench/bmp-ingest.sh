#!/usr/bin/env bash
# BMP ingest over loopback: the Juniper M320 stream (139k Route Monitoring
# messages, an IPv4 full table) sent over TCP to `darkwatch watch --bmp`
# (decoded, queued, applied to routing state, signals and detection) and to
# pmacct's pmbmpd (Debian pmacct; decoding and writing its JSON log), same
# machine, same stream. Reports messages/s and prefixes/s (until the last
# route is applied, the router still connected / pmbmpd's log stops
# growing) and peak RSS of each.
# Usage: bench/bmp-ingest.sh [DARKWATCH] [STREAM]   (run it under /work/wt/heavy.sh on shared machines)
set -euo pipefail
DW=${1:-build/darkwatch}
STREAM=${2:-../shared/data/bmp/juniper-m320/m320.bmp.xz}
SRC=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); pid=; ppid_=; sender=
trap 'kill $pid $ppid_ $sender 2>/dev/null || true; rm -rf "$tmp"' EXIT
python3 -c "import lzma,sys; p=sys.argv[1]; d=lzma.open(p).read() if p.endswith('.xz') else open(p,'rb').read(); open(sys.argv[2],'wb').write(d)" "$STREAM" "$tmp/stream.bmp"
# messages and prefixes in the stream (BMP common header: version, length, type)
read -r msgs rm <<<"$(python3 - "$tmp/stream.bmp" <<'PY'
import struct, sys
d = open(sys.argv[1], 'rb').read(); o = n = rm = 0
while o + 6 <= len(d):
    v, l, t = struct.unpack_from('>BIB', d, o)
    if l < 6: break
    n += 1; rm += t == 0; o += l
print(n, rm)
PY
)"
now() { date +%s.%N; }
. "$SRC/bench/lib.sh"
send() { python3 -c "
import socket,sys; s=socket.create_connection(('127.0.0.1',int(sys.argv[1]))); s.sendall(open(sys.argv[2],'rb').read()); s.close()" "$@"; }
# the announcements the stream holds (what watch must have applied at the end)
want=$("$DW" dump -m "$tmp/stream.bmp" 2>/dev/null | grep -c '|A|')

# darkwatch: until the last announcement is applied, the router still connected
watch_start
t0=$(now)
bmp_send "$bmp" "$tmp/stream.bmp" 1 & sender=$!
watch_wait_applied "$want" 300
t1=$(now)
rss=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
kill $sender 2>/dev/null || true; wait $sender 2>/dev/null || true
watch_stop
ann=$(python3 -c "import json; print(json.load(open('$tmp/st.json'))['announcements'])")
dw_s=$(python3 -c "print($t1 - $t0)")
printf 'darkwatch watch: %d messages (%d route monitoring), %d announcements in %.2f s: %.0f msgs/s, %.0f prefixes/s, peak RSS %d MB\n' \
  "$msgs" "$rm" "$ann" "$dw_s" "$(python3 -c "print($msgs/$dw_s)")" "$(python3 -c "print($ann/$dw_s)")" $((rss / 1024))

# pmbmpd
command -v pmbmpd >/dev/null || { echo "pmbmpd: not installed (apt-get install pmacct)"; exit 0; }
port=$((20000 + RANDOM % 20000))
cat > "$tmp/p.conf" <<C
daemonize: false
logfile: $tmp/pmlog
bmp_daemon: true
bmp_daemon_ip: 127.0.0.1
bmp_daemon_port: $port
bmp_daemon_max_peers: 10
bmp_daemon_msglog_file: $tmp/out.json
bmp_daemon_msglog_output: json
C
pmbmpd -f "$tmp/p.conf" > /dev/null 2>&1 & ppid_=$!
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
sleep 0.5; : > "$tmp/out.json"
t0=$(now)
send "$port" "$tmp/stream.bmp"
last=-1; tl=$t0
for _ in $(seq 2000); do  # until the log stops growing for 1 s; the end is when it last grew
  n=$(stat -c %s "$tmp/out.json" 2>/dev/null || echo 0)
  if [ "$n" != "$last" ]; then last=$n; tl=$(now); fi
  python3 -c "import sys; sys.exit(0 if $(now) - $tl > 1 and $last > 0 else 1)" && break
  sleep 0.05
done
rss=$(awk '/VmHWM/{print $2}' /proc/$ppid_/status)
kill -9 $ppid_; wait $ppid_ 2>/dev/null || true; ppid_=
pm_ann=$(grep -c '"log_type": *"update"' "$tmp/out.json" || true)
pm_s=$(python3 -c "print($tl - $t0)")
printf 'pmbmpd:          %d messages, %d prefix updates logged in %.2f s: %.0f msgs/s, %.0f prefixes/s, peak RSS %d MB\n' \
  "$msgs" "$pm_ann" "$pm_s" "$(python3 -c "print($msgs/$pm_s)")" "$(python3 -c "print($pm_ann/$pm_s)")" $((rss / 1024))
printf 'ratio (pmbmpd seconds / darkwatch seconds): %.1fx\n' "$(python3 -c "print($pm_s/$dw_s)")"
