#include "geo/country_db.h"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "mrt/input.h"

namespace dw::geo {

namespace {

class MmdbCountryDb : public CountryDb {
 public:
  explicit MmdbCountryDb(const std::string& path) : path_(path) {
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

 std::string describe() const override { return "mmdb " + path_; }

 private:
  std::string path_;
  MMDB_s db_{};
};

// RIR delegated files: ranges of IPv4 (start, count) and IPv6 (prefix) per country.
class DelegatedCountryDb : public CountryDb {
 public:
  explicit DelegatedCountryDb(const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
      mrt::Input in(p);  // throws when unreadable: an edge
      std::string line;
      for (;;) {
        auto chunk = in.peek(1 << 16);
        if (chunk.empty()) break;
        for (uint8_t c : chunk) {
          if (c == '\n') {
            add_line(line);
            line.clear();
          } else {
            line.push_back(static_cast<char>(c));
          }
        }
        in.consume(chunk.size());
      }
      add_line(line);
      if (!in.error().empty()) throw std::runtime_error("delegated file " + p + ": " + in.error());
    }
    std::sort(v4_.begin(), v4_.end());
    std::sort(v6_.begin(), v6_.end());
    files_ = paths.size();
  }
  CountryCode asn_country(uint32_t asn) const override {
    auto it = asn_.find(asn);
    return it == asn_.end() ? 0 : it->second;
  }
  std::string describe() const override {
    return "RIR delegated files (" + std::to_string(files_) + "; " + std::to_string(v4_.size()) + " IPv4, " +
           std::to_string(v6_.size()) + " IPv6 ranges, " + std::to_string(asn_.size()) + " ASNs)";
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
  void add_line(std::string_view line) {
    if (line.empty() || line[0] == '#') return;
    std::string_view f[7];
    size_t n = 0;
    while (n < 7) {
      auto bar = line.find('|');
      f[n++] = line.substr(0, bar);
      if (bar == std::string_view::npos) break;
      line.remove_prefix(bar + 1);
    }
    if (n < 7 || f[1].size() != 2 || f[1] == "*") return;
    CountryCode cc = country_code(std::string(f[1]));
    uint64_t value = 0;
    for (char c : f[4]) {
      if (c < '0' || c > '9') return;
      value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    if (f[2] == "ipv4") {
      in_addr a{};
      if (inet_pton(AF_INET, std::string(f[3]).c_str(), &a) != 1 || value == 0) return;
      uint64_t start = ntohl(a.s_addr);
      v4_.push_back({start, start + value - 1, cc});
    } else if (f[2] == "ipv6") {
      auto ip = bgp::IpAddr::parse(f[3]);
      if (!ip || value > 128) return;
      uint64_t hi = 0;
      for (int i = 0; i < 8; ++i) hi = hi << 8 | ip->b[static_cast<size_t>(i)];
      uint64_t span = value >= 64 ? 1 : (uint64_t{1} << (64 - value));
      v6_.push_back({hi, hi + span - 1, cc});
    } else if (f[2] == "asn") {
      uint64_t first = 0;
      for (char c : f[3]) {
        if (c < '0' || c > '9') return;
        first = first * 10 + static_cast<uint64_t>(c - '0');
      }
      for (uint64_t i = 0; i < value && i < 65536; ++i) asn_[static_cast<uint32_t>(first + i)] = cc;
    }
  }
  std::vector<Range> v4_, v6_;
  std::unordered_map<uint32_t, CountryCode> asn_;
  size_t files_ = 0;
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
