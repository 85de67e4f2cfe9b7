#!/usr/bin/env bash
# The passive BGP session (src/session) against a real speaker on loopback.
# exabgp: connects to us with ADD-PATH send, graceful restart and IPv4+IPv6
# static routes; the table we hold must equal what it was told to announce;
# a restart of exabgp within its restart time keeps the routes (stale) and its
# End-of-RIB settles them; when it stays away they go at the restart time. gobgpd: an active peer whose global RIB we fill
# and thin with its CLI; our table must equal `gobgp neighbor ... adj-out`.
# Usage: session_real_peers.sh DRIVER exabgp|gobgpd   (exit 77: speaker not installed)
set -euo pipefail
DRIVER=$1; SPEAKER=$2
command -v "$SPEAKER" >/dev/null || { echo "SKIP: $SPEAKER not installed (scripts/setup.sh installs it)"; exit 77; }
W=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$W"; }
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT
PORT=$((20000 + $$ % 20000)); API=$((PORT + 1))
fail() { echo "FAIL: $*"; echo "--- driver log"; cat "$W/log" 2>/dev/null; exit 1; }

# waits until FILE has N lines (up to 30 s)
wait_lines() {
  for _ in $(seq 150); do
    [ -f "$1" ] && [ "$(wc -l < "$1")" -eq "$2" ] && return 0
    sleep 0.2
  done
  fail "$1 has $(wc -l < "$1" 2>/dev/null || echo no) lines, expected $2"
}
same() { diff -u "$1" "$2" > "$W/diff" || { cat "$W/diff"; fail "$3"; }; }

if [ "$SPEAKER" = exabgp ]; then
  "$DRIVER" --listen 127.0.0.1:$PORT --asn 64512 --router-id 127.0.0.1 --out "$W" --seconds 60 \
     --peer 127.0.0.2:65001:exa > "$W/driver.out" 2>&1 & PIDS+=($!); DPID=$!
  : > "$W/expected.raw"; : > "$W/routes.conf"
  for i in $(seq 0 19); do
    echo "route 198.51.$i.0/24 next-hop 192.0.2.2 as-path [ 65001 6449$((i % 10)) ] path-information 0.0.0.1;" >> "$W/routes.conf"
    echo "198.51.$i.0/24 1" >> "$W/expected.raw"
  done
  # a second path for one prefix
  echo "route 198.51.0.0/24 next-hop 192.0.2.3 as-path [ 65001 64500 64496 ] path-information 0.0.0.2;" >> "$W/routes.conf"
  echo "198.51.0.0/24 2" >> "$W/expected.raw"
  for i in 1 2 3 4 5; do
    echo "route 2001:db8:$i::/48 next-hop 2001:db8::2 as-path [ 65001 64501 ] path-information 0.0.0.7;" >> "$W/routes.conf"
    echo "2001:db8:$i::/48 7" >> "$W/expected.raw"
  done
  exa_conf() {  # the static routes in $1
    cat <<CONF
neighbor 127.0.0.1 {
  router-id 127.0.0.2;
  local-address 127.0.0.2;
  local-as 65001;
  peer-as 64512;
  connect $PORT;
  hold-time 30;
  family { ipv4 unicast; ipv6 unicast; }
  capability { asn4 enable; route-refresh; graceful-restart 10; add-path send; }
  static {
$(cat "$1")
  }
}
CONF
  }
  exa_conf "$W/routes.conf" > "$W/exa.conf"
  start_exa() {
    env exabgp_daemon_daemonize=false exabgp_daemon_user=root exabgp_daemon_drop=false \
        exabgp_log_destination="$W/exabgp.log" exabgp_tcp_bind= exabgp "$W/exa.conf" > /dev/null 2>&1 & PIDS+=($!); EXA=$!
  }
  start_exa
  sort "$W/expected.raw" > "$W/expected"
  wait_lines "$W/exa.routes" "$(wc -l < "$W/expected")"
  same "$W/expected" "$W/exa.routes" "the table from exabgp differs from what it announced"
  grep -q "^addpath_v4 1" "$W/exa.status" || fail "ADD-PATH not negotiated: $(cat "$W/exa.status")"
  grep -q "^gr 1" "$W/exa.status" || fail "graceful restart not seen"
  grep -q "^as4 1" "$W/exa.status" || fail "4-byte AS not negotiated"
  echo "exabgp: $(wc -l < "$W/exa.routes") routes (IPv4 and IPv6, ADD-PATH) as announced"
  # exabgp restarts without 3 of its routes: within the restart time the
  # routes stay; its End-of-RIB after the new session withdraws the 3
  kill -9 $EXA; wait $EXA 2>/dev/null || true
  sleep 1
  cmp -s "$W/expected" "$W/exa.routes" || fail "routes changed while the peer restarts (graceful restart)"
  grep -v "198.51.1[789].0/24" "$W/routes.conf" > "$W/routes2.conf"
  exa_conf "$W/routes2.conf" > "$W/exa.conf"
  grep -v "198.51.1[789].0/24" "$W/expected" > "$W/expected2"
  start_exa
  wait_lines "$W/exa.routes" "$(wc -l < "$W/expected2")"
  same "$W/expected2" "$W/exa.routes" "after the restart the table differs"
  grep -q "^withdrawn 3$" "$W/exa.status" || fail "expected exactly the 3 routes not repeated withdrawn: $(grep withdrawn "$W/exa.status")"
  echo "exabgp restarted: stale routes kept, then $(( $(wc -l < "$W/expected") - $(wc -l < "$W/expected2") )) swept at End-of-RIB"
  # exabgp stops (with graceful restart it closes without a NOTIFICATION):
  # its routes stay for its restart time (10 s), then go
  kill $EXA; wait $EXA 2>/dev/null || true
  sleep 2
  cmp -s "$W/expected2" "$W/exa.routes" || fail "routes went before the restart time"
  wait_lines "$W/exa.routes" 0
  [ "$(grep -c "connection closed by the peer in Established" "$W/log")" -eq 2 ] || fail "two closes expected in the log"
  echo "exabgp stopped: routes kept for its restart time, then swept"
else
  "$DRIVER" --listen 127.0.0.1:$PORT --asn 64512 --router-id 127.0.0.1 --out "$W" --seconds 60 \
     --peer 127.0.0.3:65002:gobgp > "$W/driver.out" 2>&1 & PIDS+=($!)
  cat > "$W/gobgpd.toml" <<CONF
[global.config]
  as = 65002
  router-id = "127.0.0.3"
  port = -1
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.1"
    peer-as = 64512
  [neighbors.transport.config]
    local-address = "127.0.0.3"
    remote-port = $PORT
  [neighbors.timers.config]
    connect-retry = 1
    hold-time = 30
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
CONF
  gobgpd -f "$W/gobgpd.toml" --api-hosts=127.0.0.1:$API --pprof-disable > "$W/gobgpd.log" 2>&1 & PIDS+=($!)
  G() { gobgp -p $API "$@"; }
  for _ in $(seq 50); do G neighbor 2>/dev/null | grep -q Establ && break; sleep 0.2; done
  G neighbor | grep -q Establ || { cat "$W/gobgpd.log"; fail "gobgpd did not establish"; }
  for i in $(seq 0 29); do G global rib add -a ipv4 "203.0.$i.0/24" nexthop 192.0.2.9 aspath "65002,6450$((i % 5))"; done
  for i in $(seq 1 6); do G global rib add -a ipv6 "2001:db8:$i::/48" nexthop 2001:db8::9; done
  # what gobgpd says it sent us
  adj_out() {
    { G neighbor 127.0.0.1 adj-out -a ipv4 -j; G neighbor 127.0.0.1 adj-out -a ipv6 -j; } |
      python3 -c '
import json, sys
for line in sys.stdin:
    line = line.strip()
    if not line or line == "null": continue
    d = json.loads(line)
    for prefix, paths in d.items():
        for p in paths:
            print(prefix, p.get("id", 0))' | sort
  }
  wait_lines "$W/gobgp.routes" 36
  adj_out > "$W/adj-out"
  [ "$(wc -l < "$W/adj-out")" -eq 36 ] || fail "gobgp adj-out has $(wc -l < "$W/adj-out") routes"
  same "$W/adj-out" "$W/gobgp.routes" "our table differs from gobgp's adj-out"
  echo "gobgpd: $(wc -l < "$W/gobgp.routes") routes equal to its adj-out"
  for i in $(seq 0 9); do G global rib del -a ipv4 "203.0.$i.0/24"; done
  G global rib del -a ipv6 "2001:db8:1::/48"
  wait_lines "$W/gobgp.routes" 25
  adj_out > "$W/adj-out"
  same "$W/adj-out" "$W/gobgp.routes" "after withdrawals our table differs from gobgp's adj-out"
  echo "gobgpd: 11 withdrawn, $(wc -l < "$W/gobgp.routes") left, equal to its adj-out"
fi
if grep -q "^problem" "$W/log"; then fail "sequence or damage problems"; fi
echo "PASS"
