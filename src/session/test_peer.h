// Test side of a BGP session: builds the bytes a peer would send (OPEN with
// chosen capabilities, UPDATEs with the usual attributes) and records what
// the session delivers to its sink.
#pragma once
#include <string>
#include <vector>

#include "bgp/encode.h"
#include "bgp/message.h"
#include "feed/route_event.h"
#include "session/bgp_session.h"

namespace dw::session::test {

struct RecordingSink : feed::EventSink {
  std::vector<feed::RouteEvent> events;
  void on_event(const feed::RouteEvent& e) override {
    feed::RouteEvent c = e;
    feed::own_attributes(c);
    events.push_back(std::move(c));
  }
  std::vector<bgp::Element> elements(bgp::ElemType t) const {
    std::vector<bgp::Element> out;
    for (const auto& e : events)
      if (e.kind == feed::EventKind::Element && e.elem.type == t) out.push_back(e.elem);
    return out;
  }
};

inline void put16(std::vector<uint8_t>& v, uint16_t x) {
  v.push_back(static_cast<uint8_t>(x >> 8));
  v.push_back(static_cast<uint8_t>(x));
}
inline void put32(std::vector<uint8_t>& v, uint32_t x) {
  for (int s = 24; s >= 0; s -= 8) v.push_back(static_cast<uint8_t>(x >> s));
}

// The OPEN a peer sends, built capability by capability.
struct PeerOpen {
  uint32_t asn = 65001;
  uint16_t hold = 90;
  uint32_t id = 0x0a000001;
  uint8_t version = 4;
  bool as4 = true, mp_v4 = true, mp_v6 = true, route_refresh = true, extended = false;
  int addpath_v4 = 0, addpath_v6 = 0;  // 1 receive, 2 send, 3 both
  bool gr = false;
  uint16_t gr_time = 60;
  bool gr_v4 = true, gr_v6 = true, gr_forwarding = true, gr_restarting = false;

  std::vector<uint8_t> bytes() const {
    bgp::Open o;
    o.version = version;
    o.asn = asn;
    o.hold_time = hold;
    o.bgp_id = bgp::IpAddr::v4(id);
    if (mp_v4) o.capabilities.push_back({1, {0, 1, 0, 1}});
    if (mp_v6) o.capabilities.push_back({1, {0, 2, 0, 1}});
    if (route_refresh) o.capabilities.push_back({2, {}});
    if (extended) o.capabilities.push_back({6, {}});
    if (as4) {
      std::vector<uint8_t> v;
      put32(v, asn);
      o.capabilities.push_back({65, v});
    }
    if (addpath_v4 || addpath_v6) {
      std::vector<uint8_t> v;
      if (addpath_v4) v.insert(v.end(), {0, 1, 1, static_cast<uint8_t>(addpath_v4)});
      if (addpath_v6) v.insert(v.end(), {0, 2, 1, static_cast<uint8_t>(addpath_v6)});
      o.capabilities.push_back({69, v});
    }
    if (gr) {
      std::vector<uint8_t> v;
      put16(v, static_cast<uint16_t>((gr_restarting ? 0x8000 : 0) | gr_time));
      uint8_t f = gr_forwarding ? 0x80 : 0;
      if (gr_v4) v.insert(v.end(), {0, 1, 1, f});
      if (gr_v6) v.insert(v.end(), {0, 2, 1, f});
      o.capabilities.push_back({64, v});
    }
    std::vector<uint8_t> out;
    bgp::encode_open(o, out);
    return out;
  }
};

inline std::vector<uint8_t> keepalive() {
  std::vector<uint8_t> v;
  bgp::encode_keepalive(v);
  return v;
}

inline bgp::Prefix pfx(const char* s, uint32_t path_id = 0) {
  auto p = *bgp::Prefix::parse(s);
  p.path_id = path_id;
  return p;
}

// Attributes: ORIGIN IGP, AS_PATH of 4-byte ASNs, NEXT_HOP (IPv4) unless omitted.
struct Attrs {
  std::vector<uint32_t> path = {65001, 64496};
  bool origin = true, as_path = true, next_hop = true;
  std::vector<uint8_t> extra;  // appended raw (e.g. MP_REACH)
  std::vector<uint8_t> bytes() const {
    std::vector<uint8_t> a;
    if (origin) a.insert(a.end(), {0x40, 1, 1, 0});
    if (as_path) {
      a.insert(a.end(), {0x40, 2, static_cast<uint8_t>(2 + 4 * path.size()), 2, static_cast<uint8_t>(path.size())});
      for (uint32_t x : path) put32(a, x);
    }
    if (next_hop) a.insert(a.end(), {0x40, 3, 4, 192, 0, 2, 1});
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
};

inline std::vector<uint8_t> nlri(const std::vector<bgp::Prefix>& ps, bool addpath) {
  std::vector<uint8_t> v;
  bgp::Writer w{v};
  for (const auto& p : ps) bgp::encode_nlri(w, p, addpath);
  return v;
}

inline std::vector<uint8_t> update(const std::vector<bgp::Prefix>& withdrawn, const Attrs& a,
                                   const std::vector<bgp::Prefix>& announced, bool addpath = false) {
  std::vector<uint8_t> out;
  auto attrs = announced.empty() && a.extra.empty() ? std::vector<uint8_t>{} : a.bytes();
  bgp::Writer w{out};
  bgp::encode_update(w, withdrawn, attrs, announced, addpath);
  return out;
}

// MP_REACH_NLRI for IPv6 unicast with next hop 2001:db8::1.
inline std::vector<uint8_t> mp_reach_v6(const std::vector<bgp::Prefix>& ps, bool addpath = false) {
  std::vector<uint8_t> v{0, 2, 1, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
  auto n = nlri(ps, addpath);
  v.insert(v.end(), n.begin(), n.end());
  std::vector<uint8_t> a{0x90, 14};
  put16(a, static_cast<uint16_t>(v.size()));
  a.insert(a.end(), v.begin(), v.end());
  return a;
}
// Only an MP attribute (withdrawals, End-of-RIB).
inline Attrs only(std::vector<uint8_t> mp) {
  Attrs a;
  a.origin = a.as_path = a.next_hop = false;
  a.extra = std::move(mp);
  return a;
}
inline std::vector<uint8_t> mp_unreach_v6(const std::vector<bgp::Prefix>& ps, bool addpath = false) {
  std::vector<uint8_t> v{0, 2, 1};
  auto n = nlri(ps, addpath);
  v.insert(v.end(), n.begin(), n.end());
  std::vector<uint8_t> a{0x90, 15};
  put16(a, static_cast<uint16_t>(v.size()));
  a.insert(a.end(), v.begin(), v.end());
  return a;
}

// Splits a byte stream into the messages it frames.
inline std::vector<bgp::Message> messages(const std::vector<uint8_t>& bytes) {
  std::vector<bgp::Message> out;
  size_t pos = 0;
  while (pos + 19 <= bytes.size()) {
    size_t len = size_t{bytes[pos + 16]} << 8 | bytes[pos + 17];
    bgp::Message m;
    bgp::DecodeContext ctx;
    if (len < 19 || pos + len > bytes.size()) break;
    if (!bgp::decode_message(std::span<const uint8_t>(bytes).subspan(pos, len), ctx, m)) break;
    out.push_back(std::move(m));
    pos += len;
  }
  return out;
}

}  // namespace dw::session::test
