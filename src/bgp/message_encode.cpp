// Message encoders (RFC 4271 4), the inverse of decode_message.
#include "bgp/message.h"

#include "bgp/encode.h"
#include "bgp/writer.h"

namespace dw::bgp {

static void put16(Writer& w, uint16_t v) {
  w.u8(static_cast<uint8_t>(v >> 8));
  w.u8(static_cast<uint8_t>(v));
}

// Marker and header with a length patched in by end_message.
static size_t begin_message(std::vector<uint8_t>& out, MsgType t) {
  size_t start = out.size();
  out.insert(out.end(), 16, 0xff);
  out.push_back(0), out.push_back(0);
  out.push_back(static_cast<uint8_t>(t));
  return start;
}
static void end_message(std::vector<uint8_t>& out, size_t start) {
  size_t len = out.size() - start;
  out[start + 16] = static_cast<uint8_t>(len >> 8);
  out[start + 17] = static_cast<uint8_t>(len);
}

void encode_open(const Open& o, std::vector<uint8_t>& out) {
  size_t start = begin_message(out, MsgType::Open);
  Writer w{out};
  w.u8(o.version);
  put16(w, o.asn > 0xffff ? kAsTrans : static_cast<uint16_t>(o.asn));
  put16(w, o.hold_time);
  out.insert(out.end(), o.bgp_id.b.begin(), o.bgp_id.b.begin() + 4);
  size_t caps = 0;
  for (const auto& c : o.capabilities) caps += 2 + c.value.size();
  if (caps == 0) {
    w.u8(0);
  } else {
    w.u8(static_cast<uint8_t>(caps + 2));
    w.u8(2);
    w.u8(static_cast<uint8_t>(caps));
    for (const auto& c : o.capabilities) {
      w.u8(c.code);
      w.u8(static_cast<uint8_t>(c.value.size()));
      out.insert(out.end(), c.value.begin(), c.value.end());
    }
  }
  end_message(out, start);
}

void encode_keepalive(std::vector<uint8_t>& out) { end_message(out, begin_message(out, MsgType::Keepalive)); }

void encode_notification(const Notification& n, std::vector<uint8_t>& out) {
  size_t start = begin_message(out, MsgType::Notification);
  out.push_back(n.code);
  out.push_back(n.subcode);
  out.insert(out.end(), n.data.begin(), n.data.end());
  end_message(out, start);
}

void encode_route_refresh(const RouteRefresh& r, std::vector<uint8_t>& out) {
  size_t start = begin_message(out, MsgType::RouteRefresh);
  Writer w{out};
  put16(w, r.afi);
  w.u8(r.subtype);
  w.u8(r.safi);
  end_message(out, start);
}

void encode_end_of_rib(Afi afi, uint8_t safi, std::vector<uint8_t>& out) {
  Writer w{out};
  if (afi == Afi::Ipv4 && safi == 1) return encode_update(w, {}, {}, {}, false);
  std::vector<uint8_t> unreach;
  Writer u{unreach};
  encode_mp_unreach(u, afi, safi, {}, false);  // no withdrawn routes
  encode_update(w, {}, unreach, {}, false);
}

}  // namespace dw::bgp
