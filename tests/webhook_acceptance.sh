#!/usr/bin/env bash
# Alerts by webhook, end to end: a loopback HTTP server (python3) counts the
# JSON bodies POSTed while `replay --alert-webhook` runs on a scenario; every
# alert written to the JSON-lines sink must have arrived, with its text field.
# This also loads darkwatch-http.so, the on-demand libcurl module.
# Usage: tests/webhook_acceptance.sh DARKWATCH ARCHIVE
set -euo pipefail
DW=$1; A=$2
tmp=$(mktemp -d); trap 'kill $srv 2>/dev/null || true; rm -rf "$tmp"' EXIT
cat > "$tmp/server.py" <<'PY'
import http.server, json, sys
out = open(sys.argv[1], "a")
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        j = json.loads(body)
        ok = self.headers["Content-Type"] == "application/json" and j.get("text") and j.get("state")
        out.write(("ok " if ok else "bad ") + j.get("state", "?") + "\n"); out.flush()
        self.send_response(200 if ok else 400); self.end_headers()
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
python3 "$tmp/server.py" "$tmp/received" "$tmp/port" & srv=$!
for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")
"$DW" replay "$A" --events /dev/null --alert "$tmp/alerts.jsonl" --alert-webhook "http://127.0.0.1:$port/alert" 2> "$tmp/err"
sent=$(wc -l < "$tmp/alerts.jsonl")
got=$(grep -c '^ok ' "$tmp/received" || true)
bad=$(grep -c '^bad ' "$tmp/received" || true)
echo "alerts written $sent, received by the webhook $got, malformed $bad"
if grep -q "webhook" "$tmp/err"; then echo "webhook errors:"; grep webhook "$tmp/err" | head; exit 1; fi
[ "$sent" -gt 0 ] && [ "$got" = "$sent" ] && [ "$bad" = 0 ]
