// A small BMP (RFC 7854) and BGP encoder for tests, fuzz seeds and benches
// that simulate routers: every message type, per-peer headers with any flags,
// OPENs with capabilities, and UPDATEs with the attributes routing state reads
// (ORIGIN, AS_PATH in 2- or 4-byte form, NEXT_HOP, MP_REACH/MP_UNREACH for
// IPv6, ADD-PATH path ids). Built on bgp::Writer; no I/O.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "bgp/ip.h"
#include "bgp/writer.h"
#include "bmp/bmp_wire.h"

namespace dw::bmp::encode {

using Bytes = std::vector<uint8_t>;

struct PeerHeader {
  uint8_t type = kPeerGlobal, flags = 0;
  uint64_t rd = 0;
  bgp::IpAddr addr = bgp::IpAddr::v4(0x0a000001);
  uint32_t asn = 65001;
  uint32_t bgp_id = 0x0a000001;
  uint32_t ts = 1700000000, usec = 0;
};

// common header + body
inline Bytes message(uint8_t type, std::span<const uint8_t> body) {
  Bytes b;
  bgp::Writer w{b};
  w.u8(kVersion);
  w.u32(static_cast<uint32_t>(kCommonLen + body.size()));
  w.u8(type);
  w.bytes(body.data(), body.size());
  return b;
}

inline void per_peer(bgp::Writer& w, const PeerHeader& h) {
  w.u8(h.type);
  w.u8(h.flags);
  w.u32(static_cast<uint32_t>(h.rd >> 32));
  w.u32(static_cast<uint32_t>(h.rd));
  if (h.addr.is_v4()) {
    for (int i = 0; i < 12; ++i) w.u8(0);
    w.bytes(h.addr.b.data(), 4);
  } else {
    w.bytes(h.addr.b.data(), 16);
  }
  w.u32(h.asn);
  w.u32(h.bgp_id);
  w.u32(h.ts);
  w.u32(h.usec);
}

// A BGP message: marker, length, type, body.
inline Bytes bgp_message(uint8_t type, std::span<const uint8_t> body) {
  Bytes b;
  bgp::Writer w{b};
  for (int i = 0; i < 16; ++i) w.u8(0xff);
  w.u16(static_cast<uint16_t>(19 + body.size()));
  w.u8(type);
  w.bytes(body.data(), body.size());
  return b;
}

struct Cap {
  uint8_t code;
  Bytes value;
};
inline Cap cap_as4(uint32_t asn) { return {65, {uint8_t(asn >> 24), uint8_t(asn >> 16), uint8_t(asn >> 8), uint8_t(asn)}}; }
// ADD-PATH (RFC 7911): mode 1 receive, 2 send, 3 both
inline Cap cap_addpath(uint16_t afi, uint8_t safi, uint8_t mode) {
  return {69, {uint8_t(afi >> 8), uint8_t(afi), safi, mode}};
}

inline Bytes bgp_open(uint32_t asn, uint32_t bgp_id, const std::vector<Cap>& caps, uint16_t hold = 90) {
  Bytes b, params;
  bgp::Writer p{params};
  for (const auto& c : caps) {
    p.u8(2);  // capabilities parameter
    p.u8(static_cast<uint8_t>(2 + c.value.size()));
    p.u8(c.code);
    p.u8(static_cast<uint8_t>(c.value.size()));
    p.bytes(c.value.data(), c.value.size());
  }
  bgp::Writer w{b};
  w.u8(4);
  w.u16(static_cast<uint16_t>(asn > 65535 ? 23456 : asn));
  w.u16(hold);
  w.u32(bgp_id);
  w.u8(static_cast<uint8_t>(params.size()));
  w.bytes(params.data(), params.size());
  return bgp_message(1, b);
}

struct Update {
  std::vector<bgp::Prefix> withdrawn, nlri;           // IPv4 unicast fields
  std::vector<bgp::Prefix> mp_withdrawn, mp_nlri;     // MP_UNREACH / MP_REACH (AFI of their prefixes)
  std::vector<uint32_t> path;                         // one AS_SEQUENCE
  bool as4 = true;                                    // AS_PATH with 4-byte ASNs
  bool addpath_v4 = false, addpath_mp = false;        // NLRI with path ids
  uint32_t next_hop = 0x0a000001;
  bgp::IpAddr mp_next_hop = *bgp::IpAddr::parse("2001:db8::1");
  Bytes extra_attrs;                                  // appended raw (damage tests)
};

inline void nlri(bgp::Writer& w, const bgp::Prefix& p, bool addpath) {
  if (addpath) w.u32(p.path_id);
  w.u8(p.len);
  w.bytes(p.addr.b.data(), (p.len + 7u) / 8);
}

inline void attr(bgp::Writer& w, uint8_t flags, uint8_t type, const Bytes& v) {
  bool ext = v.size() > 255;
  w.u8(static_cast<uint8_t>(flags | (ext ? 0x10 : 0)));
  w.u8(type);
  if (ext) w.u16(static_cast<uint16_t>(v.size()));
  else w.u8(static_cast<uint8_t>(v.size()));
  w.bytes(v.data(), v.size());
}

inline Bytes bgp_update(const Update& u) {
  Bytes wd, attrs, body;
  bgp::Writer ww{wd};
  for (const auto& p : u.withdrawn) nlri(ww, p, u.addpath_v4);
  bgp::Writer a{attrs};
  bool announces = !u.nlri.empty() || !u.mp_nlri.empty();
  if (announces) {
    attr(a, 0x40, 1, {0});  // ORIGIN IGP
    Bytes path;
    bgp::Writer pw{path};
    if (!u.path.empty()) {
      pw.u8(2);
      pw.u8(static_cast<uint8_t>(u.path.size()));
      for (uint32_t asn : u.path) u.as4 ? pw.u32(asn) : pw.u16(static_cast<uint16_t>(asn));
    }
    attr(a, 0x40, 2, path);
    if (!u.nlri.empty()) {
      Bytes nh;
      bgp::Writer nw{nh};
      nw.u32(u.next_hop);
      attr(a, 0x40, 3, nh);
    }
  }
  if (!u.mp_nlri.empty()) {
    Bytes mp;
    bgp::Writer m{mp};
    bool v6 = !u.mp_nlri.front().addr.is_v4();
    m.u16(v6 ? 2 : 1);
    m.u8(1);
    m.u8(v6 ? 16 : 4);
    m.bytes(u.mp_next_hop.b.data(), v6 ? 16 : 4);
    m.u8(0);
    for (const auto& p : u.mp_nlri) nlri(m, p, u.addpath_mp);
    attr(a, 0x80, 14, mp);
  }
  if (!u.mp_withdrawn.empty()) {
    Bytes mp;
    bgp::Writer m{mp};
    m.u16(u.mp_withdrawn.front().addr.is_v4() ? 1 : 2);
    m.u8(1);
    for (const auto& p : u.mp_withdrawn) nlri(m, p, u.addpath_mp);
    attr(a, 0x80, 15, mp);
  }
  a.bytes(u.extra_attrs.data(), u.extra_attrs.size());
  bgp::Writer b{body};
  b.u16(static_cast<uint16_t>(wd.size()));
  b.bytes(wd.data(), wd.size());
  b.u16(static_cast<uint16_t>(attrs.size()));
  b.bytes(attrs.data(), attrs.size());
  for (const auto& p : u.nlri) nlri(b, p, u.addpath_v4);
  return bgp_message(2, body);
}

inline Bytes route_monitoring(const PeerHeader& h, const Bytes& update) {
  Bytes body;
  bgp::Writer w{body};
  per_peer(w, h);
  w.bytes(update.data(), update.size());
  return message(kRouteMonitoring, body);
}

using Tlvs = std::vector<std::pair<uint16_t, Bytes>>;
inline Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

inline void tlvs(bgp::Writer& w, const Tlvs& t) {
  for (const auto& [type, v] : t) {
    w.u16(type);
    w.u16(static_cast<uint16_t>(v.size()));
    w.bytes(v.data(), v.size());
  }
}

// sent: the router's OPEN; received: the peer's
inline Bytes peer_up(const PeerHeader& h, const Bytes& sent, const Bytes& received, const Tlvs& info = {}) {
  Bytes body;
  bgp::Writer w{body};
  per_peer(w, h);
  for (int i = 0; i < 16; ++i) w.u8(0);  // local address
  w.u16(179);
  w.u16(40000);
  w.bytes(sent.data(), sent.size());
  w.bytes(received.data(), received.size());
  tlvs(w, info);
  return message(kPeerUp, body);
}

inline Bytes peer_down(const PeerHeader& h, uint8_t reason, const Bytes& data = {}) {
  Bytes body;
  bgp::Writer w{body};
  per_peer(w, h);
  w.u8(reason);
  w.bytes(data.data(), data.size());
  return message(kPeerDown, body);
}

inline Bytes statistics(const PeerHeader& h, const Tlvs& counters) {
  Bytes body;
  bgp::Writer w{body};
  per_peer(w, h);
  w.u32(static_cast<uint32_t>(counters.size()));
  tlvs(w, counters);
  return message(kStatistics, body);
}

inline Bytes initiation(const Tlvs& info) {
  Bytes body;
  bgp::Writer w{body};
  tlvs(w, info);
  return message(kInitiation, body);
}

inline Bytes termination(const Tlvs& info) {
  Bytes body;
  bgp::Writer w{body};
  tlvs(w, info);
  return message(kTermination, body);
}

inline Bytes route_mirroring(const PeerHeader& h, const Bytes& bgp_pdu) {
  Bytes body;
  bgp::Writer w{body};
  per_peer(w, h);
  w.u16(0);
  w.u16(static_cast<uint16_t>(bgp_pdu.size()));
  w.bytes(bgp_pdu.data(), bgp_pdu.size());
  return message(kRouteMirroring, body);
}

// counter value encodings
inline Bytes u16v(uint16_t v) { Bytes b; bgp::Writer{b}.u16(v); return b; }
inline Bytes u32v(uint32_t v) { Bytes b; bgp::Writer{b}.u32(v); return b; }
inline Bytes u64v(uint64_t v) {
  Bytes b;
  bgp::Writer w{b};
  w.u32(static_cast<uint32_t>(v >> 32));
  w.u32(static_cast<uint32_t>(v));
  return b;
}
inline Bytes family_gauge(uint16_t afi, uint8_t safi, uint64_t v) {
  Bytes b;
  bgp::Writer w{b};
  w.u16(afi);
  w.u8(safi);
  Bytes g = u64v(v);
  w.bytes(g.data(), g.size());
  return b;
}

}  // namespace dw::bmp::encode
