// The writing side of Reader: big-endian fields, LEB128 varints, and the
// family-tagged address and prefix forms that darkwatch's own binary formats
// (the route-event feed, routing-state checkpoints) share. Appends to a
// caller's buffer; no I/O.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bgp/ip.h"

namespace dw::bgp {

struct Writer {
  std::vector<uint8_t>& b;
  void u8(uint8_t v) { b.push_back(v); }
  void u16(uint16_t v) {
    b.push_back(static_cast<uint8_t>(v >> 8));
    b.push_back(static_cast<uint8_t>(v));
  }
  void bytes(const uint8_t* p, size_t n) { b.insert(b.end(), p, p + n); }
  void u32(uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(v >> s));
  }
  void varint(uint64_t v) {
    while (v >= 0x80) {
      b.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    b.push_back(static_cast<uint8_t>(v));
  }
  // u8 family (4 or 6), then 4 or 16 bytes
  void ip(const IpAddr& a) {
    u8(a.is_v4() ? 4 : 6);
    b.insert(b.end(), a.b.begin(), a.b.begin() + (a.is_v4() ? 4 : 16));
  }
  // u8 family, u8 length, the ceil(length / 8) bytes that hold it (no path id)
  void prefix(const Prefix& p) {
    u8(p.addr.is_v4() ? 4 : 6);
    u8(p.len);
    b.insert(b.end(), p.addr.b.begin(), p.addr.b.begin() + (p.len + 7) / 8);
  }
};

}  // namespace dw::bgp
