#!/usr/bin/env bash
# HTTP API speed (issue 11): against a synthetic year of 5-minute bins for
# every country and ASES origin ASes (bench/api_store.py), the time of one
# entity's year at full resolution, the same with maxPoints=1000, the overview
# of all countries, and the events of a month: median of N requests from one
# client, then the median with 50 concurrent clients (ab, apache2-utils).
# Goals: entity year < 50 ms, overview < 100 ms, 50-concurrent median < 2x single.
# CACHE_MB 0 (the default here) times every request computed from the store;
# 64 (serve's default) lets repeated requests come from the response cache.
# Usage: bench/api.sh [DB] [ASES] [N] [CACHE_MB]   (DB default build/bench-api.db, made once)
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-build/bench-api.db}; ASES=${2:-1000}; N=${3:-20}; CACHE=${4:-0}
command -v ab >/dev/null || { echo "bench/api.sh needs ab (apt-get install apache2-utils)"; exit 1; }
[ -f "$DB" ] || python3 bench/api_store.py "$DB" "$ASES"
err=$(mktemp); trap 'kill $pid 2>/dev/null; rm -f "$err"' EXIT
build/darkwatch serve --db "$DB" --listen 127.0.0.1:0 --cache-mb "$CACHE" 2> "$err" & pid=$!
for _ in $(seq 100); do port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$err"); [ -n "$port" ] && break; sleep 0.1; done
base="http://127.0.0.1:$port"
median() { ab -q -n "$1" -c "$2" "$3" 2>/dev/null | awk '/^  50%/ {print $2}'; }
echo "cache: $CACHE MB; median of $N requests from 1 client, of $((N * 10 > 200 ? N * 10 : 200)) from 50"
printf '%-44s %10s %10s %12s %8s\n' "request" "bytes" "1 client" "50 clients" "ratio"
for name_url in \
    "entity year, full resolution|/v2/signals/raw/country/US?from=2014-01-01&until=2015-01-01" \
    "entity year, maxPoints=1000|/v2/signals/raw/country/US?from=2014-01-01&until=2015-01-01&maxPoints=1000" \
    "AS year, full resolution (sparse rows)|/v2/signals/raw/asn/64600?from=2014-01-01&until=2015-01-01" \
    "overview of all countries|/v2/entities/query?entityType=country&limit=5000" \
    "events of a month|/v2/outages/events?from=2014-06-01&until=2014-07-01&limit=1000" \
    "summary of a month|/v2/outages/summary?from=2014-06-01&until=2014-07-01&limit=1000"; do
  name=${name_url%%|*}; url=$base${name_url#*|}
  bytes=$(curl -s "$url" | wc -c)
  curl -s "$url" >/dev/null  # warm the page cache
  one=$(median "$N" 1 "$url")
  many=$(median $((N * 10 > 200 ? N * 10 : 200)) 50 "$url")
  printf '%-44s %10s %8s ms %10s ms %8s\n' "$name" "$bytes" "$one" "$many" "$(awk -v a="$many" -v b="$one" 'BEGIN { printf "%.1fx", b ? a / b : 0 }')"
done
