#include "mrt/body_lengths.h"

#include <cstddef>

namespace dw::mrt {

namespace {

// A bounds-checked cursor: every step fails once the body is exhausted.
struct Cursor {
  std::span<const uint8_t> b;
  size_t at = 0;
  bool skip(size_t n) {
    if (b.size() - at < n) return false;
    at += n;
    return true;
  }
  bool u8(uint8_t& v) {
    if (at >= b.size()) return false;
    v = b[at++];
    return true;
  }
  bool u16(uint16_t& v) {
    if (b.size() - at < 2) return false;
    v = static_cast<uint16_t>((b[at] << 8) | b[at + 1]);
    at += 2;
    return true;
  }
  size_t left() const { return b.size() - at; }
};

// A BGP message that fills the rest of the body: marker, then its length.
bool bgp_message_fills(Cursor c) {
  if (c.left() < 19) return false;
  for (size_t i = 0; i < 16; ++i)
    if (c.b[c.at + i] != 0xff) return false;
  size_t len = static_cast<size_t>((c.b[c.at + 16] << 8) | c.b[c.at + 17]);
  return len == c.left();
}

bool bgp4mp(const RawRecord& raw) {
  uint16_t st = raw.subtype;
  bool state = st == 0 || st == 5;
  bool message = st == 1 || (st >= 4 && st <= 11 && st != 5);
  if (!state && !message) return true;  // skipped by the decoder
  bool as4 = st == 4 || st == 5 || st == 7 || st == 9 || st == 11;
  Cursor c{raw.body};
  if (!c.skip(as4 ? 8 : 4)) return false;
  if (state && !as4 && c.left() == 4) return true;  // Zebra's bare state change
  if (message && bgp_message_fills(c)) return true;  // Zebra's message without addresses
  uint16_t afi = 0;
  if (!c.skip(2) || !c.u16(afi) || (afi != 1 && afi != 2)) return false;
  if (!c.skip(afi == 1 ? 8 : 32)) return false;
  return state ? c.left() == 4 : bgp_message_fills(c);
}

bool rib(const RawRecord& raw) {
  uint16_t st = raw.subtype;
  bool generic = st == 6 || st == 12;
  bool known = (st >= 2 && st <= 6) || (st >= 8 && st <= 12);
  if (!known) return true;  // GEO_PEER_TABLE and unknown subtypes: skipped
  bool v6 = st == 4 || st == 5 || st == 10 || st == 11;
  bool addpath = st >= 8;
  Cursor c{raw.body};
  if (!c.skip(4)) return false;
  if (generic) {
    uint16_t afi = 0;
    uint8_t safi = 0;
    if (!c.u16(afi) || !c.u8(safi)) return false;
    if ((afi != 1 && afi != 2) || (safi != 1 && safi != 2)) return true;  // skipped
    v6 = afi == 2;
  }
  uint8_t plen = 0;
  if (!c.u8(plen) || plen > (v6 ? 128 : 32) || !c.skip((plen + 7u) / 8)) return false;
  uint16_t count = 0;
  if (!c.u16(count)) return false;
  for (unsigned i = 0; i < count; ++i) {
    uint16_t alen = 0;
    if (!c.skip(addpath ? 10 : 6) || !c.u16(alen) || !c.skip(alen)) return false;
  }
  return c.left() == 0;
}

bool table_dump(const RawRecord& raw) {
  if (raw.subtype != 1 && raw.subtype != 2) return true;  // skipped
  size_t addr = raw.subtype == 2 ? 16 : 4;
  Cursor c{raw.body};
  uint16_t alen = 0;
  if (!c.skip(4 + addr + 1 + 1 + 4 + addr + 2) || !c.u16(alen) || !c.skip(alen)) return false;
  return c.left() == 0;
}

}  // namespace

bool body_lengths_agree(const RawRecord& raw) {
  switch (raw.type) {
    case 16:
    case 17: return bgp4mp(raw);
    case 13: return raw.subtype != 1 && rib(raw);  // the peer table is state: never elsewhere
    case 12: return table_dump(raw);
    case 5: return false;
    default: return true;  // not decoded, only counted
  }
}

}  // namespace dw::mrt
