// RibState::checkpoint / restore: one collector's peers as bytes.
//   "DWRC" u8 version(1) str(collector) u32(peers) peer...
//   peer  := ip u32(asn) u8(flags: 1 up, 2 stale) u32(warm_until) u32(count_before_down)
//            u32(count6_before_down) u32(down_at) u32(routes) (prefix u32(origin) u32(upstream))...
//            u32(add-path prefixes) (prefix u32(paths) (u32(path id) u32(origin) u32(upstream))...)...
//   ip    := u8(4|6) 4|16 bytes      prefix := u8(4|6) u8(len) ceil(len/8) bytes     str := u32(n) n bytes
#include "bgp/reader.h"
#include "bgp/writer.h"
#include "rib/rib_state.h"

namespace dw::rib {

namespace {

constexpr uint8_t kVersion = 2;  // 2: ADD-PATH side lists

bgp::Result<bgp::IpAddr> read_family(bgp::Reader& r, const char* field) {
  size_t at = r.offset();
  DW_TRY_ASSIGN(uint8_t f, r.u8(field));
  if (f != 4 && f != 6) return bgp::fail(bgp::ErrorCode::BadValue, field, at);
  bgp::IpAddr a;
  a.afi = f == 4 ? bgp::Afi::Ipv4 : bgp::Afi::Ipv6;
  return a;
}

bgp::Result<bgp::IpAddr> read_ip(bgp::Reader& r) {
  DW_TRY_ASSIGN(bgp::IpAddr a, read_family(r, "peer address"));
  size_t n = a.is_v4() ? 4 : 16;
  DW_TRY(r.require(n, "peer address"));
  r.copy_unchecked(a.b.data(), n);
  return a;
}

bgp::Result<bgp::Prefix> read_prefix(bgp::Reader& r) {
  bgp::Prefix p;
  DW_TRY_ASSIGN(p.addr, read_family(r, "prefix"));
  size_t at = r.offset();
  DW_TRY_ASSIGN(p.len, r.u8("prefix length"));
  if (p.len > (p.addr.is_v4() ? 32 : 128)) return bgp::fail(bgp::ErrorCode::BadValue, "prefix length", at);
  size_t n = (p.len + 7u) / 8u;
  DW_TRY(r.require(n, "prefix"));
  r.copy_unchecked(p.addr.b.data(), n);
  return p;
}

}  // namespace

std::vector<uint8_t> RibState::checkpoint(const std::string& collector) const {
  std::vector<uint8_t> b{'D', 'W', 'R', 'C', kVersion};
  bgp::Writer o{b};
  o.u32(static_cast<uint32_t>(collector.size()));
  b.insert(b.end(), collector.begin(), collector.end());
  uint32_t n = 0;
  for (const auto& p : peers_) n += p.collector == collector;
  o.u32(n);
  for (const auto& p : peers_) {
    if (p.collector != collector) continue;
    o.ip(p.ip);
    o.u32(p.asn);
    o.u8(static_cast<uint8_t>((p.up ? 1 : 0) | (p.stale ? 2 : 0)));
    o.u32(p.warm_until);
    o.u32(p.count_before_down);
    o.u32(p.count6_before_down);
    o.u32(p.down_at);
    o.u32(static_cast<uint32_t>(p.routes.size()));
    p.routes.for_each([&](PrefixId id, const Route& r) {
      o.prefix(prefixes_[id].prefix);
      o.u32(r.origin);
      o.u32(r.upstream);
    });
    o.u32(static_cast<uint32_t>(p.paths.size()));
    for (const auto& [id, v] : p.paths) {
      o.prefix(prefixes_[id].prefix);
      o.u32(static_cast<uint32_t>(v.size()));
      for (const auto& x : v) o.u32(x.path_id), o.u32(x.route.origin), o.u32(x.route.upstream);
    }
  }
  return b;
}

bgp::Status RibState::restore(std::span<const uint8_t> data, uint32_t ts) {
  bgp::Reader r(data);
  DW_TRY_ASSIGN(auto magic, r.bytes(4, "checkpoint magic"));
  if (std::string(magic.begin(), magic.end()) != "DWRC") return bgp::fail(bgp::ErrorCode::BadValue, "checkpoint magic", 0);
  DW_TRY_ASSIGN(uint8_t version, r.u8("checkpoint version"));
  if (version != kVersion) return bgp::fail(bgp::ErrorCode::Unsupported, "checkpoint version", 4);
  DW_TRY_ASSIGN(uint32_t clen, r.u32("collector length"));
  DW_TRY_ASSIGN(auto cname, r.bytes(clen, "collector"));
  std::string collector(cname.begin(), cname.end());
  // parse it all first: a damaged checkpoint changes nothing
  struct Saved {
    PeerInfo info;
    std::vector<std::pair<bgp::Prefix, Route>> routes;
    std::vector<std::pair<bgp::Prefix, std::vector<PathRoute>>> paths;
  };
  std::vector<Saved> saved;
  DW_TRY_ASSIGN(uint32_t npeers, r.u32("peer count"));
  for (uint32_t i = 0; i < npeers; ++i) {
    Saved s;
    DW_TRY_ASSIGN(s.info.ip, read_ip(r));
    DW_TRY_ASSIGN(s.info.asn, r.u32("peer AS"));
    DW_TRY_ASSIGN(uint8_t flags, r.u8("peer flags"));
    s.info.up = flags & 1;
    s.info.stale = flags & 2;
    DW_TRY_ASSIGN(s.info.warm_until, r.u32("warm until"));
    DW_TRY_ASSIGN(s.info.count_before_down, r.u32("count before down"));
    DW_TRY_ASSIGN(s.info.count6_before_down, r.u32("count6 before down"));
    DW_TRY_ASSIGN(s.info.down_at, r.u32("down at"));
    DW_TRY_ASSIGN(uint32_t nroutes, r.u32("route count"));
    if (nroutes > r.remaining() / 10) return bgp::fail(bgp::ErrorCode::BadLength, "route count", r.offset() - 4);
    for (uint32_t k = 0; k < nroutes; ++k) {
      DW_TRY_ASSIGN(bgp::Prefix p, read_prefix(r));
      Route rt;
      DW_TRY_ASSIGN(rt.origin, r.u32("origin"));
      DW_TRY_ASSIGN(rt.upstream, r.u32("upstream"));
      if (rt.origin == kNoRoute) return bgp::fail(bgp::ErrorCode::BadValue, "origin", r.offset() - 8);
      s.routes.push_back({p, rt});
    }
    DW_TRY_ASSIGN(uint32_t nap, r.u32("add-path prefix count"));
    if (nap > r.remaining() / 10) return bgp::fail(bgp::ErrorCode::BadLength, "add-path prefix count", r.offset() - 4);
    for (uint32_t k = 0; k < nap; ++k) {
      DW_TRY_ASSIGN(bgp::Prefix p, read_prefix(r));
      DW_TRY_ASSIGN(uint32_t np, r.u32("path count"));
      if (np > r.remaining() / 12) return bgp::fail(bgp::ErrorCode::BadLength, "path count", r.offset() - 4);
      std::vector<PathRoute> v(np);
      for (auto& x : v) {
        DW_TRY_ASSIGN(x.path_id, r.u32("path id"));
        DW_TRY_ASSIGN(x.route.origin, r.u32("origin"));
        DW_TRY_ASSIGN(x.route.upstream, r.u32("upstream"));
      }
      s.paths.push_back({p, std::move(v)});
    }
    saved.push_back(std::move(s));
  }
  if (!r.empty()) return bgp::fail(bgp::ErrorCode::BadLength, "checkpoint", r.offset());
  for (auto& s : saved) {
    PeerId pid = peer(collector, s.info.ip, s.info.asn);
    // what the peer held before is replaced (it does not vote while that happens)
    set_voting(pid, false, false, ts, ChangeCause::RibRepair);
    std::vector<PrefixId> old;
    peers_[pid].routes.for_each([&](PrefixId id, const Route&) { old.push_back(id); });
    for (PrefixId id : old) remove_route(pid, id, ts, ChangeCause::RibRepair);
    auto& p = peers_[pid];
    p.paths.clear();
    p.up = s.info.up;
    p.stale = s.info.stale;
    p.warm_until = s.info.warm_until;
    p.count_before_down = s.info.count_before_down;
    p.count6_before_down = s.info.count6_before_down;
    p.down_at = s.info.down_at;
    for (const auto& [pf, rt] : s.routes) add_route(pid, intern(pf), rt, ts, ChangeCause::RibRepair);
    for (auto& [pf, v] : s.paths) peers_[pid].paths[intern(pf)] = std::move(v);
  }
  refresh_voters(ts, ChangeCause::RibRepair);
  return {};
}

}  // namespace dw::rib
