// Address to country: a MaxMind-format database through libmaxminddb (default:
// the CC0 ip-location-db geo-whois-asn-country), or RIR delegated files.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bgp/ip.h"

namespace dw::geo {

using CountryCode = uint16_t;  // two letters packed: 'K' << 8 | 'P'; 0 = unknown
inline std::string country_str(CountryCode c) {
  if (!c) return "ZZ";
  return std::string{static_cast<char>(c >> 8), static_cast<char>(c & 0xff)};
}
inline CountryCode country_code(const std::string& s) {
  return s.size() == 2 ? static_cast<CountryCode>((s[0] << 8) | s[1]) : 0;
}

class CountryDb {
 public:
  // Throws std::runtime_error when the file cannot be read (an edge).
  static std::unique_ptr<CountryDb> open_mmdb(const std::string& path);
  // RIR delegated files ("registry|cc|type|start|value|date|status"), plain or
  // compressed (gzip, bzip2, xz, zstd: told by their first bytes).
  static std::unique_ptr<CountryDb> open_delegated(const std::vector<std::string>& paths);
  virtual ~CountryDb() = default;
  // The country of addr, and in *block_len the prefix length of the block that
  // answer holds for (so a caller can skip ahead).
  virtual CountryCode lookup(const bgp::IpAddr& addr, unsigned* block_len = nullptr) const = 0;
  // The country an AS number is registered in (0 when the source does not say):
  // the fallback for address space the source does not place.
  virtual CountryCode asn_country(uint32_t) const { return 0; }
  // What the source is, for logs and the store ("mmdb FILE", "rir N files").
  virtual std::string describe() const = 0;
};

// Splits a prefix across the countries of the /24s (IPv4) it covers;
// IPv6 prefixes go whole to the country of their first address.
std::vector<std::pair<CountryCode, uint64_t>> countries_of(const CountryDb& db, const bgp::Prefix& p);

}  // namespace dw::geo
