#include "feed/codec.h"

#include "bgp/reader.h"
#include "bgp/writer.h"

namespace dw::feed {

using bgp::ErrorCode;
using bgp::fail;
using bgp::Reader;

namespace {

// the attributes the codec carries (see codec.h); others' presence bits are cleared
constexpr uint64_t bit(bgp::AttrType t) { return uint64_t{1} << static_cast<unsigned>(t); }
constexpr uint64_t kCarried = bit(bgp::AttrType::Origin) | bit(bgp::AttrType::AsPath) | bit(bgp::AttrType::NextHop) |
                              bit(bgp::AttrType::Med) | bit(bgp::AttrType::LocalPref) |
                              bit(bgp::AttrType::AtomicAggregate) | bit(bgp::AttrType::Communities) |
                              bit(bgp::AttrType::MpReach) | bit(bgp::AttrType::LargeCommunities);

struct Writer : bgp::Writer {
  void str(std::string_view s) {
    varint(s.size());
    b.insert(b.end(), s.begin(), s.end());
  }
  void prefix(const bgp::Prefix& p) {  // the feed carries the ADD-PATH id too
    bgp::Writer::prefix(p);
    varint(p.path_id);
  }
  void as_path(const bgp::AsPath& p) {
    varint(p.segs.size());
    for (const auto& s : p.segs) u8(static_cast<uint8_t>(s.type)), varint(s.count);
    varint(p.asns.size());
    for (auto a : p.asns) varint(a);
  }
  void attrs(const bgp::Attributes& a) {
    uint64_t present = a.present & kCarried;
    varint(present);
    u8(a.origin);
    u8(static_cast<uint8_t>(a.outcome));
    as_path(a.as_path);
    if (present & bit(bgp::AttrType::NextHop)) ip(a.next_hop);
    if (present & bit(bgp::AttrType::MpReach)) {
      u8(static_cast<uint8_t>(a.mp_reach.afi));
      u8(a.mp_reach.safi);
      u8(a.mp_reach.nh_len);
      ip(a.mp_reach.next_hop);
      if (a.mp_reach.nh_len == 32) ip(a.mp_reach.next_hop_local);
    }
    if (present & bit(bgp::AttrType::Med)) varint(a.med);
    if (present & bit(bgp::AttrType::LocalPref)) varint(a.local_pref);
    if (present & bit(bgp::AttrType::Communities)) {
      varint(a.communities.size());
      for (auto c : a.communities) varint(c);
    }
    if (present & bit(bgp::AttrType::LargeCommunities)) {
      varint(a.large_communities.size());
      for (const auto& c : a.large_communities) varint(c.global), varint(c.local1), varint(c.local2);
    }
  }
};

bgp::Result<uint64_t> varint(Reader& r, const char* field) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 70; shift += 7) {
    DW_TRY_ASSIGN(uint8_t c, r.u8(field));
    if (shift == 63 && c > 1) return fail(ErrorCode::BadValue, field, r.offset() - 1);
    v |= uint64_t{c & 0x7fu} << shift;
    if (!(c & 0x80)) return v;
  }
  return fail(ErrorCode::BadValue, field, r.offset());
}

// a varint that must fit in T (and at most max)
template <class T>
bgp::Result<T> varint_as(Reader& r, const char* field, uint64_t max = UINT64_MAX) {
  size_t at = r.offset();
  DW_TRY_ASSIGN(uint64_t v, varint(r, field));
  if (v > static_cast<uint64_t>(T(~T{0})) || v > max) return fail(ErrorCode::BadValue, field, at);
  return static_cast<T>(v);
}

bgp::Result<bgp::IpAddr> read_family(Reader& r, const char* field) {
  size_t at = r.offset();
  DW_TRY_ASSIGN(uint8_t f, r.u8(field));
  if (f != 4 && f != 6) return fail(ErrorCode::BadValue, field, at);
  bgp::IpAddr a;
  a.afi = f == 4 ? bgp::Afi::Ipv4 : bgp::Afi::Ipv6;
  return a;
}

bgp::Result<bgp::IpAddr> read_ip(Reader& r, const char* field) {
  DW_TRY_ASSIGN(bgp::IpAddr a, read_family(r, field));
  size_t n = a.is_v4() ? 4 : 16;
  DW_TRY(r.require(n, field));
  r.copy_unchecked(a.b.data(), n);
  return a;
}

bgp::Result<bgp::Prefix> read_prefix(Reader& r) {
  bgp::Prefix p;
  DW_TRY_ASSIGN(p.addr, read_family(r, "prefix family"));
  size_t at = r.offset();
  DW_TRY_ASSIGN(p.len, r.u8("prefix length"));
  if (p.len > (p.addr.is_v4() ? 32 : 128)) return fail(ErrorCode::BadValue, "prefix length", at);
  size_t n = (p.len + 7u) / 8u;
  DW_TRY(r.require(n, "prefix"));
  r.copy_unchecked(p.addr.b.data(), n);
  DW_TRY_ASSIGN(p.path_id, varint_as<uint32_t>(r, "path id"));
  return p;
}

bgp::Status read_as_path(Reader& r, bgp::AsPath& p) {
  DW_TRY_ASSIGN(size_t nseg, varint_as<size_t>(r, "AS path segments", r.remaining() / 2));
  uint64_t total = 0;
  p.segs.resize(nseg);
  for (auto& s : p.segs) {
    size_t at = r.offset();
    DW_TRY_ASSIGN(uint8_t t, r.u8("segment type"));
    if (t < 1 || t > 4) return fail(ErrorCode::BadValue, "segment type", at);
    s.type = static_cast<bgp::SegType>(t);
    DW_TRY_ASSIGN(s.count, varint_as<uint16_t>(r, "segment length"));
    total += s.count;
  }
  size_t at = r.offset();
  DW_TRY_ASSIGN(size_t nas, varint_as<size_t>(r, "AS path length", r.remaining()));
  if (nas != total) return fail(ErrorCode::BadLength, "AS path length", at, total, nas);
  p.asns.resize(nas);
  for (auto& a : p.asns) {
    DW_TRY_ASSIGN(a, varint_as<uint32_t>(r, "AS number"));
  }
  return {};
}

bgp::Status read_attrs(Reader& r, bgp::Attributes& a) {
  size_t at = r.offset();
  DW_TRY_ASSIGN(a.present, varint(r, "attribute presence"));
  if (a.present & ~kCarried) return fail(ErrorCode::BadValue, "attribute presence", at);
  DW_TRY_ASSIGN(a.origin, r.u8("ORIGIN"));
  at = r.offset();
  DW_TRY_ASSIGN(uint8_t outcome, r.u8("RFC 7606 outcome"));
  if (outcome > static_cast<uint8_t>(bgp::Outcome::SessionReset)) return fail(ErrorCode::BadValue, "RFC 7606 outcome", at);
  a.outcome = static_cast<bgp::Outcome>(outcome);
  DW_TRY(read_as_path(r, a.as_path));
  if (a.has(bgp::AttrType::NextHop)) {
    DW_TRY_ASSIGN(a.next_hop, read_ip(r, "NEXT_HOP"));
  }
  if (a.has(bgp::AttrType::MpReach)) {
    at = r.offset();
    DW_TRY_ASSIGN(uint8_t afi, r.u8("MP_REACH AFI"));
    if (afi != 1 && afi != 2) return fail(ErrorCode::BadValue, "MP_REACH AFI", at);
    a.mp_reach.afi = static_cast<bgp::Afi>(afi);
    DW_TRY_ASSIGN(a.mp_reach.safi, r.u8("MP_REACH SAFI"));
    DW_TRY_ASSIGN(a.mp_reach.nh_len, r.u8("MP_REACH next hop length"));
    DW_TRY_ASSIGN(a.mp_reach.next_hop, read_ip(r, "MP_REACH next hop"));
    if (a.mp_reach.nh_len == 32) {
      DW_TRY_ASSIGN(a.mp_reach.next_hop_local, read_ip(r, "MP_REACH link-local next hop"));
    }
  }
  if (a.has(bgp::AttrType::Med)) {
    DW_TRY_ASSIGN(a.med, varint_as<uint32_t>(r, "MED"));
  }
  if (a.has(bgp::AttrType::LocalPref)) {
    DW_TRY_ASSIGN(a.local_pref, varint_as<uint32_t>(r, "LOCAL_PREF"));
  }
  if (a.has(bgp::AttrType::Communities)) {
    DW_TRY_ASSIGN(size_t n, varint_as<size_t>(r, "COMMUNITIES count", r.remaining()));
    a.communities.resize(n);
    for (auto& c : a.communities) {
      DW_TRY_ASSIGN(c, varint_as<uint32_t>(r, "COMMUNITY"));
    }
  }
  if (a.has(bgp::AttrType::LargeCommunities)) {
    DW_TRY_ASSIGN(size_t n, varint_as<size_t>(r, "LARGE_COMMUNITY count", r.remaining() / 3));
    a.large_communities.resize(n);
    for (auto& c : a.large_communities) {
      DW_TRY_ASSIGN(c.global, varint_as<uint32_t>(r, "LARGE_COMMUNITY"));
      DW_TRY_ASSIGN(c.local1, varint_as<uint32_t>(r, "LARGE_COMMUNITY"));
      DW_TRY_ASSIGN(c.local2, varint_as<uint32_t>(r, "LARGE_COMMUNITY"));
    }
  }
  a.dirty = a.present;
  return {};
}

}  // namespace

void encode(const RouteEvent& e, std::vector<uint8_t>& out) {
  std::vector<uint8_t> body;
  Writer w{{body}};
  w.u8(kCodecVersion);
  w.u8(static_cast<uint8_t>(e.kind));
  w.str(e.source);
  w.varint(e.seq);
  w.u32(e.ts);
  switch (e.kind) {
    case EventKind::Element: {
      const auto& x = e.elem;
      w.u8(static_cast<uint8_t>(x.type));
      w.u8(x.safi);
      bool attrs = x.attrs && (x.type == bgp::ElemType::Rib || x.type == bgp::ElemType::Announce);
      w.u8(static_cast<uint8_t>((x.parse_withdraw ? 1 : 0) | (attrs ? 2 : 0)));
      w.varint(x.usec);
      w.ip(x.peer_ip);
      w.varint(x.peer_as);
      w.prefix(x.prefix);
      if (x.type == bgp::ElemType::PeerState) w.varint(x.old_state), w.varint(x.new_state);
      if (attrs) w.attrs(*x.attrs);
      break;
    }
    case EventKind::RibBegin:
    case EventKind::RibEnd: w.u8(e.initial ? 1 : 0); break;
    case EventKind::Gap: w.u32(e.until), w.str(e.text); break;
    case EventKind::Damage: w.str(e.text); break;
    case EventKind::Tick: break;
  }
  bgp::Writer{out}.varint(body.size());
  out.insert(out.end(), body.begin(), body.end());
}

std::string_view FeedDecoder::intern(std::string_view s) { return *names_.emplace(s).first; }

bgp::Result<size_t> FeedDecoder::decode(std::span<const uint8_t> data, RouteEvent& out) {
  Reader outer(data);
  DW_TRY_ASSIGN(size_t len, varint_as<size_t>(outer, "frame length", kMaxFrame));
  size_t head = outer.offset();
  DW_TRY_ASSIGN(Reader r, outer.sub(len, "frame"));
  out = RouteEvent{};
  size_t at = r.offset();
  DW_TRY_ASSIGN(uint8_t version, r.u8("version"));
  if (version != kCodecVersion) return fail(ErrorCode::Unsupported, "version", at);
  at = r.offset();
  DW_TRY_ASSIGN(uint8_t kind, r.u8("event kind"));
  if (kind < 1 || kind > static_cast<uint8_t>(EventKind::Tick)) return fail(ErrorCode::BadValue, "event kind", at);
  out.kind = static_cast<EventKind>(kind);
  DW_TRY_ASSIGN(size_t n, varint_as<size_t>(r, "source length", r.remaining()));
  DW_TRY_ASSIGN(auto name, r.bytes(n, "source"));
  out.source = intern({reinterpret_cast<const char*>(name.data()), name.size()});
  DW_TRY_ASSIGN(out.seq, varint(r, "sequence number"));
  DW_TRY_ASSIGN(out.ts, r.u32("time"));
  switch (out.kind) {
    case EventKind::Element: {
      auto& x = out.elem;
      x.ts = out.ts;
      at = r.offset();
      DW_TRY_ASSIGN(uint8_t type, r.u8("element type"));
      if (type > static_cast<uint8_t>(bgp::ElemType::PeerState)) return fail(ErrorCode::BadValue, "element type", at);
      x.type = static_cast<bgp::ElemType>(type);
      DW_TRY_ASSIGN(x.safi, r.u8("SAFI"));
      at = r.offset();
      DW_TRY_ASSIGN(uint8_t flags, r.u8("flags"));
      if (flags & ~3u) return fail(ErrorCode::BadValue, "flags", at);
      x.parse_withdraw = flags & 1;
      DW_TRY_ASSIGN(x.usec, varint_as<uint32_t>(r, "microseconds"));
      DW_TRY_ASSIGN(x.peer_ip, read_ip(r, "peer address"));
      DW_TRY_ASSIGN(x.peer_as, varint_as<uint32_t>(r, "peer AS"));
      DW_TRY_ASSIGN(x.prefix, read_prefix(r));
      if (x.type == bgp::ElemType::PeerState) {
        DW_TRY_ASSIGN(x.old_state, varint_as<uint16_t>(r, "old state"));
        DW_TRY_ASSIGN(x.new_state, varint_as<uint16_t>(r, "new state"));
      }
      if (flags & 2) {
        if (x.type != bgp::ElemType::Rib && x.type != bgp::ElemType::Announce)
          return fail(ErrorCode::BadValue, "flags", at);
        auto a = std::make_shared<bgp::Attributes>();
        DW_TRY(read_attrs(r, *a));
        x.owned_attrs = std::move(a);
        x.attrs = x.owned_attrs.get();
      }
      break;
    }
    case EventKind::RibBegin:
    case EventKind::RibEnd: {
      at = r.offset();
      DW_TRY_ASSIGN(uint8_t initial, r.u8("initial"));
      if (initial > 1) return fail(ErrorCode::BadValue, "initial", at);
      out.initial = initial;
      break;
    }
    case EventKind::Gap: {
      DW_TRY_ASSIGN(out.until, r.u32("gap end"));
      DW_TRY_ASSIGN(size_t tn, varint_as<size_t>(r, "text length", r.remaining()));
      DW_TRY_ASSIGN(auto t, r.bytes(tn, "text"));
      out.text.assign(reinterpret_cast<const char*>(t.data()), t.size());
      break;
    }
    case EventKind::Damage: {
      DW_TRY_ASSIGN(size_t tn, varint_as<size_t>(r, "text length", r.remaining()));
      DW_TRY_ASSIGN(auto t, r.bytes(tn, "text"));
      out.text.assign(reinterpret_cast<const char*>(t.data()), t.size());
      break;
    }
    case EventKind::Tick: break;
  }
  if (!r.empty()) return fail(ErrorCode::BadLength, "frame", r.offset(), head + len - r.offset(), r.remaining());
  return head + len;
}

}  // namespace dw::feed
