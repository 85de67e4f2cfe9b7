#include "bgp/encode.h"

#include <algorithm>

namespace dw::bgp {

namespace {

constexpr uint8_t kOptional = 0x80, kTransitive = 0x40, kExtended = 0x10;

// Writes flags and type, reserves the length (1 or 2 bytes as the caller
// knows the value's size may need), then the caller writes the value and
// close_attr fills the length in.
struct OpenAttr {
  size_t len_pos;
  bool extended;
};
OpenAttr open_attr(Writer& w, uint8_t flags, uint8_t type, bool extended) {
  w.u8(static_cast<uint8_t>((flags & ~kExtended) | (extended ? kExtended : 0)));
  w.u8(type);
  size_t pos = w.size();
  if (extended) w.u16(0);
  else w.u8(0);
  return {pos, extended};
}
void close_attr(Writer& w, OpenAttr a) {
  size_t n = w.size() - a.len_pos - (a.extended ? 2 : 1);
  if (a.extended) w.patch_u16(a.len_pos, static_cast<uint16_t>(n));
  else w.b[a.len_pos] = static_cast<uint8_t>(n);
}

void encode_as_path(Writer& w, const AsPath& p) {
  size_t total = 0;
  for (const auto& s : p.segs) total += 2 + 4u * s.count + 2 * (s.count / 255);
  auto a = open_attr(w, kTransitive, static_cast<uint8_t>(AttrType::AsPath), total > 255);
  size_t i = 0;
  for (const auto& s : p.segs) {
    // a segment holds at most 255 ASNs: a longer one is written as several
    for (size_t left = s.count; left > 0;) {
      size_t n = std::min<size_t>(left, 255);
      w.u8(static_cast<uint8_t>(s.type));
      w.u8(static_cast<uint8_t>(n));
      for (size_t k = 0; k < n; ++k) w.u32(p.asns[i++]);
      left -= n;
    }
  }
  close_attr(w, a);
}

template <typename F>
void attr(Writer& w, uint8_t flags, AttrType t, size_t value_len, F&& value) {
  auto a = open_attr(w, flags, static_cast<uint8_t>(t), value_len > 255);
  value();
  close_attr(w, a);
}

}  // namespace

void encode_attribute(Writer& w, uint8_t flags, uint8_t type, std::span<const uint8_t> value) {
  auto a = open_attr(w, flags, type, value.size() > 255);
  w.bytes(value.data(), value.size());
  close_attr(w, a);
}

void encode_path_attributes(const Attributes& a, Writer& w, const IpAddr* next_hop) {
  // unknown attributes go in type order among the known ones
  size_t u = 0;
  std::vector<const RawAttr*> unknown;
  for (const auto& r : a.unknown) unknown.push_back(&r);
  std::stable_sort(unknown.begin(), unknown.end(), [](auto* x, auto* y) { return x->type < y->type; });
  auto unknown_before = [&](unsigned type) {
    for (; u < unknown.size() && unknown[u]->type < type; ++u)
      encode_attribute(w, unknown[u]->flags, unknown[u]->type, unknown[u]->value);
  };
  auto has = [&](AttrType t) {
    unknown_before(static_cast<unsigned>(t));
    return a.has(t);
  };
  if (has(AttrType::Origin)) attr(w, kTransitive, AttrType::Origin, 1, [&] { w.u8(a.origin); });
  if (has(AttrType::AsPath)) encode_as_path(w, a.as_path);
  if (next_hop) {
    unknown_before(static_cast<unsigned>(AttrType::NextHop));
    encode_next_hop_attr(w, *next_hop);
  }
  if (has(AttrType::Med)) attr(w, kOptional, AttrType::Med, 4, [&] { w.u32(a.med); });
  if (has(AttrType::LocalPref)) attr(w, kTransitive, AttrType::LocalPref, 4, [&] { w.u32(a.local_pref); });
  if (has(AttrType::AtomicAggregate)) attr(w, kTransitive, AttrType::AtomicAggregate, 0, [] {});
  if (has(AttrType::Aggregator))
    attr(w, kOptional | kTransitive, AttrType::Aggregator, 8, [&] {
      w.u32(a.aggregator.asn);
      w.raw_ip(a.aggregator.ip);
    });
  if (has(AttrType::Communities))
    attr(w, kOptional | kTransitive, AttrType::Communities, 4 * a.communities.size(), [&] {
      for (uint32_t c : a.communities) w.u32(c);
    });
  if (has(AttrType::OriginatorId)) attr(w, kOptional, AttrType::OriginatorId, 4, [&] { w.raw_ip(a.originator_id); });
  if (has(AttrType::ClusterList))
    attr(w, kOptional, AttrType::ClusterList, 4 * a.cluster_list.size(), [&] {
      for (uint32_t c : a.cluster_list) w.u32(c);
    });
  if (has(AttrType::ExtCommunities))
    attr(w, kOptional | kTransitive, AttrType::ExtCommunities, 8 * a.ext_communities.size(), [&] {
      for (const auto& c : a.ext_communities) w.bytes(c.data(), c.size());
    });
  if (has(AttrType::LargeCommunities))
    attr(w, kOptional | kTransitive, AttrType::LargeCommunities, 12 * a.large_communities.size(), [&] {
      for (const auto& c : a.large_communities) w.u32(c.global), w.u32(c.local1), w.u32(c.local2);
    });
  if (has(AttrType::OnlyToCustomer))
    attr(w, kOptional | kTransitive, AttrType::OnlyToCustomer, 4, [&] { w.u32(a.only_to_customer); });
  unknown_before(256);
}

NextHop next_hop_of(const Attributes& a, Afi afi) {
  NextHop n;
  if (afi == Afi::Ipv4 && a.has(AttrType::NextHop)) {
    n.nh = a.next_hop;
    n.present = true;
  } else if (a.has(AttrType::MpReach) && (a.mp_reach.nh_len != 0 || !a.mp_reach.next_hop.is_zero())) {
    n.nh = a.mp_reach.next_hop;
    n.present = true;
    if (a.mp_reach.nh_len == 32) n.nh_local = a.mp_reach.next_hop_local, n.link_local = true;
  }
  return n;
}

size_t nlri_size(const Prefix& p, bool addpath) { return (addpath ? 4u : 0u) + 1u + (p.len + 7u) / 8u; }

void encode_nlri(Writer& w, const Prefix& p, bool addpath) {
  if (addpath) w.u32(p.path_id);
  w.u8(p.len);
  w.bytes(p.addr.b.data(), (p.len + 7u) / 8u);
}

void encode_next_hop_attr(Writer& w, const IpAddr& nh) {
  attr(w, kTransitive, AttrType::NextHop, 4, [&] { w.raw_ip(nh); });
}

static size_t nh_bytes(const NextHop& nh) {
  if (!nh.present) return 0;
  return (nh.nh.is_v4() ? 4u : 16u) + (nh.link_local ? 16u : 0u);
}
static void write_nh(Writer& w, const NextHop& nh) {
  w.u8(static_cast<uint8_t>(nh_bytes(nh)));
  if (!nh.present) return;
  w.raw_ip(nh.nh);
  if (nh.link_local) w.raw_ip(nh.nh_local);
}

void encode_mp_reach(Writer& w, Afi afi, uint8_t safi, const NextHop& nh, std::span<const Prefix> nlri, bool addpath) {
  size_t len = 2 + 1 + 1 + nh_bytes(nh) + 1;
  for (const auto& p : nlri) len += nlri_size(p, addpath);
  attr(w, kOptional, AttrType::MpReach, len, [&] {
    w.u16(static_cast<uint16_t>(afi));
    w.u8(safi);
    write_nh(w, nh);
    w.u8(0);  // reserved
    for (const auto& p : nlri) encode_nlri(w, p, addpath);
  });
}

void encode_mp_reach_rib(Writer& w, const NextHop& nh) {
  attr(w, kOptional, AttrType::MpReach, 1 + nh_bytes(nh), [&] { write_nh(w, nh); });
}

void encode_mp_unreach(Writer& w, Afi afi, uint8_t safi, std::span<const Prefix> nlri, bool addpath) {
  size_t len = 3;
  for (const auto& p : nlri) len += nlri_size(p, addpath);
  attr(w, kOptional, AttrType::MpUnreach, len, [&] {
    w.u16(static_cast<uint16_t>(afi));
    w.u8(safi);
    for (const auto& p : nlri) encode_nlri(w, p, addpath);
  });
}

void encode_update(Writer& w, std::span<const Prefix> withdrawn, std::span<const uint8_t> attrs,
                   std::span<const Prefix> nlri, bool addpath) {
  size_t start = w.size();
  for (int i = 0; i < 16; ++i) w.u8(0xff);
  w.u16(0);  // length, below
  w.u8(2);
  size_t wpos = w.size();
  w.u16(0);
  for (const auto& p : withdrawn) encode_nlri(w, p, addpath);
  w.patch_u16(wpos, static_cast<uint16_t>(w.size() - wpos - 2));
  w.u16(static_cast<uint16_t>(attrs.size()));
  w.bytes(attrs.data(), attrs.size());
  for (const auto& p : nlri) encode_nlri(w, p, addpath);
  w.patch_u16(start + 16, static_cast<uint16_t>(w.size() - start));
}

}  // namespace dw::bgp
