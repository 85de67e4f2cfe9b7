// The filters a user of `dump` expects: peer, prefix (exact or more specific),
// origin AS, element type, time range.
#pragma once
#include <cstdint>
#include <optional>

#include "bgp/element.h"

namespace dw::bgp {

struct ElementFilter {
  std::optional<IpAddr> peer;
  std::optional<Prefix> prefix;
  bool more_specific = false;  // prefix matches itself and everything inside it
  std::optional<uint32_t> origin_as;
  uint8_t types = 0xff;  // bit per ElemType
  std::optional<uint32_t> from, until;  // [from, until)

  bool active() const { return peer || prefix || origin_as || types != 0xff || from || until; }
  bool accept(ElemType type, uint32_t ts, const IpAddr& peer_ip, const Prefix* pfx, const Attributes* attrs) const {
    if (!((types >> static_cast<unsigned>(type)) & 1)) return false;
    if (from && ts < *from) return false;
    if (until && ts >= *until) return false;
    if (peer && !(*peer == peer_ip)) return false;
    if (prefix) {
      if (!pfx) return false;
      if (more_specific ? !prefix->contains(*pfx) : !(prefix->addr == pfx->addr && prefix->len == pfx->len))
        return false;
    }
    if (origin_as && (!attrs || attrs->as_path.origin() != *origin_as)) return false;
    return true;
  }
};

}  // namespace dw::bgp
