# Shared by the bench scripts (source it): timing and memory of one command.
# median_time N CMD...: median wall seconds of N runs, output discarded.
median_time() {
  local n=$1; shift
  for ((i = 0; i < n; i++)); do
    local t0 t1
    t0=$(date +%s.%N); "$@" > /dev/null 2>&1; t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc -l
  done | sort -g | awk '{a[NR]=$1} END {printf "%.4f\n", a[int((NR+1)/2)]}'
}
# peak_mb CMD...: the command's peak RSS in MB (GNU time), output discarded.
peak_mb() {
  local err
  err=$(mktemp)
  /usr/bin/time -f "%M" "$@" > /dev/null 2> "$err"
  tail -1 "$err" | awk '{printf "%.1f\n", $1/1024}'
  rm -f "$err"
}

# The watch benches (bmp-ingest, bmp-fleet). Need DW and tmp.
# watch_start ARGS...: `darkwatch watch --bmp` on free ports; sets pid, bmp, http.
watch_start() {
  "$DW" watch --bmp 127.0.0.1:0 --http 127.0.0.1:0 --geo none --as-names none "$@" 2> "$tmp/err" & pid=$!
  for _ in $(seq 400); do
    bmp=$(sed -n 's/.*bmp: listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err")
    http=$(sed -n 's/.*http: .* on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err")
    [ -n "$bmp" ] && [ -n "$http" ] && return 0
    sleep 0.05
  done
  echo "watch did not start:"; cat "$tmp/err"; exit 1
}
# watch_stop: SIGTERM; watch must exit within 5 s (issue 10), else it is killed and that is said.
watch_stop() {
  kill -TERM $pid
  for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then echo "watch did not exit within 10 s of SIGTERM: killed"; kill -9 $pid; fi
  wait $pid 2>/dev/null || true; pid=
}
# bmp_send PORT FILE N: N connections at once, each sending the whole FILE,
# then held open (the routers stay up: their tables are not torn down while
# the time runs). Run it in the background and kill it when done.
bmp_send() {
  exec python3 - "$@" <<'PY'
import socket, sys, threading, time
port, data, n = int(sys.argv[1]), open(sys.argv[2], 'rb').read(), int(sys.argv[3])
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(n)]
ts = [threading.Thread(target=s.sendall, args=(data,)) for s in socks]
for t in ts: t.start()
for t in ts: t.join()
time.sleep(3600)
PY
}
# watch_wait_applied N [LIMIT]: until N announcements are applied and no
# queue holds or applies anything (at most LIMIT s, default 900), polling
# watch's /status every 5 ms from one process (a `darkwatch status` and a
# python start per poll cost 50 ms: the time measured would be the poll's);
# leaves the last status in $tmp/st.json.
watch_wait_applied() {
  python3 - "$http" "$1" "${2:-900}" "$tmp/st.json" <<'PY' || { echo "watch did not apply $1 announcements within ${2:-900} s"; exit 1; }
import json, sys, time, urllib.request
port, want, limit, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
end = time.time() + limit
while time.time() < end:
    try:
        body = urllib.request.urlopen(f'http://127.0.0.1:{port}/status', timeout=5).read()
    except OSError:
        time.sleep(0.005); continue
    s = json.loads(body)
    busy = any(q['depth'] or q['applying'] for q in s['queues'])
    if s['announcements'] >= want and not busy:
        open(out, 'wb').write(body); sys.exit(0)
    time.sleep(0.005)
sys.exit(1)
PY
}
