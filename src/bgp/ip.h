// Addresses and prefixes: plain values, no I/O.
#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dw::bgp {

enum class Afi : uint16_t { Ipv4 = 1, Ipv6 = 2 };
enum class Safi : uint8_t { Unicast = 1, Multicast = 2, Both = 3 };

struct IpAddr {
  Afi afi = Afi::Ipv4;
  std::array<uint8_t, 16> b{};  // IPv4 uses the first 4 bytes

  static IpAddr v4(uint32_t host_order);
  uint32_t v4_host() const {
    return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
  }
  bool is_v4() const { return afi == Afi::Ipv4; }
  bool is_zero() const;
  // Writes the text form into out (at least 46 bytes); returns chars written.
  // IPv6 follows RFC 5952 / glibc inet_ntop; with compress_single_zero a run of
  // one zero word is shortened to "::" too, as bgpdump's own inet_ntop copy does.
  size_t format(char* out, bool compress_single_zero = false) const;
  std::string str() const;
  static std::optional<IpAddr> parse(std::string_view s);
  auto operator<=>(const IpAddr&) const = default;
};

struct Prefix {
  IpAddr addr;
  uint8_t len = 0;
  uint32_t path_id = 0;  // RFC 7911 ADD-PATH identifier, 0 when absent

  size_t format(char* out, bool compress_single_zero = false) const;  // "a.b.c.d/len"
  std::string str() const;
  static std::optional<Prefix> parse(std::string_view s);
  bool contains(const Prefix& other) const;  // other equal to or more specific than this
  auto operator<=>(const Prefix&) const = default;
};

// Writes the decimal form of v; returns chars written.
size_t format_u32(char* out, uint32_t v);

}  // namespace dw::bgp
