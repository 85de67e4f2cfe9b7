#!/usr/bin/env bash
# Two real routers stream BMP into `darkwatch watch` and peer with it over
# BGP, and an outage is seen live, end to end: exabgp (127.0.0.2, AS65001)
# runs the lab's route generator (../shared/tools/lab/gen.py: 2,000 IPv4 and
# 200 IPv6 prefixes of 40 origins, then every prefix of AS64605 withdrawn,
# then re-announced) towards gobgpd (127.0.0.1, AS65000) and FRR bgpd
# (127.0.0.3, AS65003). Both report over BMP (gobgpd: pre-policy,
# post-policy and Loc-RIB; FRR: pre- and post-policy) and both have a BGP
# session with watch (127.0.0.4, AS64999): four vantage points.
# Asserted:
#  - each of watch's four tables equals the router's own (prefix sets):
#    `gobgp neighbor 127.0.0.2 adj-in` and `... 127.0.0.4 adj-out`, vtysh's
#    received-routes and advertised-routes, against the MRT watch recorded
#    (every file decodes with bgpdump), and /status's counts;
#  - the alert for AS64605 is written while the outage lasts, within 10 s of
#    min_duration after the last withdrawal (the latencies are printed), and
#    the recovery alert after the re-announcement;
#  - the one outage found is AS64605's, its start within 15 s of the first
#    withdrawal and its end within 20 s of the re-announcement; no other AS
#    is reported dark (peers warming up must not read as an outage);
#  - `replay` of what watch recorded raises the same events.
# Usage: tests/lab_bmp.sh DARKWATCH SHARED_DIR SOURCE_DIR  (exit 77: a daemon or ../shared missing)
set -euo pipefail
DW=$1; SH=$2; SRC=$3
GEN=$SH/tools/lab/gen.py
BGPD=/usr/lib/frr/bgpd
for c in gobgpd exabgp "$BGPD"; do
  command -v "$c" > /dev/null || { echo "SKIP: $c not installed (scripts/setup.sh installs it)"; exit 77; }
done
[ -f "$GEN" ] || { echo "SKIP: no $GEN"; exit 77; }
tmp=$(mktemp -d); pid=; PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done
  [ -n "$pid" ] && kill "$pid" 2> /dev/null || true
  wait 2> /dev/null || true
  [ -n "${KEEP:-}" ] && echo "kept $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/err" 2> /dev/null; tail -5 "$tmp/gen.log" 2> /dev/null; exit 1; }
. "$SRC/tests/watch_lib.sh"
PGO=$((21000 + $$ % 20000)); PFRR=$((PGO + 1)); PAPI=$((PGO + 2)); PDW=$((PGO + 3))
N4=2000; N6=200; STABLE=40; OUT_DUR=4; HOLD=45; OUT_AS=64605
BIN=10; MIN_DURATION=30

DETECT=(--geo none --as-names none --bin $BIN --min-duration $MIN_DURATION --warmup 5)
cat > "$tmp/watch.toml" << EOF
[bgp]
listen = "127.0.0.4:$PDW"
asn = 64999
router_id = "127.0.0.4"
[[bgp.peer]]
address = "127.0.0.1"
asn = 65000
name = "gobgpd-bgp"
[[bgp.peer]]
address = "127.0.0.3"
asn = 65003
name = "frr-bgp"
EOF
start_watch --config "$tmp/watch.toml" "${DETECT[@]}" --record "$tmp/rec" \
  --events "$tmp/events.jsonl" --alert "$tmp/alerts.jsonl"

cat > "$tmp/gobgpd.toml" << EOF
[global.config]
  as = 65000
  router-id = "127.0.0.1"
  local-address-list = ["127.0.0.1"]
  port = $PGO
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.2"
    peer-as = 65001
  [neighbors.transport.config]
    passive-mode = true
    local-address = "127.0.0.1"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
[[neighbors]]
  [neighbors.config]
    neighbor-address = "127.0.0.4"
    peer-as = 64999
  [neighbors.transport.config]
    local-address = "127.0.0.1"
    remote-port = $PDW
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
[[bmp-servers]]
  [bmp-servers.config]
    address = "127.0.0.1"
    port = $bmp
    route-monitoring-policy = "all"
EOF
cat > "$tmp/bgpd.conf" << EOF
frr defaults traditional
hostname darkwatch-lab
log file $tmp/frr.log informational
router bgp 65003
 bgp router-id 127.0.0.3
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 127.0.0.2 remote-as 65001
 neighbor 127.0.0.2 passive
 neighbor 127.0.0.2 update-source 127.0.0.3
 neighbor 127.0.0.2 disable-connected-check
 neighbor 127.0.0.4 remote-as 64999
 neighbor 127.0.0.4 port $PDW
 neighbor 127.0.0.4 update-source 127.0.0.3
 neighbor 127.0.0.4 disable-connected-check
 ! FRR keeps an Adj-RIB-In pre-policy (what BMP pre-policy reports) only
 ! with soft-reconfiguration inbound; without it the view is withdrawals
 address-family ipv4 unicast
  neighbor 127.0.0.2 soft-reconfiguration inbound
 exit-address-family
 address-family ipv6 unicast
  neighbor 127.0.0.2 activate
  neighbor 127.0.0.2 soft-reconfiguration inbound
  neighbor 127.0.0.4 activate
 exit-address-family
 bmp targets darkwatch
  bmp monitor ipv4 unicast pre-policy
  bmp monitor ipv4 unicast post-policy
  bmp monitor ipv6 unicast pre-policy
  bmp monitor ipv6 unicast post-policy
  bmp connect 127.0.0.1 port $bmp min-retry 500 max-retry 2000
 exit
EOF
exa_neighbor() {  # ADDR AS PORT
  cat << EOF
neighbor $1 {
  router-id 127.0.0.2;
  local-address 127.0.0.2;
  local-as 65001;
  peer-as $2;
  connect $3;
  family { ipv4 unicast; ipv6 unicast; }
  api { processes [ gen ]; }
}
EOF
}
{
  echo "process gen { run env GENLOG=$tmp/gen.log N4=$N4 N6=$N6 WAIT=3 STABLE=$STABLE OUT_DUR=$OUT_DUR HOLD=$HOLD OUT_AS=$OUT_AS NH4=192.0.2.2 /usr/bin/python3 $GEN; encoder text; }"
  exa_neighbor 127.0.0.1 65000 $PGO
  exa_neighbor 127.0.0.3 65003 $PFRR
} > "$tmp/exabgp.conf"

mkdir -p "$tmp/frr"
gobgpd -f "$tmp/gobgpd.toml" -p --api-hosts=127.0.0.1:$PAPI --pprof-disable > "$tmp/gobgpd.log" 2>&1 & PIDS+=($!)
"$BGPD" -f "$tmp/bgpd.conf" -M bmp -S -Z -n -l 127.0.0.3 -p $PFRR -i "$tmp/frr/bgpd.pid" --vty_socket "$tmp/frr" \
  -z "$tmp/frr/zserv.api" > "$tmp/frr.out" 2>&1 & PIDS+=($!)
for _ in $(seq 100); do
  [ "$(grep -c "bmp: .* connected" "$tmp/err")" -ge 2 ] && break
  sleep 0.1
done
[ "$(grep -c "bmp: .* connected" "$tmp/err")" -ge 2 ] || fail "gobgpd and FRR did not both connect over BMP"
env exabgp_api_ack=false exabgp_daemon_drop=false exabgp_daemon_user=root exabgp_tcp_bind= \
  exabgp_log_destination="$tmp/exabgp.log" exabgp "$tmp/exabgp.conf" > /dev/null 2>&1 & PIDS+=($!)

gen_time() { sed -n "s/^\([0-9.]*\) $1.*/\1/p" "$tmp/gen.log" 2> /dev/null | head -1; }
# the alert, written while the outage lasts
alert_at=
for _ in $(seq 1200); do
  [ -n "$(gen_time 'recovery:')" ] && break
  if [ -z "$alert_at" ] && grep -q "\"state\":\"open\".*\"code\":\"$OUT_AS\"" "$tmp/alerts.jsonl" 2> /dev/null; then
    alert_at=$(date +%s.%N)
  fi
  sleep 0.1
done
t_out=$(gen_time 'outage start'); t_done=$(gen_time 'outage withdrawals done'); t_back=$(gen_time 'recovery:')
[ -n "$t_out" ] && [ -n "$t_back" ] || fail "the generator did not run its outage (gen.log)"
[ -n "$alert_at" ] || fail "no alert for AS$OUT_AS before the routes came back"
python3 - "$alert_at" "$t_out" "$t_done" $MIN_DURATION "$tmp/alerts.jsonl" << 'PY' || fail "alert latency"
import datetime, json, sys
at, t_out, t_done, md = (float(x) for x in sys.argv[1:5])
ev = [json.loads(l)["event"] for l in open(sys.argv[5]) if '"state":"open"' in l][0]
start = datetime.datetime.strptime(ev["start"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
print(f"alert written {at - t_out:.1f} s after the first withdrawal; {at - (start + md):+.1f} s from the outage's "
      f"start + min-duration ({int(md)} s); {at - (t_done + md):+.1f} s from the last withdrawal + min-duration")
assert at - (t_done + md) <= 10, "more than 10 s after min-duration past the last withdrawal"
PY

# every session up, and each table as the router holds it, once the
# re-announcements are in (up to 10 s)
tables_ok() {
  status > "$tmp/st.json" && python3 - "$tmp/st.json" $N4 $N6 << 'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n4, n6 = int(sys.argv[2]), int(sys.argv[3])
kinds = sorted(c["kind"] for c in s["connections"] if c["open"])
assert kinds == ["bgp", "bgp", "bmp", "bmp"], s["connections"]
want = {("127.0.0.1", "127.0.0.2"), ("127.0.0.1#2", "127.0.0.2"), ("gobgpd-bgp", "127.0.0.1"), ("frr-bgp", "127.0.0.3")}
held = {(p["router"], p["peer"]): p for p in s["peers"]}
assert want <= set(held), sorted(held)
for k in want:
    p = held[k]
    assert p["up"] and p["prefixes_v4"] == n4 and p["prefixes_v6"] == n6, p
PY
}
for _ in $(seq 100); do tables_ok 2> /dev/null && break; sleep 0.1; done
tables_ok || fail "watch's tables: $(head -c 3000 "$tmp/st.json")"
echo "four vantage points (two over BMP, two over BGP), each with $N4 IPv4 and $N6 IPv6 prefixes"
gobgp() { command gobgp -p $PAPI "$@"; }
vty() { vtysh --vty_socket "$tmp/frr" -c "$1"; }
for f in ipv4 ipv6; do
  gobgp neighbor 127.0.0.2 adj-in -a $f -j > "$tmp/gobgp-in-$f.json"
  gobgp neighbor 127.0.0.4 adj-out -a $f -j > "$tmp/gobgp-out-$f.json"
  vty "show bgp $f unicast neighbors 127.0.0.2 received-routes json" > "$tmp/frr-in-$f.json"
  vty "show bgp $f unicast neighbors 127.0.0.4 advertised-routes json" > "$tmp/frr-out-$f.json"
done

# let the recovery's bin close, then stop and read the events
sleep $((BIN * 2 + 2))
stop_watch
grep -q "\"state\":\"close\".*\"code\":\"$OUT_AS\"" "$tmp/alerts.jsonl" || fail "no recovery alert for AS$OUT_AS"
n=$(bgpdump_all "$tmp/rec")
python3 - "$tmp" << 'PY' || fail "watch's tables differ from the routers'"
import glob, json, os, subprocess, sys
tmp = sys.argv[1]
def router_set(stem):
    out = set()
    for f in ("ipv4", "ipv6"):
        j = json.load(open(f"{tmp}/{stem}-{f}.json"))
        if isinstance(j, dict) and any(k.endswith("Routes") for k in j):  # vtysh
            j = next(v for k, v in j.items() if k.endswith("Routes"))
        if isinstance(j, dict):
            out |= set(j)
        else:  # a list of destinations
            out |= {d.get("prefix") or d["nlri"]["prefix"] for d in j}
    return out
# watch's tables: what it recorded, folded in order (a session's end empties it)
tables = {}
for folder in sorted(glob.glob(f"{tmp}/rec/*")):
    src = os.path.basename(folder)
    for f in sorted(glob.glob(f"{folder}/UPDATES/*.bz2")):
        for line in subprocess.run(["bgpdump", "-m", f], capture_output=True, text=True).stdout.splitlines():
            x = line.split("|")
            if len(x) < 6: continue
            t = tables.setdefault((src, x[3]), set())
            if x[2] == "A": t.add(x[5])
            elif x[2] == "W": t.discard(x[5])
            elif x[2] == "STATE" and x[-1] != "6": t.clear()
pairs = {("127.0.0.1", "127.0.0.2"): ["gobgp-in", "frr-in"], ("127.0.0.1_2", "127.0.0.2"): ["gobgp-in", "frr-in"],
         ("gobgpd-bgp", "127.0.0.1"): ["gobgp-out"], ("frr-bgp", "127.0.0.3"): ["frr-out"]}
for key, stems in pairs.items():
    mine = tables.get(key, set())
    for stem in stems:
        theirs = router_set(stem)
        assert mine == theirs, (key, stem, len(mine), len(theirs), sorted(mine ^ theirs)[:5])
    print(f"{key[0]} peer {key[1]}: {len(mine)} prefixes, the same as {' and '.join(stems)}")
PY
echo "the recording: $n files, each decodes with bgpdump"
python3 - "$tmp/events.jsonl" "$t_out" "$t_back" $OUT_AS $N4 $N6 << 'PY' || fail "events"
import json, sys, datetime
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
t_out, t_back, out_as = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
ts = lambda s: datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp()
outages = [e for e in events if e["kind"] == "outage"]
dark = sorted({e["entity"]["code"] for e in outages})
assert dark == [out_as], f"dark: {dark} (want only AS{out_as}); {outages}"
e = outages[0]
start, end = ts(e["start"]), e["end"] and ts(e["end"])
print(f"outage of AS{out_as}: {e['start']} to {e['end']}, {e['prefix_count']} prefixes, severity {e['severity']}; "
      f"start {start - t_out:+.0f} s from the first withdrawal, end {end - t_back:+.0f} s from the re-announcement; "
      f"{e['explanation']['peers_agreeing']} of {e['explanation']['voting_peers']} voting peers agree")
assert abs(start - t_out) <= 15, (e["start"], t_out)
assert end and abs(end - t_back) <= 20, (e["end"], t_back)
# the generator gives origin ORIGINS[i % 40] to route i: AS64605 is index 5
n4, n6 = int(sys.argv[5]), int(sys.argv[6])
want4 = len([i for i in range(n4) if i % 40 == 5])
want6 = len([i for i in range(n6) if i % 40 == 5])
assert e["prefix_count"] in (want4, want6, want4 + want6), (e["family"], e["prefix_count"], want4, want6)
assert e["severity"] >= 0.99, e["severity"]
PY
# replay of the recording: the same events
"$DW" replay "$tmp/rec" "${DETECT[@]}" --events "$tmp/replay.jsonl" 2> "$tmp/replay.err" || fail "replay: $(tail -3 "$tmp/replay.err")"
python3 - "$tmp/events.jsonl" "$tmp/replay.jsonl" << 'PY' || fail "replay of the recording differs from watch"
import json, sys
def key(path):
    ev = [json.loads(l) for l in open(path) if l.strip()]
    return sorted((e["kind"], json.dumps(e["entity"], sort_keys=True), e["start"], e.get("end"), e.get("prefix_count"))
                  for e in ev if e["kind"] in ("outage", "instability"))
w, r = key(sys.argv[1]), key(sys.argv[2])
assert w == r, (w, r)
print(f"replay of the recording: the same {len(w)} event(s)")
PY
echo "lab: gobgpd and FRR over BMP and BGP: the outage of AS$OUT_AS seen live"
