#!/usr/bin/env python3
"""Asks a running `darkwatch serve` (kp-2014-small store) every route; see api_acceptance.sh."""
import http.client
import json
import socket
import sys
import threading
import time

PORT = int(sys.argv[1])
REPLAY_EVENTS = [json.loads(l) for l in open(sys.argv[2])]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def get(path, status=200):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    c.close()
    check(r.status == status, f"{path}: status {r.status}, expected {status}: {body[:300]!r}")
    if r.getheader("Content-Type", "").startswith("application/json"):
        j = json.loads(body)
        for k in ("type", "metadata", "requestParameters", "error", "perf", "data"):
            check(k in j, f"{path}: envelope lacks {k}")
        return j
    return body


def raw(request, timeout=10):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    s.sendall(request)
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except socket.timeout:
        pass
    s.close()
    return out


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


# --- entities
ents = get("/v2/entities/query?entityType=country&search=korea")
kp = [e for e in ents["data"] if e["code"] == "KP"]
check(len(kp) == 1, "KP found by searching its name")
kp = kp[0]
check(kp["name"] == "North Korea" and kp["type"] == "country", "KP's name and type")
check(kp["attrs"]["status"] in ("normal", "outage", "partial", "instability"), "KP has a status")
check(kp["attrs"]["lastEvent"]["kind"] == "outage" and iso(kp["attrs"]["lastEvent"]["start"]) == "2014-12-22T16:15:15Z",
      f"KP's last event is the 16:15 outage: {kp['attrs']['lastEvent']}")
check(kp["attrs"]["visible24s"] == 4, "KP's 4 /24s visible at the end")
allc = get("/v2/entities/query?entityType=country&limit=5000")
check(allc["total"] == len(allc["data"]) and allc["total"] > 100, "every country listed")
rel = get("/v2/entities/query?relatedTo=country/KP&entityType=asn")
check([e["code"] for e in rel["data"]] == ["131279"], f"KP's ASes: {[e['code'] for e in rel['data']]}")
page = get("/v2/entities/query?entityType=country&limit=2&page=1")
check(len(page["data"]) == 2 and page["data"][0]["code"] == allc["data"][2]["code"], "limit and page")

# --- signals: the 22 Dec outage at full resolution and downsampled
sig = get("/v2/signals/raw/country/KP?from=2014-12-22T16:00:00Z&until=2014-12-22T17:00:00Z")
series = {s["subtype"]: s for s in sig["data"][0]}
check(set(series) == {"visible24s", "visible48s", "prefixes", "churn", "upstreams", "fullFeedPeers"}, "six series")
v = series["visible24s"]
check(v["from"] == 1419264000 and v["step"] == 300 and len(v["values"]) == 12, f"window and step: {v['from']} {v['step']}")
check(v["values"][:3] == [4, 4, 4] and v["values"][3] == 0, f"KP dark from the 16:15 bin: {v['values']}")
check(series["churn"]["values"][3] >= 20, "the withdrawals at 16:15 are churn")
full = get("/v2/signals/raw/country/KP")["data"][0][0]
day = get("/v2/signals/raw/country/KP?maxPoints=20")["data"][0][0]
check(len(day["values"]) <= 20 and day["step"] > 300, "maxPoints downsamples")
# every 5-minute dip appears as the minimum of the point holding it
for i, x in enumerate(day["values"]):
    lo = i * day["step"] // 300
    hi = lo + day["step"] // 300
    chunk = [y for y in full["values"][lo:hi] if y is not None]
    check(x == min(chunk), f"point {i}: {x} is the minimum of its bins {min(chunk)}")
# the 5-minute outage at 07:17 survives in a 20-point day
t = (1419232645 - day["from"]) // day["step"]
check(day["values"][t] == 0, f"the 07:17 outage is a 0 in the downsampled series: {day['values']}")

# --- events
evs = get("/v2/outages/events?entityType=country&entityCode=KP&kind=outage")
starts = [(iso(e["start"]), iso(e["start"] + e["duration"])) for e in evs["data"]]
check(("2014-12-22T16:15:15Z", "2014-12-23T01:46:05Z") in starts, f"KP's outage at the right times: {starts}")
replayed = sum(1 for e in REPLAY_EVENTS if e["kind"] == "outage" and e["entity"]["code"] == "KP")
check(evs["total"] == replayed, f"as many KP outages as the replay found ({evs['total']} vs {replayed})")
byscore = get("/v2/outages/events?orderBy=score&limit=1")
check(byscore["data"][0]["duration"] > 30000 and byscore["total"] >= 10, "orderBy=score puts the long outage first")
month = get("/v2/outages/events?from=2014-12-01&until=2015-01-01&limit=1000")
check(month["total"] == 10, f"all 10 events of the month: {month['total']}")
check(get("/v2/outages/events?from=2014-12-24&until=2014-12-25")["total"] == 0, "none after the run")
summ = get("/v2/outages/summary?entityType=country")
check(summ["data"][0]["entity"]["code"] == "KP" and summ["data"][0]["outage_cnt"] == 4, f"summary: {summ['data'][:1]}")
eid = [e for e in evs["data"] if iso(e["start"]) == "2014-12-22T16:15:15Z"][0]["id"]
one = get(f"/v2/outages/events/{eid}")["data"]
check(one["single_upstream"] is True and [u["asn"] for u in one["upstreams"]] == [4837], "single upstream AS4837")
check([o["asn"] for o in one["origins"]] == [131279] and one["origins"][0]["name"], "origin 131279 with its name")
check(len(one["prefixes"]) == 4 and one["agreement"]["peers"] >= 5, f"prefixes and agreement: {one.get('agreement')}")
check(one["detail"]["explanation"]["onset"]["style"] == "abrupt", "the whole explanation is there")
check(any(n["kind"] == "peer_down" for n in one["ruledOut"]), "the 18:00 peer reset is among the notices ruled out")
check(any(r["location"] == "asn/131279" for r in one["related"]), "the AS's outage is related")

# --- errors: 400 naming the parameter, 404 for unknown things
for path, param in [("/v2/signals/raw/country/KP?maxPoints=0", "maxPoints"),
                    ("/v2/signals/raw/country/KP?maxPoints=120001", "maxPoints"),
                    ("/v2/signals/raw/country/KP?from=noon", "from"),
                    ("/v2/signals/raw/country/KP?from=2000-01-01&until=2014-12-23", "until"),
                    ("/v2/signals/raw/country/KP?from=1&from=2", "from"),
                    ("/v2/signals/raw/country/KP?colour=red", "colour"),
                    ("/v2/signals/raw/country/KP?from=%zz", "from"),
                    ("/v2/outages/events?limit=0", "limit"),
                    ("/v2/outages/events?page=-1", "page"),
                    ("/v2/outages/events?orderBy=fun", "orderBy"),
                    ("/v2/entities/query?relatedTo=KP", "relatedTo"),
                    ("/v2/entities/query?entityType=planet", "entityType"),
                    ("/v2/outages/events/abc", "id")]:
    j = get(path, 400)
    check(j["error"] and j["error"]["parameter"] == param, f"{path}: names {param}: {j['error']}")
for path in ["/v2/signals/raw/country/ZZ", "/v2/signals/raw/asn/64511", "/v2/outages/events/999999",
             "/v2/entities/query?relatedTo=country/ZZ", "/v2/profile/asn/64511", "/v2/nope", "/nope.js"]:
    j = get(path, 404)
    check(j["error"]["code"] == 404 and j["data"] is None, f"{path}: 404 in the envelope")
# exposure profiles (replay --db stored them): the latest, and the history
kp = get("/v2/profile/country/KP")
check(kp["type"] == "profile" and [u["asn"] for u in kp["data"]["international_upstreams"]] == [4837],
      f"/v2/profile/country/KP: AS4837 its one international upstream ({kp['data'] and kp['data'].get('international_upstreams')})")
hist = get("/v2/profile/country/KP?from=2014-12-01&until=2015-01-01")
check(hist["total"] == len(hist["data"]) >= 1 and hist["data"][0]["day"] == "2014-12-22"
      and hist["data"][0]["largest_dependence"]["asn"] == 4837, f"the history of KP: {hist['data']}")
check(get("/v2/profile/country/KP?at=1&until=2", 400)["error"]["parameter"] == "at", "at with until: 400 naming at")

# --- the dashboard and traversal attempts (raw requests: clients would normalise these paths)
index = get("/")
check(b"darkwatch" in index, "the index page")
for target in [b"/../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/assets/..%2f..%2fetc%2fpasswd",
               b"/assets/%2e%2e%2fetc%2fpasswd", b"//etc/passwd", b"/etc/passwd", b"http://x/etc/passwd",
               b"/index.html%00.js", b"/assets\\..\\etc\\passwd", b"/%5c..%5cetc%5cpasswd"]:
    r = raw(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    status = r.split(b" ", 2)[1] if r.startswith(b"HTTP/") else b"none"
    check(status in (b"400", b"404") and b"root:" not in r, f"{target!r}: refused ({status!r})")
# methods, bodies, header limits
check(raw(b"POST /v2/outages/events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      .startswith(b"HTTP/1.1 405"), "POST is 405")
check(raw(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello").startswith(b"HTTP/1.1 413"),
      "a body is 413")
many = b"".join(b"X-H%d: 1\r\n" % i for i in range(60))
check(raw(b"GET / HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n").startswith(b"HTTP/1.1 431"), "60 headers are 431")
check(raw(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 414"), "a 9 KB URI is 414")

# --- a slow client (one byte a second) is dropped; another is served meanwhile
slow = socket.create_connection(("127.0.0.1", PORT), timeout=15)
t0 = time.time()
served_meanwhile = []


def other():
    time.sleep(1.5)
    s = time.time()
    get("/v2/outages/events?limit=1")
    served_meanwhile.append(time.time() - s)


th = threading.Thread(target=other)
th.start()
got = b""
request = b"GET /v2/outages/events HTTP/1.1\r\nHost: x\r\n\r\n"
try:
    for b in request:
        slow.sendall(bytes([b]))
        slow.settimeout(1.0)
        try:
            d = slow.recv(4096)
            if not d:
                break
            got += d
        except socket.timeout:
            pass
except (BrokenPipeError, ConnectionResetError):
    pass
elapsed = time.time() - t0
th.join()
check(got.startswith(b"HTTP/1.1 408"), f"the slow client was told 408: {got[:60]!r}")
check(elapsed < 9, f"the slow client was dropped after {elapsed:.1f} s (request would take {len(request)} s)")
check(served_meanwhile and served_meanwhile[0] < 1, f"another client was served meanwhile ({served_meanwhile})")

print(f"api acceptance: {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
