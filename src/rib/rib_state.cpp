#include "rib/rib_state.h"

#include <algorithm>

namespace dw::rib {

PeerId RibState::peer(const std::string& collector, const bgp::IpAddr& ip, uint32_t asn) {
  // consecutive elements mostly come from one peer
  if (last_peer_ != UINT32_MAX && last_collector_ == &collector && peers_[last_peer_].ip == ip &&
      peers_[last_peer_].collector == collector) {
    if (asn) peers_[last_peer_].asn = asn;
    return last_peer_;
  }
  last_peer_ = peer_slow(collector, ip, asn);
  last_collector_ = &collector;
  return last_peer_;
}

PeerId RibState::peer_slow(const std::string& collector, const bgp::IpAddr& ip, uint32_t asn) {
  uint16_t ci = 0;
  while (ci < collectors_.size() && collectors_[ci] != collector) ++ci;
  if (ci == collectors_.size()) collectors_.push_back(collector);
  PeerKey key{ci, ip};
  auto it = peer_index_.find(key);
  if (it != peer_index_.end()) {
    if (asn) peers_[it->second].asn = asn;
    return it->second;
  }
  PeerId id = static_cast<PeerId>(peers_.size());
  PeerInfo p;
  p.collector = collector;
  p.ip = ip;
  p.asn = asn;
  peers_.push_back(std::move(p));
  peer_index_.emplace(key, id);
  return id;
}

PrefixId RibState::intern(const bgp::Prefix& p0) {
  bgp::Prefix p = p0;
  p.path_id = 0;
  if (PrefixId id = prefix_index_.find(p, prefixes_); id != PrefixIndex::kNone) return id;
  PrefixId id = static_cast<PrefixId>(prefixes_.size());
  PrefixInfo info;
  info.prefix = p;
  prefixes_.push_back(std::move(info));
  prefix_index_.insert(p, id, prefixes_);
  if (listener_) listener_->on_new_prefix(id);
  return id;
}

uint32_t RibState::full_peers_up() const {
  uint32_t n = 0;
  for (const auto& p : peers_) n += p.up && (p.full4 || p.full6);
  return n;
}

void RibState::count(PeerInfo& p, PrefixId id, int d) {
  if (prefixes_[id].prefix.addr.is_v4()) p.count4 = static_cast<uint32_t>(static_cast<int>(p.count4) + d);
  else p.count6 = static_cast<uint32_t>(static_cast<int>(p.count6) + d);
}

void RibState::set_visible(PrefixId id, uint32_t ts, ChangeCause cause) {
  auto& pi = prefixes_[id];
  uint32_t n = pi.prefix.addr.is_v4() ? voters4_ : voters6_;
  if (n == 0) return;  // nobody to ask: keep what we knew
  bool vis = uint32_t{pi.seen} * 2 > n;
  if (vis != pi.visible) {
    pi.visible = vis;
    if (listener_) listener_->on_visibility(id, vis, ts, cause);
  }
}

void RibState::upstream_add(PrefixId id, uint32_t u) {
  auto& ups = prefixes_[id].upstreams;
  for (auto& [x, n] : ups)
    if (x == u) return void(++n);
  ups.push_back({u, 1});
  if (listener_ && u) listener_->on_upstream(id, u, true);
}

void RibState::upstream_remove(PrefixId id, uint32_t u) {
  auto& ups = prefixes_[id].upstreams;
  auto it = std::find_if(ups.begin(), ups.end(), [u](const auto& x) { return x.first == u; });
  if (it == ups.end()) return;
  if (--it->second == 0) {
    *it = ups.back();
    ups.pop_back();
    if (listener_ && u) listener_->on_upstream(id, u, false);
  }
}

void RibState::add_route(PeerId pid, PrefixId id, const Route& r, uint32_t ts, ChangeCause cause) {
  auto& p = peers_[pid];
  auto& pi = prefixes_[id];
  pi.origin = r.origin;
  if (p.routes.has(id)) {
    uint32_t old_up = p.routes.get(id).upstream;
    if (old_up != r.upstream) {
      upstream_remove(id, old_up);
      upstream_add(id, r.upstream);
    }
    p.routes.put(id, r);
    if (listener_) listener_->on_route_event(id, pid, true, false, ts);
    return;
  }
  p.routes.put(id, r);
  upstream_add(id, r.upstream);
  count(p, id, +1);
  bool voting = pi.prefix.addr.is_v4() ? p.voting4 : p.voting6;
  if (voting) {
    ++pi.seen;
    set_visible(id, ts, cause);
  }
  if (listener_) listener_->on_route_event(id, pid, true, voting, ts);
}

void RibState::remove_route(PeerId pid, PrefixId id, uint32_t ts, ChangeCause cause) {
  auto& p = peers_[pid];
  if (!p.routes.has(id)) return;
  auto& pi = prefixes_[id];
  upstream_remove(id, p.routes.get(id).upstream);
  p.routes.erase(id);
  count(p, id, -1);
  bool voting = pi.prefix.addr.is_v4() ? p.voting4 : p.voting6;
  if (voting) {
    --pi.seen;
    set_visible(id, ts, cause);
  }
  if (listener_) listener_->on_route_event(id, pid, false, voting, ts);
}

void RibState::announce_path(PeerId pid, PrefixId id, uint32_t path_id, const Route& r, uint32_t ts) {
  auto& p = peers_[pid];
  auto it = p.paths.find(id);
  if (it == p.paths.end()) {
    if (path_id == 0) return add_route(pid, id, r, ts, ChangeCause::Route);  // the common case: one path, id 0
    std::vector<PathRoute> v;
    if (p.routes.has(id)) v.push_back({0, p.routes.get(id)});
    v.push_back({path_id, r});
    p.paths.emplace(id, std::move(v));
  } else {
    auto& v = it->second;
    std::erase_if(v, [&](const PathRoute& x) { return x.path_id == path_id; });
    v.push_back({path_id, r});  // last: the most recently announced
  }
  add_route(pid, id, r, ts, ChangeCause::Route);
}

void RibState::withdraw_path(PeerId pid, PrefixId id, uint32_t path_id, uint32_t ts) {
  auto& p = peers_[pid];
  auto it = p.paths.find(id);
  if (it == p.paths.end()) {
    if (path_id == 0) remove_route(pid, id, ts, ChangeCause::Route);
    return;  // any other id: a path the peer does not hold
  }
  auto& v = it->second;
  auto f = std::find_if(v.begin(), v.end(), [&](const PathRoute& x) { return x.path_id == path_id; });
  if (f == v.end()) return;
  v.erase(f);
  if (v.empty()) {
    p.paths.erase(it);
    remove_route(pid, id, ts, ChangeCause::Route);
    return;
  }
  // the peer still reaches the prefix: by the most recently announced path left
  Route r = v.back().route;
  if (v.size() == 1 && v[0].path_id == 0) p.paths.erase(it);
  const Route& cur = p.routes.get(id);
  if (cur.origin != r.origin || cur.upstream != r.upstream) add_route(pid, id, r, ts, ChangeCause::Route);
}

void RibState::revisit_all(uint32_t ts, ChangeCause cause) {
  for (PrefixId id = 0; id < prefixes_.size(); ++id) set_visible(id, ts, cause);
}

void RibState::set_voting(PeerId pid, bool v4, bool v6, uint32_t ts, ChangeCause cause) {
  auto& p = peers_[pid];
  if (p.voting4 == v4 && p.voting6 == v6) return;
  bool d4 = p.voting4 != v4, d6 = p.voting6 != v6;
  p.routes.for_each([&](PrefixId id, const Route&) {
    bool is4 = prefixes_[id].prefix.addr.is_v4();
    if (is4 && d4) prefixes_[id].seen = static_cast<uint16_t>(prefixes_[id].seen + (v4 ? 1 : -1));
    if (!is4 && d6) prefixes_[id].seen = static_cast<uint16_t>(prefixes_[id].seen + (v6 ? 1 : -1));
  });
  if (d4) voters4_ = v4 ? voters4_ + 1 : voters4_ - 1;
  if (d6) voters6_ = v6 ? voters6_ + 1 : voters6_ - 1;
  p.voting4 = v4;
  p.voting6 = v6;
  revisit_all(ts, cause);
}

void RibState::refresh_voters(uint32_t ts, ChangeCause cause) {
  uint32_t max4 = 0, max6 = 0;
  for (const auto& p : peers_) {
    if (!p.up) {
      // a table that went with its session (in the last day) still sets the
      // reference: when a whole collector restarts, a partial peer left alone
      // must not become "the largest table"
      if (p.down_at && ts < p.down_at + 86400) {
        max4 = std::max(max4, p.count_before_down);
        max6 = std::max(max6, p.count6_before_down);
      }
      continue;
    }
    uint32_t c4 = ts < p.warm_until ? std::max(p.count4, p.count_before_down) : p.count4;
    max4 = std::max(max4, c4);
    max6 = std::max(max6, p.count6);
  }
  for (PeerId id = 0; id < peers_.size(); ++id) {
    auto& p = peers_[id];
    uint32_t c4 = ts < p.warm_until ? std::max(p.count4, p.count_before_down) : p.count4;
    p.full4 = max4 > 0 && c4 >= full_share * max4;
    p.full6 = max6 > 0 && p.count6 >= full_share * max6;
    bool ok = p.up && !p.stale && ts >= p.warm_until;
    set_voting(id, ok && p.full4, ok && p.full6, ts, cause);
  }
}

void RibState::drop_session(PeerId pid, uint32_t ts) {
  // the session dropped: its routes vanished because our view broke
  constexpr auto kRecount = ChangeCause::SessionRecount;
  auto& p = peers_[pid];
  if (p.resuming) p.resuming = false, --resuming_;
  if (p.refresh_until) p.refresh_until = 0, --refreshing_;
  p.unrefreshed = {};
  p.count_before_down = p.count4;
  p.count6_before_down = p.count6;
  p.down_at = ts;
  set_voting(pid, false, false, ts, kRecount);
  std::vector<PrefixId> ids;
  ids.reserve(p.routes.size());
  p.routes.for_each([&](PrefixId id, const Route&) { ids.push_back(id); });
  for (PrefixId id : ids) remove_route(pid, id, ts, kRecount);
  p.paths.clear();
  p.up = false;
  if (listener_) listener_->on_peer_state(pid, false, ts);
  refresh_voters(ts, kRecount);
}

void RibState::await_refresh(uint32_t hold) {
  resume_hold_ = hold, resume_deadline_ = 0;
  for (auto& p : peers_)
    if (p.up && !p.resuming && !p.refresh_until) p.resuming = true, ++resuming_;
}

void RibState::begin_refresh(PeerId pid, uint32_t ts) {
  auto& p = peers_[pid];
  p.resuming = false, --resuming_;
  p.unrefreshed.assign((prefixes_.size() + 63) / 64, 0);
  p.routes.for_each([&](PrefixId id, const Route&) { p.unrefreshed[id / 64] |= uint64_t{1} << (id % 64); });
  p.refresh_until = std::max<uint32_t>(ts + warmup_seconds, ts + 1);
  ++refreshing_;
}

// An announcement or withdrawal from a peer awaited since the restart.
void RibState::heard(PeerInfo& p, PrefixId id) {
  if (p.resuming) p.resuming = false, --resuming_;  // heard without a session message: its routes stay
  if (id / 64 < p.unrefreshed.size()) p.unrefreshed[id / 64] &= ~(uint64_t{1} << (id % 64));
}

void RibState::end_refresh(PeerId pid, uint32_t ts) {
  auto& p = peers_[pid];
  std::vector<uint64_t> left;
  left.swap(p.unrefreshed);
  p.refresh_until = 0, --refreshing_;
  for (size_t w = 0; w < left.size(); ++w)
    for (uint64_t bits = left[w]; bits; bits &= bits - 1) {
      auto id = static_cast<PrefixId>(w * 64 + static_cast<unsigned>(__builtin_ctzll(bits)));
      p.paths.erase(id);
      remove_route(pid, id, ts, ChangeCause::RibRepair);
    }
}

void RibState::check_refreshes(uint32_t ts) {
  if (!resume_deadline_) resume_deadline_ = ts + resume_hold_;  // the clock's first move after the restart
  for (PeerId id = 0; id < peers_.size() && (resuming_ || refreshing_); ++id) {
    auto& p = peers_[id];
    if (p.refresh_until && ts >= p.refresh_until) end_refresh(id, ts);
    if (p.resuming && ts >= resume_deadline_) {
      auto it = resume_sources_.find(p.collector);
      uint8_t did = it == resume_sources_.end() ? 0 : it->second;
      if (did == kHeard) {
        p.resuming = false, --resuming_;  // a source that speaks only through routes: silence is no news
      } else {
        drop_session(id, ts);  // its source is gone, or came back without it
      }
    }
  }
  if (!resuming_) resume_sources_.clear();
}

void RibState::tick(uint32_t ts) {
  if (resuming_ || refreshing_) check_refreshes(ts);
  for (const auto& p : peers_)
    if (p.up && p.warm_until && ts >= p.warm_until && !(p.voting4 || p.voting6) && !p.stale) {
      refresh_voters(ts, ChangeCause::SessionRecount);
      return;
    }
}

void RibState::set_collector_stale(const std::string& collector, bool stale, uint32_t ts) {
  for (auto& p : peers_)
    if (p.collector == collector) p.stale = stale;
  refresh_voters(ts, ChangeCause::Stale);
}

// Up by default (a new peer) but never counted: no route, no vote, no
// warm-up begun, never down.
static bool never_counted(const PeerInfo& p) {
  return p.up && p.routes.size() == 0 && !p.voting4 && !p.voting6 && !p.warm_until && !p.down_at;
}

static Route route_of(const bgp::Element& e) {
  Route r;
  if (e.attrs) {
    r.origin = e.attrs->as_path.origin();
    r.upstream = e.attrs->as_path.upstream();
    if (r.origin == kNoRoute) r.origin = 0;  // reserved; it marks an empty slot here
  }
  return r;
}

void RibState::apply(const std::string& collector, const bgp::Element& e) {
  PeerId pid = peer(collector, e.peer_ip, e.peer_as);
  auto& p = peers_[pid];
  if (resuming_) {
    bool up = e.type == bgp::ElemType::PeerState && e.new_state == static_cast<uint16_t>(bgp::FsmState::Established);
    resume_sources_[collector] |= up ? kHeard | kSessionUp : kHeard;
  }
  switch (e.type) {
    case bgp::ElemType::PeerState: {
      // visibility moves here because who votes changed, not because a route did
      constexpr auto kRecount = ChangeCause::SessionRecount;
      bool was = p.up;
      if (e.new_state == static_cast<uint16_t>(bgp::FsmState::Established)) {
        // a peer first heard of by its session coming up (a BMP PeerUp, a BGP
        // session, an archive's state change for a peer not in its dump) is
        // up by default but was never counted: it warms up and then votes
        // like a peer back from a reset, instead of waiting for a RIB dump
        // that a live feed never sends
        bool unseen = was && never_counted(p);
        if (!was || unseen) {
          p.up = true;
          p.warm_until = e.ts + warmup_seconds;
          refresh_voters(e.ts, kRecount);  // full-feed again at once (by its table before the drop); votes after warm-up
          if (listener_) listener_->on_peer_state(pid, true, e.ts);
        } else if (p.resuming) begin_refresh(pid, e.ts);  // back after our restart: its table comes again
      } else if (was && e.old_state == static_cast<uint16_t>(bgp::FsmState::Established)) {
        drop_session(pid, e.ts);
      }
      return;
    }
    case bgp::ElemType::Announce:
    case bgp::ElemType::Rib: {
      if (!bgp::is_unicast(e.safi)) return;  // multicast routes carry no traffic to the prefix
      bool first = false;
      if (!p.up) {
        p.up = true;
        p.warm_until = e.ts + warmup_seconds;
      } else if (e.type == bgp::ElemType::Announce && never_counted(p)) {
        // a peer first heard of by its announcements (a BMP Loc-RIB or a RIS
        // Live peer: no session message ever names it) warms up and then
        // votes (tick), as one first heard of by its session coming up does
        p.warm_until = e.ts + warmup_seconds;
        first = true;
      }
      PrefixId id = intern(e.prefix);
      if (p.resuming || p.refresh_until) heard(p, id);
      announce_path(pid, id, e.prefix.path_id, route_of(e), e.ts);
      if (first && !warmup_seconds) refresh_voters(e.ts, ChangeCause::SessionRecount);  // no warm-up: it votes now
      return;
    }
    case bgp::ElemType::Withdraw:
      // our own parse of a damaged message is not evidence the route is gone
      if (e.parse_withdraw || !bgp::is_unicast(e.safi)) return;
      if (PrefixId id = prefix_index_.find([&] { auto q = e.prefix; q.path_id = 0; return q; }(), prefixes_);
          id != PrefixIndex::kNone) {
        if (p.resuming || p.refresh_until) heard(p, id);
        withdraw_path(pid, id, e.prefix.path_id, e.ts);
      }
      return;
  }
}

void RibState::rib_begin(const std::string& collector, uint32_t ts) {
  rib_collector_ = collector;
  rib_ts_ = ts;
  rib_tables_.clear();
  rib_paths_.clear();
}

void RibState::rib_add(const std::string& collector, const bgp::Element& e) {
  if (!bgp::is_unicast(e.safi)) return;
  PeerId pid = peer(collector, e.peer_ip, e.peer_as);
  if (e.prefix.path_id) rib_paths_[pid].push_back({intern(e.prefix), {e.prefix.path_id, route_of(e)}});
  else rib_tables_[pid].push_back({intern(e.prefix), route_of(e)});
}

namespace {
PrefixId id_of(const std::pair<PrefixId, Route>& x) { return x.first; }
uint32_t path_of(const std::pair<PrefixId, Route>&) { return 0; }
const Route& route_in(const std::pair<PrefixId, Route>& x) { return x.second; }
}  // namespace

// Replaces a peer's table with the dump's: want is the dump's (prefix, path,
// route) list. Returns how many (peer, prefix) entries differed.
template <typename Entry>
uint64_t RibState::rib_replace(PeerId pid, std::vector<Entry>& want, uint32_t ts, std::vector<std::string>* diffs) {
  auto& p = peers_[pid];
  uint64_t n = 0;
  // dumps list prefixes in order, and ids follow first sight: mostly sorted
  std::stable_sort(want.begin(), want.end(), [](const auto& a, const auto& b) { return id_of(a) < id_of(b); });
  // the route that stands for the prefix: its last path in the dump
  auto in_dump = [&](PrefixId id) -> const Route* {
    auto w = std::upper_bound(want.begin(), want.end(), id, [](PrefixId k, const auto& x) { return k < id_of(x); });
    return w != want.begin() && id_of(*(w - 1)) == id ? &route_in(*(w - 1)) : nullptr;
  };
  std::vector<PrefixId> gone;
  p.routes.for_each([&](PrefixId id, const Route& r) {
    const Route* w = in_dump(id);
    if (!w) {
      gone.push_back(id);
    } else if (w->origin != r.origin) {
      ++n;
      if (diffs) diffs->push_back(p.collector + " " + p.ip.str() + " " + prefixes_[id].prefix.str() + " origin " +
                                  std::to_string(r.origin) + " -> " + std::to_string(w->origin));
    }
  });
  for (PrefixId id : gone) {
    ++n;
    if (diffs) diffs->push_back(p.collector + " " + p.ip.str() + " " + prefixes_[id].prefix.str() + " absent from RIB");
    remove_route(pid, id, ts, ChangeCause::RibRepair);
  }
  p.paths.clear();
  for (size_t i = 0; i < want.size();) {
    PrefixId id = id_of(want[i]);
    size_t j = i + 1;
    while (j < want.size() && id_of(want[j]) == id) ++j;
    if (j - i > 1 || path_of(want[i]) != 0) {
      std::vector<PathRoute> v;
      for (size_t k = i; k < j; ++k) {
        std::erase_if(v, [&](const PathRoute& x) { return x.path_id == path_of(want[k]); });
        v.push_back({path_of(want[k]), route_in(want[k])});
      }
      if (v.size() > 1 || v[0].path_id != 0) p.paths.emplace(id, std::move(v));
    }
    if (!p.routes.has(id)) {
      ++n;
      if (diffs) diffs->push_back(p.collector + " " + p.ip.str() + " " + prefixes_[id].prefix.str() + " missing from state");
    }
    add_route(pid, id, route_in(want[j - 1]), ts, ChangeCause::RibRepair);
    i = j;
  }
  return n;
}

namespace {
struct Tagged {
  PrefixId id;
  PathRoute path;
};
PrefixId id_of(const Tagged& x) { return x.id; }
uint32_t path_of(const Tagged& x) { return x.path.path_id; }
const Route& route_in(const Tagged& x) { return x.path.route; }
}  // namespace

uint64_t RibState::rib_finish(std::vector<std::string>* diffs) {
  uint64_t n = 0;
  uint32_t ts = rib_ts_;
  for (PeerId pid = 0; pid < peers_.size(); ++pid) {
    auto& p = peers_[pid];
    if (p.collector != rib_collector_) continue;
    auto it = rib_tables_.find(pid);
    auto ap = rib_paths_.find(pid);
    bool listed = it != rib_tables_.end() || ap != rib_paths_.end();
    if (ap == rib_paths_.end()) {
      static std::vector<std::pair<PrefixId, Route>> kEmpty;
      n += rib_replace(pid, it == rib_tables_.end() ? kEmpty : it->second, ts, diffs);
    } else {
      // an ADD-PATH dump: path 0 and the other paths of a prefix side by side
      std::vector<Tagged> all;
      if (it != rib_tables_.end())
        for (const auto& [id, r] : it->second) all.push_back({id, {0, r}});
      for (const auto& x : ap->second) all.push_back({x.id, x.path});
      n += rib_replace(pid, all, ts, diffs);
    }
    // a peer the dump lists has its table: one back from a reset is up
    // again, and one warming up since it was first heard of (never down)
    // needs to wait no longer
    if (listed && (!p.up || !p.down_at)) {
      p.up = true;
      p.warm_until = 0;
    }
    p.stale = false;
  }
  rib_tables_.clear();
  rib_paths_.clear();
  refresh_voters(ts, ChangeCause::RibRepair);  // the collector's peers trusted again
  return n;
}

}  // namespace dw::rib
