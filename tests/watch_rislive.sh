#!/usr/bin/env bash
# watch --ris-live on the real RIS Live sample (libbgpstream's test file):
# the UPDATE reaches routing state under its collector, the peer that went
# down is a peer_down notice, the ris_error and the line cut short are damage
# naming their line numbers, the run ends by itself at the end of the file,
# and the store is a darkwatch database a reader accepts. Also the
# configuration: the documented example resolves, flags override it, a typo
# is refused naming its line.
# Usage: tests/watch_rislive.sh DARKWATCH DATA_DIR SOURCE_DIR
# (--warmup 0 below: the sample spans seconds; its peer must vote at once)
set -euo pipefail
DW=$1; D=$2; SRC=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; cat "$tmp/err" 2>/dev/null; exit 1; }
sample=$D/rislive/libbgpstream__test_ris-live-stream.json

timeout 20 "$DW" watch --ris-live "$sample" --geo none --as-names none --warmup 0 --events "$tmp/ev.jsonl" --db "$tmp/live.sqlite" \
  2> "$tmp/err" || fail "watch exited $?"
grep -q "ris-live $sample: 7 lines, 1 updates, 1 elements, 1 peer states, 3 skipped, 2 damaged" "$tmp/err" || fail "ris-live counts"
grep -q "darkwatch: ris-live: RIS Live line 3: ris_error from the server" "$tmp/err" || fail "ris_error not reported"
grep -q "RIS Live line 7: not JSON" "$tmp/err" || fail "the line cut short is not reported by number"
grep -q "2 elements (1 announcements, 0 withdrawals, 1 peer states), 2 peers, 1 prefixes; 2 damaged" "$tmp/err" || fail "engine totals"
# the peer of rrc01 went down and never came back: an open peer_down notice
python3 - "$tmp/ev.jsonl" <<'PY' || fail "events"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
downs = [e for e in ev if e.get("kind") == "peer_down"]
assert len(downs) == 1, ev
d = json.dumps(downs[0])
assert "rrc01" in d and "195.66.224.59" in d and "1553625081" in d.replace("2019-03-26T18:31:21Z", "1553625081"), d
PY
"$DW" entities --db "$tmp/live.sqlite" > "$tmp/entities" 2>> "$tmp/err" || fail "the store is not readable by entities"
grep -q "268481\|asn" "$tmp/entities" || fail "the announced origin AS268481 is not in the store"

# configuration: the documented example resolves; a flag overrides the file
"$DW" watch --config "$SRC/docs/watch.example.toml" --check-config --bmp-idle 7 > "$tmp/cfg" 2> "$tmp/err" || fail "example config"
grep -qx "bmp = 0.0.0.0:11019" "$tmp/cfg" || fail "bmp.listen"
grep -qx "bmp.idle = 7" "$tmp/cfg" || fail "--bmp-idle does not override bmp.idle"
grep -qx "bgp.peer = 192.0.2.2 AS65001 name edge1 max_prefixes 1000000" "$tmp/cfg" || fail "bgp.peer"
grep -qx "bgp.peer = 2001:db8::2 ASany name 2001:db8::2 max_prefixes 0" "$tmp/cfg" || fail "bgp.peer without AS"
grep -qx "limits.queue_events = 65536" "$tmp/cfg" || fail "limits"
printf '[bmp]\nlisten = "127.0.0.1:1"\nidel = 5\n' > "$tmp/typo.toml"
if "$DW" watch --config "$tmp/typo.toml" --check-config > /dev/null 2> "$tmp/err"; then fail "a typo was accepted"; fi
grep -q "typo.toml: line 3: unknown key bmp.idel" "$tmp/err" || fail "the typo is not named with its line"
printf 'http = "localhost:80"\n' > "$tmp/bad.toml"
if "$DW" watch --config "$tmp/bad.toml" --check-config > /dev/null 2> "$tmp/err"; then fail "a host name was accepted"; fi
grep -q "line 1: http localhost:80: localhost is not an IP address" "$tmp/err" || fail "bad endpoint message"
echo "watch --ris-live and its configuration: ok"
