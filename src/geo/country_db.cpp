#include "geo/country_db.h"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dw::geo {

namespace {

class MmdbCountryDb : public CountryDb {
 public:
  explicit MmdbCountryDb(const std::string& path) {
    if (MMDB_open(path.c_str(), MMDB_MODE_MMAP, &db_) != MMDB_SUCCESS)
      throw std::runtime_error("cannot open country database " + path);
  }
  ~MmdbCountryDb() override { MMDB_close(&db_); }
  CountryCode lookup(const bgp::IpAddr& a, unsigned* block_len) const override {
    sockaddr_storage ss{};
    if (a.is_v4()) {
      auto* s = reinterpret_cast<sockaddr_in*>(&ss);
      s->sin_family = AF_INET;
      std::memcpy(&s->sin_addr, a.b.data(), 4);
    } else {
      auto* s = reinterpret_cast<sockaddr_in6*>(&ss);
      s->sin6_family = AF_INET6;
      std::memcpy(&s->sin6_addr, a.b.data(), 16);
    }
    int err = 0;
    auto r = MMDB_lookup_sockaddr(const_cast<MMDB_s*>(&db_), reinterpret_cast<sockaddr*>(&ss), &err);
    if (block_len) *block_len = a.is_v4() && r.netmask >= 96 ? r.netmask - 96 : r.netmask;
    if (err != MMDB_SUCCESS || !r.found_entry) return 0;
    MMDB_entry_data_s d;
    // ip-location-db's files put the code at country_code; GeoLite2/DB-IP at country.iso_code
    if (MMDB_get_value(&r.entry, &d, "country_code", nullptr) != MMDB_SUCCESS || !d.has_data) {
      if (MMDB_get_value(&r.entry, &d, "country", "iso_code", nullptr) != MMDB_SUCCESS || !d.has_data) return 0;
    }
    if (d.type != MMDB_DATA_TYPE_UTF8_STRING || d.data_size != 2) return 0;
    return static_cast<CountryCode>((d.utf8_string[0] << 8) | d.utf8_string[1]);
  }

 private:
  MMDB_s db_{};
};

// RIR delegated files: ranges of IPv4 (start, count) and IPv6 (prefix) per country.
class DelegatedCountryDb : public CountryDb {
 public:
  explicit DelegatedCountryDb(const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
      std::ifstream in(p);
      if (!in) throw std::runtime_error("cannot open delegated file " + p);
      std::string line;
      while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> f;
        std::stringstream ss(line);
        std::string x;
        while (std::getline(ss, x, '|')) f.push_back(x);
        if (f.size() < 7 || f[1].size() != 2 || f[1] == "*") continue;
        CountryCode cc = country_code(f[1]);
        if (f[2] == "ipv4") {
          in_addr a{};
          if (inet_pton(AF_INET, f[3].c_str(), &a) != 1) continue;
          uint64_t start = ntohl(a.s_addr);
          v4_.push_back({start, start + std::stoull(f[4]) - 1, cc});
        } else if (f[2] == "ipv6") {
          auto ip = bgp::IpAddr::parse(f[3]);
          if (!ip) continue;
          uint64_t hi = 0;
          for (int i = 0; i < 8; ++i) hi = hi << 8 | ip->b[static_cast<size_t>(i)];
          unsigned len = static_cast<unsigned>(std::stoul(f[4]));
          uint64_t span = len >= 64 ? 1 : (uint64_t{1} << (64 - len));
          v6_.push_back({hi, hi + span - 1, cc});
        }
      }
    }
    std::sort(v4_.begin(), v4_.end());
    std::sort(v6_.begin(), v6_.end());
  }
  CountryCode lookup(const bgp::IpAddr& a, unsigned* block_len) const override {
    if (block_len) *block_len = a.is_v4() ? 24 : 48;
    uint64_t k;
    const auto* t = &v4_;
    if (a.is_v4()) {
      k = a.v4_host();
    } else {
      k = 0;
      for (int i = 0; i < 8; ++i) k = k << 8 | a.b[static_cast<size_t>(i)];
      t = &v6_;
    }
    auto it = std::upper_bound(t->begin(), t->end(), Range{k, UINT64_MAX, 0xffff});
    if (it == t->begin()) return 0;
    --it;
    return k <= it->last ? it->cc : 0;
  }

 private:
  struct Range {
    uint64_t first, last;
    CountryCode cc;
    bool operator<(const Range& o) const { return first < o.first || (first == o.first && last < o.last); }
  };
  std::vector<Range> v4_, v6_;
};

}  // namespace

std::unique_ptr<CountryDb> CountryDb::open_mmdb(const std::string& path) {
  return std::make_unique<MmdbCountryDb>(path);
}
std::unique_ptr<CountryDb> CountryDb::open_delegated(const std::vector<std::string>& paths) {
  return std::make_unique<DelegatedCountryDb>(paths);
}

std::vector<std::pair<CountryCode, uint64_t>> countries_of(const CountryDb& db, const bgp::Prefix& p) {
  std::vector<std::pair<CountryCode, uint64_t>> out;
  auto add = [&](CountryCode c, uint64_t n) {
    for (auto& [cc, k] : out)
      if (cc == c) return void(k += n);
    out.push_back({c, n});
  };
  if (!p.addr.is_v4()) {
    add(db.lookup(p.addr), p.len >= 48 ? 1 : (uint64_t{1} << (48 - p.len)));
    return out;
  }
  if (p.len >= 24) {
    add(db.lookup(p.addr), 1);
    return out;
  }
  uint64_t first = p.addr.v4_host() >> 8, n = uint64_t{1} << (24 - p.len);
  for (uint64_t i = 0; i < n;) {
    unsigned bl = 24;
    CountryCode c = db.lookup(bgp::IpAddr::v4(static_cast<uint32_t>((first + i) << 8)), &bl);
    uint64_t step = bl >= 24 ? 1 : (uint64_t{1} << (24 - bl));
    // the block may start before this /24: only count up to its end
    uint64_t block_first = ((first + i) / step) * step;
    uint64_t take = std::min(block_first + step - (first + i), n - i);
    add(c, take);
    i += take;
  }
  return out;
}

}  // namespace dw::geo
