#include "bgp/ip.h"

#include <arpa/inet.h>

#include <cstring>

namespace dw::bgp {

size_t format_u32(char* out, uint32_t v) {
  char tmp[10];
  size_t n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  for (size_t i = 0; i < n; ++i) out[i] = tmp[n - 1 - i];
  return n;
}

IpAddr IpAddr::v4(uint32_t h) {
  IpAddr a;
  a.b[0] = static_cast<uint8_t>(h >> 24);
  a.b[1] = static_cast<uint8_t>(h >> 16);
  a.b[2] = static_cast<uint8_t>(h >> 8);
  a.b[3] = static_cast<uint8_t>(h);
  return a;
}

bool IpAddr::is_zero() const {
  size_t n = is_v4() ? 4 : 16;
  for (size_t i = 0; i < n; ++i)
    if (b[i]) return false;
  return true;
}

static size_t format_v4(char* out, const uint8_t* b) {
  size_t n = 0;
  for (int i = 0; i < 4; ++i) {
    if (i) out[n++] = '.';
    n += format_u32(out + n, b[i]);
  }
  return n;
}

static size_t format_hex16(char* out, unsigned w) {
  static const char* hex = "0123456789abcdef";
  size_t n = 0;
  bool started = false;
  for (int s = 12; s >= 0; s -= 4) {
    unsigned d = (w >> s) & 0xf;
    if (d || started || s == 0) {
      out[n++] = hex[d];
      started = true;
    }
  }
  return n;
}

size_t IpAddr::format(char* out, bool compress_single_zero) const {
  if (is_v4()) return format_v4(out, b.data());
  unsigned w[8];
  for (int i = 0; i < 8; ++i) w[i] = (unsigned{b[2 * i]} << 8) | b[2 * i + 1];
  // longest run of zero words (length >= 2), first one wins, as inet_ntop does
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (w[i] == 0) {
      int j = i;
      while (j < 8 && w[j] == 0) ++j;
      if (j - i > best_len) best = i, best_len = j - i;
      i = j;
    } else {
      ++i;
    }
  }
  if (best_len < (compress_single_zero ? 1 : 2)) best = -1;
  size_t n = 0;
  for (int i = 0; i < 8; ++i) {
    if (best >= 0 && i >= best && i < best + best_len) {
      if (i == best) out[n++] = ':';
      continue;
    }
    if (i) out[n++] = ':';
    // embedded IPv4: ::a.b.c.d and ::ffff:a.b.c.d
    if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
      return n + format_v4(out + n, b.data() + 12);
    }
    n += format_hex16(out + n, w[i]);
  }
  if (best >= 0 && best + best_len == 8) out[n++] = ':';
  return n;
}

std::string IpAddr::str() const {
  char buf[64];
  return std::string(buf, format(buf));
}

std::optional<IpAddr> IpAddr::parse(std::string_view s) {
  std::string z(s);
  IpAddr a;
  if (z.find(':') != std::string::npos) {
    a.afi = Afi::Ipv6;
    if (inet_pton(AF_INET6, z.c_str(), a.b.data()) != 1) return std::nullopt;
  } else {
    if (inet_pton(AF_INET, z.c_str(), a.b.data()) != 1) return std::nullopt;
  }
  return a;
}

size_t Prefix::format(char* out, bool compress_single_zero) const {
  size_t n = addr.format(out, compress_single_zero);
  out[n++] = '/';
  return n + format_u32(out + n, len);
}

std::string Prefix::str() const {
  char buf[64];
  return std::string(buf, format(buf));
}

std::optional<Prefix> Prefix::parse(std::string_view s) {
  auto slash = s.find('/');
  auto a = IpAddr::parse(s.substr(0, slash));
  if (!a) return std::nullopt;
  Prefix p;
  p.addr = *a;
  unsigned max = a->is_v4() ? 32 : 128;
  p.len = static_cast<uint8_t>(max);
  if (slash != std::string_view::npos) {
    unsigned l = 0;
    auto rest = s.substr(slash + 1);
    if (rest.empty() || rest.size() > 3) return std::nullopt;
    for (char c : rest) {
      if (c < '0' || c > '9') return std::nullopt;
      l = l * 10 + static_cast<unsigned>(c - '0');
    }
    if (l > max) return std::nullopt;
    p.len = static_cast<uint8_t>(l);
  }
  return p;
}

bool Prefix::contains(const Prefix& o) const {
  if (o.addr.afi != addr.afi || o.len < len) return false;
  unsigned full = len / 8, rem = len % 8;
  if (std::memcmp(addr.b.data(), o.addr.b.data(), full) != 0) return false;
  if (rem) {
    uint8_t mask = static_cast<uint8_t>(0xff << (8 - rem));
    if ((addr.b[full] & mask) != (o.addr.b[full] & mask)) return false;
  }
  return true;
}

}  // namespace dw::bgp
