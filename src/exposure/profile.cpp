#include "exposure/profile.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "geo/country_codes.h"
#include "geo/special_space.h"

namespace dw::exposure {

std::optional<Entity> Entity::parse(const std::string& s) {
  Entity e;
  if (s.rfind("country:", 0) == 0 && s.size() == 10) {
    std::string c = s.substr(8);
    for (auto& ch : c) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
    e.cc = geo::country_code(c);
    if (!geo::is_country(e.cc)) return std::nullopt;
    return e;
  }
  if (s.rfind("asn:", 0) == 0 && s.size() > 4) {
    std::string n = s.substr(4);
    if (n.rfind("AS", 0) == 0 || n.rfind("as", 0) == 0) n = n.substr(2);
    if (n.empty() || n.size() > 10 || n.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    uint64_t v = std::stoull(n);
    if (v > 0xffffffffull) return std::nullopt;
    e.is_country = false;
    e.asn = static_cast<uint32_t>(v);
    return e;
  }
  return std::nullopt;
}

std::string Entity::str() const { return is_country ? "country:" + geo::country_str(cc) : "asn:" + std::to_string(asn); }

std::string tier_of(size_t n) {
  if (n == 0) return "unknown";
  if (n <= 2) return "severe";
  if (n < 10) return "significant";
  if (n < 40) return "low";
  return "resistant";
}

Profiler::Profiler(const PathKeeper& paths, const geo::CountryDb* geo, const geo::AsNames* names,
                   const geo::CountryDb* as_registry)
    : paths_(paths), rib_(paths.rib()), geo_(geo), names_(names), as_registry_(as_registry ? as_registry : geo) {
  const auto& peers = rib_.peers();
  for (rib::PeerId v = 0; v < peers.size(); ++v) {
    const auto& p = peers[v];
    if (!p.up || p.stale) continue;
    if (p.full4) vantage4_.push_back(v);
    if (p.full6) vantage6_.push_back(v);
  }
  const auto& prefixes = rib_.prefixes();
  for (rib::PrefixId id = 0; id < prefixes.size(); ++id) {
    const auto& pi = prefixes[id];
    if (pi.upstreams.empty()) continue;  // no peer holds a route to it now
    const auto& pf = pi.prefix;
    auto space = geo::classify_space(pf);
    if (space.kind == geo::SpaceKind::Special) continue;
    // the same placement as the visibility signals: unplaced space goes to
    // the origin's country; IPv6 goes by the origin first (blocks are coarse)
    geo::CountryCode by_as = pi.origin ? as_country(pi.origin) : 0;
    if (!geo::is_country(by_as)) by_as = 0;
    uint64_t whole_weight = 0;
    if (pf.addr.is_v4()) {
      whole_weight = uint64_t{1} << (32 - pf.len);
      std::vector<std::pair<geo::CountryCode, uint64_t>> parts;
      if (geo_) parts = geo::countries_of(*geo_, pf);
      else parts = {{0, pf.len >= 24 ? 1 : uint64_t{1} << (24 - pf.len)}};
      uint64_t total = 0;
      for (auto& [c, n] : parts) total += n;
      for (auto& [c, n] : parts) {
        geo::CountryCode cc = geo::is_country(c) ? c : by_as;
        if (!cc) continue;
        bool whole = parts.size() == 1 || n == total;
        uint64_t w = whole ? whole_weight : n * 256;
        auto& list = by_country_[cc];
        if (!list.empty() && list.back().id == id) list.back().weight += w;  // two unplaced parts
        else list.push_back({id, w, whole});
      }
    } else {
      whole_weight = pf.len >= 48 ? 1 : uint64_t{1} << (48 - pf.len);
      geo::CountryCode cc = by_as ? by_as : geo_ ? geo_->lookup(pf.addr) : 0;
      if (geo::is_country(cc)) by_country_[cc].push_back({id, whole_weight, true});
    }
    if (pi.origin) by_origin_[pi.origin].push_back({id, whole_weight, true});
  }
}

geo::CountryCode Profiler::as_country(uint32_t asn) const {
  auto it = as_cc_.find(asn);
  if (it != as_cc_.end()) return it->second;
  geo::CountryCode c = geo_ ? geo_->asn_country(asn) : 0;
  if (!c && as_registry_ && as_registry_ != geo_) c = as_registry_->asn_country(asn);
  as_cc_.emplace(asn, c);
  return c;
}

AsRef Profiler::as_ref(uint32_t asn) const {
  AsRef r;
  r.asn = asn;
  if (names_)
    if (const auto* n = names_->find(asn)) r.name = *n;
  if (auto c = as_country(asn); geo::is_country(c)) r.country = geo::country_str(c);
  return r;
}

std::vector<Entity> Profiler::countries() const {
  std::vector<Entity> out;
  for (const auto& [cc, _] : by_country_) out.push_back(Entity{true, cc, 0});
  std::sort(out.begin(), out.end(), [](const Entity& a, const Entity& b) { return a.cc < b.cc; });
  return out;
}

std::vector<Entity> Profiler::origins() const {
  std::vector<Entity> out;
  for (const auto& [asn, _] : by_origin_) out.push_back(Entity{false, 0, asn});
  std::sort(out.begin(), out.end(), [](const Entity& a, const Entity& b) { return a.asn < b.asn; });
  return out;
}

bool Profiler::has(const Entity& e) const {
  return e.is_country ? by_country_.count(e.cc) > 0 : by_origin_.count(e.asn) > 0;
}

namespace {

// Space in both families; shares are of IPv4 addresses unless the entity has
// only IPv6 (then of /48s).
struct Amount {
  uint64_t v4 = 0, v6 = 0;
  void add(bool v6f, uint64_t w) { (v6f ? v6 : v4) += w; }
};

template <typename V>
void add_once(V& v, uint32_t a) {
  if (std::find(v.begin(), v.end(), a) == v.end()) v.push_back(a);
}

// IPv4 addresses and /24s of whole prefixes without counting overlaps twice
void add_union(std::vector<std::pair<uint64_t, uint64_t>>& iv, Space& s) {
  std::sort(iv.begin(), iv.end());
  uint64_t cur_a = 0, cur_b = 0;
  bool open = false;
  auto close = [&] {
    if (!open) return;
    s.addresses += cur_b - cur_a;
    s.slash24 += ((cur_b - 1) >> 8) - (cur_a >> 8) + 1;
  };
  for (auto [a, b] : iv) {
    if (open && a <= cur_b) {
      cur_b = std::max(cur_b, b);
      continue;
    }
    close();
    cur_a = a, cur_b = b, open = true;
  }
  close();
}

}  // namespace

Profile Profiler::profile(const Entity& e, std::span<const uint32_t> without, bool detail) const {
  Profile out;
  out.entity = e;
  static const std::vector<Member> none;
  const std::vector<Member>* members = &none;
  geo::CountryCode cc = 0;
  if (e.is_country) {
    cc = e.cc;
    out.name = geo::country_str(cc);
    if (auto it = by_country_.find(cc); it != by_country_.end()) members = &it->second;
  } else {
    cc = as_country(e.asn);
    auto r = as_ref(e.asn);
    out.name = r.name.empty() ? "AS" + std::to_string(e.asn) : r.name;
    if (auto it = by_origin_.find(e.asn); it != by_origin_.end()) members = &it->second;
  }
  out.country = geo::is_country(cc) ? geo::country_str(cc) : "";
  const auto& prefixes = rib_.prefixes();
  const auto& peers = rib_.peers();
  const auto& table = paths_.table();

  Amount total, seen, left;
  uint64_t seen_prefixes = 0, left_prefixes = 0;
  std::unordered_map<uint32_t, Amount> dep, intl, dom;
  struct OriginAcc {
    Space space;
    std::vector<std::pair<uint64_t, uint64_t>> iv;
    bool seen = false, left = false;
  };
  std::map<uint32_t, OriginAcc> origins;
  OriginAcc nobody;  // the space of aggregates (no single origin)
  std::vector<std::pair<uint64_t, uint64_t>> iv;  // whole IPv4 prefixes, for the union
  std::unordered_map<rib::PeerId, std::pair<Amount, Amount>> per_vp;  // (has a path, path avoids)
  std::vector<std::span<const uint32_t>> hops;
  std::vector<rib::PeerId> hop_vp;
  std::vector<uint32_t> cand, iu, du;
  std::vector<uint8_t> vp_used(peers.size(), 0);

  for (const auto& m : *members) {
    const auto& pi = prefixes[m.id];
    bool v6 = !pi.prefix.addr.is_v4();
    // a path ending in an AS_SET (an aggregate) has no single origin: its
    // space counts in the entity's size, in no origin's
    OriginAcc* oa = pi.origin ? &origins[pi.origin] : nullptr;
    OriginAcc& o = oa ? *oa : nobody;
    // size
    for (Space* s : {&out.space, &o.space}) {
      ++s->prefixes;
      if (v6) ++s->v6_prefixes, s->slash48 += m.weight;
      else ++s->v4_prefixes;
    }
    if (!v6) {
      if (m.whole) {
        uint64_t a = pi.prefix.addr.v4_host() & ~((uint64_t{1} << (32 - pi.prefix.len)) - 1) ;
        iv.push_back({a, a + m.weight});
        if (oa) oa->iv.push_back({a, a + m.weight});
      } else {
        out.space.addresses += m.weight, out.space.slash24 += m.weight / 256;
        o.space.addresses += m.weight, o.space.slash24 += m.weight / 256;
      }
    }
    total.add(v6, m.weight);
    // the paths from every full-feed vantage point of the family
    hops.clear(), hop_vp.clear();
    for (rib::PeerId v : v6 ? vantage6_ : vantage4_) {
      if (!peers[v].routes.has(m.id)) continue;
      PathIndex pix = paths_.path(v, m.id);
      if (pix == kNoPath) continue;
      auto h = table.hops(pix);
      if (h.empty()) continue;
      hops.push_back(h), hop_vp.push_back(v);
      vp_used[v] = 1;
    }
    if (hops.empty()) continue;
    seen.add(v6, m.weight);
    ++seen_prefixes;
    o.seen = true;
    // dependence: the ASes on every path (the origin itself excluded)
    cand.clear();
    for (size_t i = 0; i + 1 < hops[0].size(); ++i)
      if (hops[0][i] != kUnknownHop) add_once(cand, hops[0][i]);
    for (size_t k = 1; k < hops.size() && !cand.empty(); ++k) {
      auto h = hops[k].first(hops[k].size() - 1);
      std::erase_if(cand, [&](uint32_t a) { return std::find(h.begin(), h.end(), a) == h.end(); });
    }
    for (uint32_t a : cand) dep[a].add(v6, m.weight);
    // international upstream: from the origin toward the vantage point, the
    // first known AS not registered in the country; domestic transit before
    // it. An AS_SET (unknown hop) is passed over: it is no AS, and the known
    // ASes of the path still count (an aggregate's path ends in one).
    iu.clear(), du.clear();
    for (auto h : hops)
      for (size_t i = h.size(); i-- > 0;) {
        uint32_t a = h[i];
        if (a == kUnknownHop) continue;
        if (!cc || as_country(a) != cc) {
          add_once(iu, a);
          break;
        }
        if (i + 1 != h.size()) add_once(du, a);
      }
    for (uint32_t a : iu) intl[a].add(v6, m.weight);
    for (uint32_t a : du) dom[a].add(v6, m.weight);
    // what-if: does some vantage point's path avoid every AS given?
    if (!without.empty()) {
      bool any = false;
      for (size_t k = 0; k < hops.size(); ++k) {
        auto h = hops[k];
        bool avoids = std::none_of(h.begin(), h.end(), [&](uint32_t a) {
          return a != kUnknownHop && std::find(without.begin(), without.end(), a) != without.end();
        });
        auto& [has, ok] = per_vp[hop_vp[k]];
        has.add(v6, m.weight);
        if (avoids) ok.add(v6, m.weight), any = true;
      }
      if (any) left.add(v6, m.weight), ++left_prefixes, o.left = true;
    }
  }
  add_union(iv, out.space);

  bool by_v6 = total.v4 == 0 && total.v6 > 0;
  out.unit = by_v6 ? "ipv6 /48s" : "ipv4 addresses";
  auto of = [by_v6](const Amount& a) { return by_v6 ? a.v6 : a.v4; };
  double seen_units = static_cast<double>(of(seen));
  auto share = [&](const Amount& a) { return seen_units > 0 ? of(a) / seen_units : 0.0; };
  out.seen = of(total) ? of(seen) / static_cast<double>(of(total)) : 0;
  for (auto v : vp_used) out.vantage_points += v;

  auto listed = [&](const std::unordered_map<uint32_t, Amount>& m, double min) {
    std::vector<AsShare> v;
    for (const auto& [a, amt] : m) {
      double s = share(amt);
      if (s > 0 && s >= min) v.push_back({as_ref(a), s});
    }
    std::sort(v.begin(), v.end(), [](const AsShare& x, const AsShare& y) {
      return x.share != y.share ? x.share > y.share : x.as.asn < y.as.asn;
    });
    return v;
  };
  out.international_upstreams = listed(intl, 0);
  out.domestic_transit = listed(dom, 0);
  out.dependence = listed(dep, 0.01);
  out.tier = tier_of(out.international_upstreams.size());
  for (const auto& d : out.dependence) {
    if (d.share <= 0.5) break;
    PointOfFailure f{d.as, d.share, 1 - d.share, {}};
    char buf[256];
    int left_pct = static_cast<int>((1 - d.share) * 100 + 0.5);
    if (d.share >= 1 - 1e-12)
      snprintf(buf, sizeof buf, "every path to %s crosses AS%u: losing it leaves %d%% reachable", out.name.c_str(),
               d.as.asn, left_pct);
    else
      snprintf(buf, sizeof buf, "every path to %.0f%% of %s's space crosses AS%u: losing it leaves %d%% reachable",
               d.share * 100, out.name.c_str(), d.as.asn, left_pct);
    f.text = buf;
    out.single_points_of_failure.push_back(std::move(f));
  }
  out.origin_count = origins.size();
  if (detail || !e.is_country)
    for (auto& [asn, oa] : origins) {
      add_union(oa.iv, oa.space);
      out.origins.push_back({as_ref(asn), oa.space});
    }
  if (!without.empty()) {
    WhatIf w;
    w.without.assign(without.begin(), without.end());
    w.space = share(left);
    w.prefixes = seen_prefixes ? left_prefixes / static_cast<double>(seen_prefixes) : 0;
    size_t seen_origins = 0, left_origins = 0;
    for (auto& [asn, oa] : origins) {
      seen_origins += oa.seen;
      left_origins += oa.left;
      if (oa.seen && !oa.left) w.cut_off.push_back(as_ref(asn));
    }
    w.origins = seen_origins ? left_origins / static_cast<double>(seen_origins) : 0;
    std::vector<rib::PeerId> vps;
    for (auto& [v, _] : per_vp) vps.push_back(v);
    std::sort(vps.begin(), vps.end());
    for (auto v : vps) {
      auto& [has, ok] = per_vp[v];
      const auto& p = peers[v];
      w.per_vantage.push_back({p.collector, p.ip.str(), p.asn, of(has) ? of(ok) / static_cast<double>(of(has)) : 0});
    }
    out.what_if = std::move(w);
  }
  return out;
}

}  // namespace dw::exposure
