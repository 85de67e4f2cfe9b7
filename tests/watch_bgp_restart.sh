#!/usr/bin/env bash
# Graceful restart across connections in `darkwatch watch --bgp` (RFC 4724,
# helper side), with exabgp as the peer on loopback (graceful-restart 10 s):
#  1. exabgp announces 20 IPv4 and 5 IPv6 routes: watch's table holds them;
#  2. kill -9 of exabgp: the routes stay (stale), the peer is not down;
#  3. exabgp comes back within the restart time without 3 of its routes:
#     the new session takes over, its End-of-RIB sweeps exactly those 3, and
#     no peer reset was seen (no peer_down notice);
#  4. exabgp stops for good: the routes stay until the restart time, then go.
# Usage: tests/watch_bgp_restart.sh DARKWATCH SOURCE_DIR   (exit 77: exabgp not installed)
set -euo pipefail
DW=$1; SRC=$2
command -v exabgp > /dev/null || { echo "SKIP: exabgp not installed (scripts/setup.sh installs it)"; exit 77; }
tmp=$(mktemp -d); pid=; EXA=
cleanup() { [ -n "$EXA" ] && kill -9 "$EXA" 2> /dev/null; [ -n "$pid" ] && kill "$pid" 2> /dev/null; wait 2> /dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/err" 2> /dev/null; exit 1; }
PORT=$((23000 + $$ % 20000))

# watch with only a BGP listener: watch_lib's start_watch expects --bmp too
: > "$tmp/err"
"$DW" watch --bgp 127.0.0.1:$PORT --asn 64512 --router-id 127.0.0.1 --peer 127.0.0.2:65001 --http 127.0.0.1:0 \
  --geo none --as-names none --events "$tmp/events.jsonl" 2> "$tmp/err" & pid=$!
for _ in $(seq 200); do
  http=$(sed -n 's/.*http: .* on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err" | head -1)
  [ -n "$http" ] && break
  sleep 0.05
done
[ -n "$http" ] || fail "watch did not start"
# the peer's table in watch: "v4 v6 up"
held() {
  "$DW" status --http "127.0.0.1:$http" --json | python3 -c '
import json, sys
s = json.load(sys.stdin)
p = [p for p in s["peers"] if p["peer"] == "127.0.0.2"]
print(*(p and (p[0]["prefixes_v4"], p[0]["prefixes_v6"], int(p[0]["up"])) or (0, 0, 0)))'
}
wait_held() {  # WANT [tenths]
  for _ in $(seq ${2:-150}); do [ "$(held)" = "$1" ] && return 0; sleep 0.1; done
  fail "watch holds $(held) for 127.0.0.2 (v4 v6 up), expected $1"
}
exa_conf() {  # ROUTES_FILE
  cat << CONF
neighbor 127.0.0.1 {
  router-id 127.0.0.2;
  local-address 127.0.0.2;
  local-as 65001;
  peer-as 64512;
  connect $PORT;
  hold-time 30;
  family { ipv4 unicast; ipv6 unicast; }
  capability { asn4 enable; graceful-restart 10; }
  static {
$(cat "$1")
  }
}
CONF
}
start_exa() {
  env exabgp_daemon_daemonize=false exabgp_daemon_user=root exabgp_daemon_drop=false \
    exabgp_log_destination="$tmp/exabgp.log" exabgp_tcp_bind= exabgp "$tmp/exa.conf" > /dev/null 2>&1 & EXA=$!
}
for i in $(seq 0 19); do echo "route 198.51.$i.0/24 next-hop 192.0.2.2 as-path [ 65001 6449$((i % 10)) ];"; done > "$tmp/routes"
for i in 1 2 3 4 5; do echo "route 2001:db8:$i::/48 next-hop 2001:db8::2 as-path [ 65001 64501 ];"; done >> "$tmp/routes"

# 1.
exa_conf "$tmp/routes" > "$tmp/exa.conf"; start_exa
wait_held "20 5 1"
echo "exabgp up: watch holds 20 IPv4 and 5 IPv6 routes"
# 2.
kill -9 $EXA; wait $EXA 2> /dev/null || true; EXA=
sleep 2
[ "$(held)" = "20 5 1" ] || fail "after kill -9 within the restart time watch holds $(held), not the 25 routes kept stale"
# 3.
grep -v "198.51.1[789].0/24" "$tmp/routes" > "$tmp/routes2"
exa_conf "$tmp/routes2" > "$tmp/exa.conf"; start_exa
wait_held "17 5 1"
grep -q "connection ended" "$tmp/err" || fail "the first connection's end was not logged"
echo "exabgp back within its restart time: the 3 routes it did not send again swept at End-of-RIB, the rest kept"
# 4.
kill $EXA; wait $EXA 2> /dev/null || true; EXA=
sleep 3
[ "$(held)" = "17 5 1" ] || fail "the routes went before the restart time: $(held)"
for _ in $(seq 150); do [ "$(held | cut -d' ' -f1-2)" = "0 0" ] && break; sleep 0.1; done
[ "$(held | cut -d' ' -f1-2)" = "0 0" ] || fail "exabgp stayed away past its restart time and watch still holds $(held)"
echo "exabgp gone: its routes swept once the restart time passed"
kill -TERM $pid; wait $pid || fail "watch exited $? after SIGTERM"; pid=
python3 - "$tmp/events.jsonl" << 'PY' || fail "notices"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
downs = [e for e in ev if e.get("kind") == "peer_down"]
# the restart within its time is no reset; the peer that stayed away is one (its end: never)
assert len(downs) <= 1, downs
print(f"peer_down notices: {len(downs)} (the restart within its time was none)")
PY
echo "watch --bgp graceful restart across connections: ok"
