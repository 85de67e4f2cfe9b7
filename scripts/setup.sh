#!/usr/bin/env bash
# Installs what darkwatch needs on Debian 12 (as root), then configures and builds.
# Usage: scripts/setup.sh [build-dir] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS=(g++ pmacct cmake ninja-build pkgconf libcairo2-dev libcurl4-openssl-dev libisal-dev libgtest-dev libexpected-dev nlohmann-json3-dev libcli11-dev
      zlib1g-dev libbz2-dev liblzma-dev libzstd-dev libsqlite3-dev libmaxminddb-dev
      bgpdump bzip2 lbzip2 xz-utils zstd python3 clang libclang-rt-14-dev
      libasio-dev libtomlplusplus-dev libcpp-httplib-dev  # watch: sockets, config; serve and watch --http
      exabgp gobgpd frr apache2-utils  # real BGP peers and BMP routers for the session and lab tests; ab for bench/api.sh
      chromium)  # chromium: the dashboard test (tests/web_dashboard.sh)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# npm fetches the country database and builds the dashboard (web/); a machine
# with its own Node.js keeps it
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Country database (CC0, ip-location-db) from the npm registry, unless already present.
if [ ! -f third_party/geo/geo-whois-asn-country.mmdb ] && command -v npm >/dev/null; then
  mkdir -p third_party/geo
  (cd third_party/geo && npm pack --silent @ip-location-db/geo-whois-asn-country-mmdb >/dev/null 2>&1 \
     && tar -xzf ip-location-db-geo-whois-asn-country-mmdb-*.tgz \
     && cp package/geo-whois-asn-country.mmdb . && rm -rf package ./*.tgz) \
   || echo "setup: could not fetch the country database; use --geo-delegated instead" >&2
fi
# AS names (ip-location-db asn, from RouteViews and RIR data; see its licences)
# reduced to asn,name. Optional: events and reports then show numbers only.
if [ ! -f third_party/asn/as-names.csv ] && command -v npm >/dev/null; then
  mkdir -p third_party/asn
  (cd third_party/asn && npm pack --silent @ip-location-db/asn >/dev/null 2>&1 \
     && tar -xzf ip-location-db-asn-*.tgz \
     && python3 -c 'import csv,sys
names={}
for f in ("package/asn-ipv4.csv","package/asn-ipv6.csv"):
    for row in csv.reader(open(f, newline="")):
        if len(row) >= 4 and row[2].isdigit(): names.setdefault(int(row[2]), row[3])
w=csv.writer(open("as-names.csv","w",newline=""))
for a in sorted(names): w.writerow([a, names[a]])' \
     && cp package/*LICENSE* . 2>/dev/null; rm -rf package ./*.tgz) \
   || echo "setup: could not fetch AS names; pass --as-names FILE" >&2
fi
BUILD=${1:-build}; shift || true
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
