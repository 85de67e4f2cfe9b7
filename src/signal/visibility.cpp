#include "signal/visibility.h"

#include <algorithm>

#include "geo/country_codes.h"
#include "geo/special_space.h"

namespace dw::signal {

const char* EntityKey::type_name() const {
  switch (type) {
    case EntityType::Table: return "table";
    case EntityType::Country: return "country";
    case EntityType::Asn: return "asn";
    case EntityType::Unplaced: return "unplaced";
  }
  return "?";
}

std::string EntityKey::code_str() const {
  switch (type) {
    case EntityType::Table:
    case EntityType::Unplaced: return "";
    case EntityType::Country: return geo::country_str(static_cast<geo::CountryCode>(code));
    case EntityType::Asn: return std::to_string(code);
  }
  return "?";
}

std::string EntityKey::str() const {
  if (type == EntityType::Table || type == EntityType::Unplaced) return type_name();
  return std::string(type_name()) + ":" + code_str();
}

std::optional<EntityKey> EntityKey::parse(std::string_view s) {
  if (s == "table") return EntityKey{EntityType::Table, 0};
  if (s == "unplaced" || s == "unplaced:") return EntityKey{EntityType::Unplaced, 0};
  auto c = s.find(':');
  std::string_view type = c == std::string_view::npos ? "" : s.substr(0, c);
  std::string code(c == std::string_view::npos ? s : s.substr(c + 1));
  auto alpha = [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'); };
  if (type == "country" || (type.empty() && code.size() == 2 && alpha(code[0]) && alpha(code[1]))) {
    if (code.size() != 2 || !alpha(code[0]) || !alpha(code[1])) return std::nullopt;
    for (auto& ch : code) ch = static_cast<char>(ch & ~0x20);  // upper case
    return EntityKey{EntityType::Country, geo::country_code(code)};
  }
  if (type != "asn" && type != "as" && !type.empty()) return std::nullopt;
  if (code.size() > 2 && (code[0] == 'A' || code[0] == 'a') && (code[1] == 'S' || code[1] == 's')) code.erase(0, 2);
  if (code.empty() || code.size() > 10 || code.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  uint64_t v = std::stoull(code);
  if (v > UINT32_MAX) return std::nullopt;
  return EntityKey{EntityType::Asn, static_cast<uint32_t>(v)};
}

VisibilityCounter::VisibilityCounter(const rib::RibState& rib, const geo::CountryDb* geo, uint32_t bin)
    : rib_(rib), geo_(geo), bin_(bin), cov24_(1u << 24, 0), cc24_(1u << 24, 0xffff) {
  Entity table;
  table.key = {EntityType::Table, 0};
  entities_.push_back(std::move(table));
  index_.try_emplace(0, 0);
}

EntityId VisibilityCounter::find(const EntityKey& k) const {
  return index_.find(key_of(k.type, k.code));
}

EntityId VisibilityCounter::entity(EntityType t, uint32_t code, rib::PrefixId p) {
  uint64_t k = key_of(t, code);
  // a table arrives in runs of prefixes that share their attributes (a BMP
  // or UPDATE message packs them so): the same origin AS, mostly the same
  // country, many times in a row; the last entity asked for is kept
  if (k != last_key_) {
    auto [id, fresh] = index_.try_emplace(k, static_cast<EntityId>(entities_.size()));
    if (fresh) {
      Entity e;
      e.key = {t, code};
      e.bin.start = bin_start_;
      entities_.push_back(std::move(e));
      forget_upstream_hits();  // the entities may have moved
    }
    last_key_ = k, last_id_ = id;
  }
  // each prefix once, though it comes back here at every flap and path
  // change: kept sorted (ids mostly arrive in order, so this is an append)
  auto& ps = entities_[last_id_].prefixes;
  if (ps.empty() || ps.back() < p) ps.push_back(p);
  else if (auto at = std::lower_bound(ps.begin(), ps.end(), p); *at != p) ps.insert(at, p);
  return last_id_;
}

EntityId VisibilityCounter::add_entity(const EntityKey& k) {
  if (k.type == EntityType::Table) return 0;
  uint64_t key = key_of(k.type, k.code);
  auto [id, fresh] = index_.try_emplace(key, static_cast<EntityId>(entities_.size()));
  if (fresh) {
    Entity e;
    e.key = k;
    e.bin.start = bin_start_;
    entities_.push_back(std::move(e));
    forget_upstream_hits();
  }
  return id;
}

void VisibilityCounter::replay_change(EntityId id, const Values& after, rib::PrefixId p, bool visible, uint32_t ts,
                                      rib::ChangeCause cause) {
  auto& en = entities_[id];
  Values before = en.cur;
  set_value(en, after);
  if (sig_) sig_->on_change(id, before, en.cur, p, visible, ts, cause);
}

void VisibilityCounter::set_value(Entity& en, const Values& v) {
  en.cur = v;
  if (!en.low_known) {
    en.bin.low = v;
    en.low_known = true;
    return;
  }
  en.bin.low.v4 = std::min(en.bin.low.v4, v.v4);
  en.bin.low.v6 = std::min(en.bin.low.v6, v.v6);
  en.bin.low.prefixes = std::min(en.bin.low.prefixes, v.prefixes);
}

void VisibilityCounter::start(uint32_t ts) {
  bin_start_ = ts - ts % bin_;
  for (auto& e : entities_) {
    e.bin.start = bin_start_;
    e.bin.low = e.cur;
    e.low_known = true;
  }
}

std::string VisibilityCounter::ignored_summary() const {
  uint64_t n = 0;
  std::string parts;
  for (const auto& [label, k] : ignored_) {
    n += k;
    parts += (parts.empty() ? "" : ", ") + label + " " + std::to_string(k);
  }
  if (!n) return "none";
  return std::to_string(n) + (n == 1 ? " prefix: " : " prefixes: ") + parts;
}

EntityId VisibilityCounter::place(geo::CountryCode c, rib::PrefixId p) {
  return c ? entity(EntityType::Country, c, p) : entity(EntityType::Unplaced, 0, p);
}

EntityId VisibilityCounter::find_place(geo::CountryCode c) const {
  return c ? find({EntityType::Country, c}) : find({EntityType::Unplaced, 0});
}

// A source's pseudo-codes (ZZ, EU, A1, ...) place nothing: the origin AS's
// country is tried instead, and failing that the space is unplaced (0).
geo::CountryCode VisibilityCounter::placed(geo::CountryCode c, geo::CountryCode by_as) const {
  if (geo::is_country(c)) return c;
  return geo::is_country(by_as) ? by_as : 0;
}

geo::CountryCode VisibilityCounter::cc24(uint32_t i) {
  if (!geo_) return 0;  // nothing to look up, nothing to remember
  if (cc24_[i] != 0xffff) return cc24_[i];
  unsigned bl = 24;
  geo::CountryCode c = placed(geo_->lookup(bgp::IpAddr::v4(i << 8), &bl), 0);
  uint32_t span = bl >= 24 ? 1 : (1u << (24 - bl));
  uint32_t first = (i / span) * span;
  for (uint32_t j = first; j < first + span && j < (1u << 24); ++j) cc24_[j] = c;
  return c;
}

void VisibilityCounter::on_new_prefix(rib::PrefixId p) {
  if (prefix_entities_.size() <= p) {
    prefix_entities_.resize(p + 1);
    prefix_cc_.resize(p + 1, 0);
    credited_as_.resize(p + 1, 0);
    kind_.resize(p + 1, Kind::Unknown);
  }
}

// Which countries a prefix belongs to. Deferred until its first route is known,
// because space the geography does not place falls back to the country its
// origin AS is registered in.
// Special-purpose space is classified once and then counted toward nothing
// (no entity at all: not the table, no country, no AS).
void VisibilityCounter::classify(rib::PrefixId p) {
  if (kind_[p] != Kind::Unknown) return;
  auto& ents = prefix_entities_[p];
  const auto& pi = rib_.prefixes()[p];
  const auto& pf = pi.prefix;
  auto space = geo::classify_space(pf);
  if (space.kind == geo::SpaceKind::Special) {
    kind_[p] = Kind::Ignored;
    ++ignored_[space.label];
    return;
  }
  kind_[p] = space.kind == geo::SpaceKind::Covers ? Kind::Covers : Kind::Counted;
  geo::CountryCode by_as = geo_ && pi.origin ? geo_->asn_country(pi.origin) : 0;
  if (!geo::is_country(by_as)) by_as = 0;
  ents.reserve(4);  // the table, a country or two, the origin AS: one allocation
  ents.push_back(0);
  if (pf.addr.is_v4()) {
    uint32_t first = pf.addr.v4_host() >> 8;
    uint32_t n = pf.len >= 24 ? 1 : (1u << (24 - pf.len));
    geo::CountryCode last = 0xffff;
    uint32_t own = first;  // the prefix's own country: that of its first counted /24
    for (uint32_t i = n; i-- > 0;) {
      if (kind_[p] == Kind::Covers && geo::special_slash24(first + i)) continue;
      own = first + i;
      auto c = cc24(first + i);
      if (c == 0 && by_as) c = cc24_[first + i] = by_as;
      if (c != last) {
        EntityId e = place(c, p);
        bool have = false;
        for (auto x : ents) have = have || x == e;
        if (!have) ents.push_back(e);
        last = c;
      }
    }
    prefix_cc_[p] = cc24(own);
  } else {
    // IPv6 blocks are registered coarsely (a /32 to an LIR, exchange blocks
    // at the RIR's seat), so when the source knows the origin AS's country,
    // that wins; the address lookup is the fallback.
    prefix_cc_[p] = by_as ? by_as : geo_ ? placed(geo_->lookup(pf.addr), 0) : 0;
    ents.push_back(place(prefix_cc_[p], p));
  }
}

void VisibilityCounter::on_visibility(rib::PrefixId p, bool vis, uint32_t ts, rib::ChangeCause cause) {
  classify(p);
  if (kind_[p] == Kind::Ignored) return;
  const auto& pi = rib_.prefixes()[p];
  const auto& pf = pi.prefix;
  int d = vis ? 1 : -1;
  // deltas per entity
  std::vector<std::pair<EntityId, Values>> deltas;
  auto add = [&](EntityId e, int64_t v4, int64_t v6, int64_t np) {
    for (auto& [x, v] : deltas)
      if (x == e) {
        v.v4 += v4, v.v6 += v6, v.prefixes += np;
        return;
      }
    deltas.push_back({e, {v4, v6, np}});
  };
  EntityId own_cc = find_place(prefix_cc_[p]);
  add(0, 0, 0, d);
  add(own_cc, 0, 0, d);
  if (vis) credited_as_[p] = pi.origin;
  EntityId as = entity(EntityType::Asn, credited_as_[p], p);
  bool have = false;
  for (auto x : prefix_entities_[p]) have = have || x == as;
  if (!have) prefix_entities_[p].push_back(as);
  add(as, 0, 0, d);
  if (pf.addr.is_v4()) {
    uint32_t first = pf.addr.v4_host() >> 8;
    uint32_t n = pf.len >= 24 ? 1 : (1u << (24 - pf.len));
    bool covers = kind_[p] == Kind::Covers;
    int64_t counted = 0;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t k = first + i;
      if (covers && geo::special_slash24(k)) continue;
      ++counted;
      if (vis ? cov24_[k]++ == 0 : --cov24_[k] == 0) {
        add(0, d, 0, 0);
        add(find_place(cc24(k)), d, 0, 0);
      }
    }
    add(as, d * counted, 0, 0);
  } else {
    // the table and the country count each /48 once; the origin AS counts its
    // own prefixes, each weighed as V6Union weighs it (at most a /32's worth)
    auto n = static_cast<int64_t>(V6Union::blocks(pf).second);
    auto& cu = v6_by_cc_[prefix_cc_[p]];
    add(0, 0, vis ? v6_all_.add(pf) : v6_all_.remove(pf), 0);
    add(own_cc, 0, vis ? cu.add(pf) : cu.remove(pf), 0);
    add(as, 0, d * n, 0);
  }
  for (auto& [e, v] : deltas) {
    auto& en = entities_[e];
    Values before = en.cur;
    set_value(en, {en.cur.v4 + v.v4, en.cur.v6 + v.v6, en.cur.prefixes + v.prefixes});
    if (sig_) sig_->on_change(e, before, en.cur, p, vis, ts, cause);
  }
}

void VisibilityCounter::on_route_event(rib::PrefixId p, rib::PeerId peer, bool announce, bool voting, uint32_t ts) {
  classify(p);
  if (kind_[p] == Kind::Ignored) return;  // no churn, no local loss, no flapping of special space
  if (sig_) sig_->on_route(p, peer, announce, voting, ts);
  if (!voting) return;
  for (EntityId e : prefix_entities_[p]) {
    auto& b = entities_[e].bin;
    if (announce) ++b.announcements;
    else ++b.withdrawals;
  }
}

void VisibilityCounter::on_upstream(rib::PrefixId p, uint32_t upstream, bool added) {
  classify(p);
  if (kind_[p] == Kind::Ignored) return;
  auto touch = [&](EntityId e) {
    // the prefixes of one message share their path, so one upstream comes
    // many times in a row to the same few entities: their counters are kept
    UpstreamHit& hit = upstream_hits_[e % std::size(upstream_hits_)];
    if (added && hit.entity == e && hit.upstream == upstream) return void(++*hit.count);
    auto& m = entities_[e].upstreams;
    if (added) {
      uint32_t& n = m[upstream];
      ++n;
      hit = {e, upstream, &n};
    } else if (auto it = m.find(upstream); it != m.end() && --it->second == 0) {
      m.erase(it);
      forget_upstream_hits();
    }
  };
  for (EntityId e : prefix_entities_[p]) {
    if (entities_[e].key.type == EntityType::Asn) continue;  // the origin's entity is handled below
    touch(e);
  }
  // an AS entity: the upstreams of the prefixes it originates now
  uint32_t origin = rib_.prefixes()[p].origin;
  if (origin) touch(entity(EntityType::Asn, origin, p));
}

void VisibilityCounter::jump(uint32_t ts) {
  if (!bin_start_) return start(ts);
  if (ts < bin_start_ + bin_) return;
  advance(bin_start_ + bin_);  // the open bin only
  bin_start_ = ts - ts % bin_;
  for (auto& e : entities_) e.bin.start = bin_start_;
}

void VisibilityCounter::advance(uint32_t ts) {
  if (!bin_start_) start(ts);
  while (ts >= bin_start_ + bin_) {
    uint32_t end = bin_start_ + bin_;
    uint32_t peers = rib_.full_peers_up();
    for (auto& e : entities_) {
      e.bin.start = bin_start_;
      e.bin.end = e.cur;
      e.bin.peers = peers;
      e.bin.upstreams = static_cast<uint32_t>(e.upstreams.size());
      // sparse: a row is kept when there was churn, a dip inside the bin, or
      // a value moved; readers carry the last row forward over the rest
      e.changed = e.bin.announcements || e.bin.withdrawals || !(e.bin.low == e.bin.end) ||
                  !(e.closed.end == e.bin.end) || e.closed.peers != e.bin.peers ||
                  e.closed.upstreams != e.bin.upstreams;
      e.closed = e.bin;
      e.bin = BinRow{};
      e.bin.low = e.cur;
      e.low_known = true;
    }
    if (sig_) sig_->on_bin(bin_start_, end);
    bin_start_ = end;
  }
}

}  // namespace dw::signal
