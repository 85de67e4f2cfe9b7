#include "mrt/mrt_writer.h"

#include <algorithm>
#include <cstring>

namespace dw::mrt {

using bgp::Writer;

size_t begin_record(Writer& w, uint32_t ts, uint16_t type, uint16_t subtype, bool et, uint32_t usec) {
  size_t start = w.size();
  w.u32(ts);
  w.u16(type);
  w.u16(subtype);
  w.u32(0);  // length, filled by finish_record
  if (et) w.u32(usec);
  return start;
}

void finish_record(Writer& w, size_t start) { w.patch_u32(start + 8, static_cast<uint32_t>(w.size() - start - 12)); }

static void bgp4mp_peer(Writer& w, const bgp::IpAddr& peer_ip, uint32_t peer_as) {
  w.u32(peer_as);
  w.u32(0);  // local AS: not known to an element
  w.u16(0);  // interface index
  w.u16(peer_ip.is_v4() ? 1 : 2);
  w.raw_ip(peer_ip);
  bgp::IpAddr local;
  local.afi = peer_ip.afi;
  w.raw_ip(local);
}

void write_bgp4mp_message(Writer& w, uint32_t ts, uint32_t usec, const bgp::IpAddr& peer_ip, uint32_t peer_as,
                          std::span<const uint8_t> message, bool addpath) {
  size_t start = begin_record(w, ts, 17, addpath ? 9 : 4, true, usec);
  bgp4mp_peer(w, peer_ip, peer_as);
  w.bytes(message.data(), message.size());
  finish_record(w, start);
}

void write_state_change(Writer& w, uint32_t ts, uint32_t usec, const bgp::IpAddr& peer_ip, uint32_t peer_as,
                        uint16_t old_state, uint16_t new_state) {
  size_t start = begin_record(w, ts, 17, 5, true, usec);
  bgp4mp_peer(w, peer_ip, peer_as);
  w.u16(old_state);
  w.u16(new_state);
  finish_record(w, start);
}

void write_peer_index(Writer& w, uint32_t ts, const bgp::IpAddr& collector_id, std::string_view view,
                      std::span<const RibPeer> peers) {
  size_t start = begin_record(w, ts, 13, 1, false, 0);
  w.raw_ip(collector_id);
  w.u16(static_cast<uint16_t>(view.size()));
  w.bytes(reinterpret_cast<const uint8_t*>(view.data()), view.size());
  w.u16(static_cast<uint16_t>(peers.size()));
  for (const auto& p : peers) {
    w.u8(static_cast<uint8_t>(0x02 | (p.ip.is_v4() ? 0 : 0x01)));  // 4-byte AS; IPv6 address
    w.raw_ip(p.bgp_id);
    w.raw_ip(p.ip);
    w.u32(p.asn);
  }
  finish_record(w, start);
}

void write_rib_record(Writer& w, uint32_t ts, uint32_t seq, const bgp::Prefix& p, uint8_t safi, bool addpath,
                      std::span<const RibEntryOut> entries) {
  uint16_t subtype = static_cast<uint16_t>((p.addr.is_v4() ? 2 : 4) + (safi == 2 ? 1 : 0) + (addpath ? 6 : 0));
  size_t start = begin_record(w, ts, 13, subtype, false, 0);
  w.u32(seq);
  w.u8(p.len);
  w.bytes(p.addr.b.data(), (p.len + 7u) / 8u);
  w.u16(static_cast<uint16_t>(entries.size()));
  for (const auto& e : entries) {
    w.u16(e.peer_index);
    w.u32(e.originated);
    if (addpath) w.u32(e.path_id);
    w.u16(static_cast<uint16_t>(e.attrs.size()));
    w.bytes(e.attrs.data(), e.attrs.size());
  }
  finish_record(w, start);
}

void encode_rib_attributes(const bgp::Attributes& a, bgp::Afi afi, Writer& w) {
  auto nh = bgp::next_hop_of(a, afi);
  if (afi == bgp::Afi::Ipv4 && nh.present && nh.nh.is_v4() && !nh.link_local) {
    bgp::encode_path_attributes(a, w, &nh.nh);
    return;
  }
  if (nh.present) bgp::encode_mp_reach_rib(w, nh);
  bgp::encode_path_attributes(a, w);
}

// ---- UpdateEncoder

namespace {
constexpr size_t kMessageBase = 19 + 2 + 2;     // header, withdrawn length, attributes length
constexpr size_t kMpOverhead = 4 + 2 + 1 + 1 + 1;  // attribute header (extended), AFI, SAFI, next-hop length, reserved
}  // namespace

static bool same_nh(const bgp::NextHop& a, const bgp::NextHop& b) {
  return a.present == b.present && a.link_local == b.link_local && a.nh == b.nh && a.nh_local == b.nh_local;
}

void UpdateEncoder::add(const bgp::Element& e) {
  using bgp::ElemType;
  if (e.type == ElemType::Rib) return;
  if (e.type == ElemType::PeerState) {
    flush();
    Writer w{out_};
    write_state_change(w, e.ts, e.usec, e.peer_ip, e.peer_as, e.old_state, e.new_state);
    return;
  }
  bool addpath = e.prefix.path_id != 0;
  if (e.type == ElemType::Announce && !e.attrs) return;  // nothing to announce with (never made by our decoders)
  // this element's attributes, to compare with the open group's
  scratch_.clear();
  bgp::NextHop nh;
  bool classic = e.prefix.addr.is_v4() && bgp::is_unicast(e.safi) && e.safi == 1;
  if (e.type == ElemType::Announce) {
    nh = bgp::next_hop_of(*e.attrs, e.prefix.addr.afi);
    classic = classic && nh.present && nh.nh.is_v4() && !nh.link_local;
    Writer w{scratch_};
    bgp::encode_path_attributes(*e.attrs, w, classic ? &nh.nh : nullptr);
  }
  if (!(open_ && same_group(e, addpath) && classic == classic_ && (classic || same_nh(nh, nh_)) &&
        scratch_ == attrs_)) {
    flush();
    type_ = e.type, ts_ = e.ts, usec_ = e.usec, peer_ip_ = e.peer_ip, peer_as_ = e.peer_as;
    afi_ = e.prefix.addr.afi, safi_ = e.safi, addpath_ = addpath, classic_ = classic, nh_ = nh;
    attrs_.swap(scratch_);
    start_group(e, addpath);
  }
  size_t n = bgp::nlri_size(e.prefix, addpath_);
  if (!prefixes_.empty() && size_ + n > bgp::kClassicMessageLen) {
    flush();
    start_group(e, addpath);
  }
  prefixes_.push_back(e.prefix);
  size_ += n;
}

bool UpdateEncoder::same_group(const bgp::Element& e, bool addpath) const {
  return e.type == type_ && e.ts == ts_ && e.usec == usec_ && e.peer_as == peer_as_ && e.peer_ip == peer_ip_ &&
         e.prefix.addr.afi == afi_ && e.safi == safi_ && addpath == addpath_;
}

void UpdateEncoder::start_group(const bgp::Element&, bool) {
  open_ = true;
  prefixes_.clear();
  size_ = kMessageBase + attrs_.size() + (classic_ ? 0 : kMpOverhead + 32);
}

void UpdateEncoder::flush() {
  if (!open_) return;
  open_ = false;
  if (prefixes_.empty()) return;
  msg_.clear();
  Writer m{msg_};
  bool announce = type_ == bgp::ElemType::Announce;
  if (classic_) {
    if (announce) bgp::encode_update(m, {}, attrs_, prefixes_, addpath_);
    else bgp::encode_update(m, prefixes_, {}, {}, addpath_);
  } else {
    std::vector<uint8_t> block;
    Writer b{block};
    if (announce) bgp::encode_mp_reach(b, afi_, safi_, nh_, prefixes_, addpath_);
    else bgp::encode_mp_unreach(b, afi_, safi_, prefixes_, addpath_);
    block.insert(block.end(), attrs_.begin(), attrs_.end());
    bgp::encode_update(m, {}, block, {}, addpath_);
  }
  Writer w{out_};
  write_bgp4mp_message(w, ts_, usec_, peer_ip_, peer_as_, msg_, addpath_);
  ++messages_;
  prefixes_.clear();
}

}  // namespace dw::mrt
