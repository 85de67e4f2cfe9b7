# Shared by the watch tests that drive `darkwatch watch --bmp` over loopback
# (sourced; needs DW, tmp and a fail function). start_watch FLAGS... sets
# pid, bmp (port) and http (port); wait_for polls status for a condition;
# wait_drained waits until nothing is buffered, queued or being applied (a
# peer's full table going at once is one event that takes a while);
# feed_then_kill sends a stream, waits for a checkpoint and kills watch;
# stop_watch sends SIGTERM and wants exit 0 within 5 s.
start_watch() {
  : > "$tmp/err"
  "$DW" watch --bmp 127.0.0.1:0 --http 127.0.0.1:0 "$@" 2> "$tmp/err" & pid=$!
  for _ in $(seq 400); do
    bmp=$(sed -n 's/.*bmp: listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err" | head -1)
    http=$(sed -n 's/.*http: .* on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err" | head -1)
    [ -n "$bmp" ] && [ -n "$http" ] && return 0
    kill -0 $pid 2>/dev/null || fail "watch exited at start"
    sleep 0.05
  done
  fail "watch did not start"
}
status() { "$DW" status --http "127.0.0.1:$http" --json; }
# wait_for EXPR: polls status until the Python condition EXPR on s (the
# status JSON) holds; 60 s, then returns 1. The last status is in $tmp/st.json.
wait_for() {
  for _ in $(seq 600); do
    status > "$tmp/st.json" 2>/dev/null &&
      python3 -c "import json, sys; s = json.load(open('$tmp/st.json')); sys.exit(0 if ($1) else 1)" && return 0
    sleep 0.1
  done
  return 1
}
wait_drained() {
  wait_for 'not (any(c["buffered"] for c in s["connections"]) or any(q["depth"] or q["applying"] for q in s["queues"]))' ||
    fail "watch did not drain"
}
# feed_then_kill FILE: a router sends FILE and stays connected; once it is
# applied and a checkpoint (--checkpoint-every 1) has followed, the status
# goes to $tmp/st.json and watch gets SIGKILL. Needs SRC.
feed_then_kill() {
  local sender
  python3 "$SRC/tests/bmp_send.py" "$bmp" "$1" --hold 60 > /dev/null & sender=$!
  sleep 1
  wait_drained
  sleep 2.5  # a checkpoint (every second) after the last message
  status > "$tmp/st.json"
  kill -9 $pid; wait $pid 2>/dev/null || true; pid=
  kill $sender 2>/dev/null || true; wait $sender 2>/dev/null || true
}
stop_watch() {
  local t0 t1 rc=0
  t0=$(date +%s.%N); kill -TERM $pid; wait $pid || rc=$?; t1=$(date +%s.%N); pid=
  [ $rc -eq 0 ] || fail "exit $rc after SIGTERM"
  python3 -c "import sys; sys.exit(0 if $t1 - $t0 < 5 else 1)" || fail "SIGTERM took more than 5 s"
}
# every finished .bz2 under a folder decodes with bgpdump -m, without a complaint
bgpdump_all() {
  local n=0 f
  for f in $(find "$1" -name '*.bz2' ! -name '.partial-*' | sort); do
    n=$((n+1))
    bgpdump -m "$f" > /dev/null 2> "$tmp/bgpdump.err" || fail "bgpdump fails on $f"
    if grep -qiE 'error|invalid|unknown|corrupt|warn' "$tmp/bgpdump.err"; then
      fail "bgpdump complains about $f: $(head -2 "$tmp/bgpdump.err")"
    fi
  done
  [ $n -gt 0 ] || fail "no recorded file in $1"
  echo $n
}
