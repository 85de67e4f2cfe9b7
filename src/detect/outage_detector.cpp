#include "detect/outage_detector.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "bgp/time_text.h"
#include "detect/event_json.h"

namespace dw::detect {

using signal::EntityId;
using signal::EntityType;
using signal::Values;

OutageDetector::OutageDetector(const rib::RibState& rib, const signal::VisibilityCounter& vis, DetectorConfig cfg)
    : rib_(rib), vis_(vis), cfg_(cfg) {}

bool OutageDetector::blind(uint32_t ts) const {
  for (auto [a, b] : blind_)
    if (ts >= a && ts < b) return true;
  return false;
}

// The share of the entity's space lost; or, once a real part of the space
// is gone (a fifth of min_loss), the share of its networks lost, if larger: a
// tenth of a country's networks going dark is an outage even when they are
// small ones. Networks merely re-aggregated lose no space and count for nothing.
double OutageDetector::loss(const Track& t, const Values& v, int family) const {
  int64_t base = family == 4 ? t.baseline.v4 : t.baseline.v6;
  int64_t cur = family == 4 ? v.v4 : v.v6;
  if (base <= 0) return 0;
  double space = static_cast<double>(base - cur) / static_cast<double>(base);
  if (space < cfg_.min_loss / 5 || t.baseline.prefixes <= 0) return space;
  double nets = static_cast<double>(t.baseline.prefixes - v.prefixes) / static_cast<double>(t.baseline.prefixes);
  return std::max(space, nets);
}

void OutageDetector::on_route(rib::PrefixId p, rib::PeerId peer, bool announce, bool voting, uint32_t ts) {
  if (!voting) return;
  if (announce && !restored_.empty()) settle_restored(p, ts);
  if (announce) {
    // a voting peer that did not hold the route: a return, for dating recoveries
    if (an_times_.size() <= p) an_times_.resize(p + 1);
    auto& a = an_times_[p];
    if (a.size() >= 64) a.erase(a.begin(), a.begin() + 32);
    // kept in time order, not arrival order: live sources interleave, and a
    // router's clock may run a little behind another's (FRR stamps BMP
    // messages a fraction of a second early); the onset walks assume order
    a.insert(std::upper_bound(a.begin(), a.end(), ts), ts);
    return;
  }
  if (wd_times_.size() <= p) wd_times_.resize(p + 1);
  auto& w = wd_times_[p];
  if (w.size() >= 256) w.erase(w.begin(), w.begin() + 128);
  w.insert(std::upper_bound(w.begin(), w.end(), ts, [](uint32_t t, const Withdrawal& x) { return t < x.ts; }),
           Withdrawal{ts, peer});
}

void OutageDetector::on_change(EntityId id, const Values& before, const Values& after, rib::PrefixId p, bool visible,
                               uint32_t ts, rib::ChangeCause cause) {
  now_ = std::max(now_, ts);
  note_dark(id, before, after, ts);
  if (cause == rib::ChangeCause::SessionRecount) {
    rebase(id, before, after, p, visible);
    return;
  }
  if (!visible) {
    if (invisible_since_.size() <= p) invisible_since_.resize(p + 1, 0);
    invisible_since_[p] = ts;
  } else {
    if (visible_since_.size() <= p) visible_since_.resize(p + 1, 0);
    visible_since_[p] = ts;
  }
  if (!vis_.entities()[id].key.has_events()) return;
  if (visible) flaps_.back(id, p, ts);
  else if (p != kNoPrefix) flaps_.lost(id, p, ts, vis_.entities()[id].prefixes.size());
  if (tracks_.size() <= id) tracks_.resize(id + 1);
  Track& t = tracks_[id];
  if (!t.has_baseline) return;
  double l4 = loss(t, after, 4), l6 = loss(t, after, 6);
  int fam = l6 > l4 ? 6 : 4;
  double l = std::max(l4, l6);
  if (!t.down) {
    // a collector that lost data stopped voting: who votes changed, no route
    // moved, so no loss starts here (one under way goes on)
    if (visible || l < cfg_.min_loss || blind(ts) || cause == rib::ChangeCause::Stale) return;
    begin_loss(id, t, after, fam, p, ts);
    return;
  }
  int64_t cur = t.family == 4 ? after.v4 : after.v6;
  if (cur < t.lowest) t.lowest = cur, t.lowest_at = ts;
  if (!visible) {
    if (std::find(t.lost.begin(), t.lost.end(), p) == t.lost.end()) t.lost.push_back(p);
  }
  if (!t.confirmed && ts >= t.down_since + cfg_.min_duration && can_confirm(t, ts)) confirm(id, t, ts);
  if (loss(t, after, t.family) < cfg_.min_loss) {
    if (t.confirmed) close(id, t, ts);
    else add_episode(t, t.down_since, ts);
    t.down = false;
  }
}

// A loss is only confirmed on evidence: not while the view is blind (the data
// that would show its end may be what was lost), and not while no peer votes
// (a whole collector stale after a gap): it waits, and a RIB dump settles it.
bool OutageDetector::can_confirm(const Track& t, uint32_t ts) const {
  return !blind(ts) && someone_votes(t.family == 6);
}

// Over a stored run there is no routing state: the store only holds what the
// voters saw, so it counts as seen.
bool OutageDetector::someone_votes(bool v6) const { return rib_.peers().empty() || rib_.voters(v6) > 0; }

// Losses (or returns) that belong to one change of an entity: walking back in
// time from `from`, each step may be at most onset_chain long at first, then
// four times the change's own pace so far (a dense decline is not stretched
// back to an unrelated loss minutes before it). Returns the steps taken.
std::vector<std::pair<uint32_t, rib::PrefixId>> OutageDetector::paced_chain(
    std::vector<std::pair<uint32_t, rib::PrefixId>> times, uint32_t from) const {
  std::sort(times.rbegin(), times.rend());
  uint32_t edge = from;
  size_t n = 0;
  for (auto [at, q] : times) {
    uint32_t limit = cfg_.onset_chain;
    if (n >= 3) limit = std::clamp<uint32_t>(4 * ((from - edge) / static_cast<uint32_t>(n)), 30, cfg_.onset_chain);
    if (at + limit < edge) break;
    edge = std::min(edge, at);
    ++n;
  }
  times.resize(n);
  return times;
}

// A session's coming or going changed who votes, and with it the visibility
// of prefixes the peers disagree on: the entity's level moves with no route
// moving. Its baseline moves with it, so that this neither opens a loss nor
// ends one (a peer back from a reset without a route the others half lack
// is not an outage; one leaving is not a recovery).
void OutageDetector::rebase(EntityId id, const Values& before, const Values& after, rib::PrefixId p, bool visible) {
  if (id >= tracks_.size() || !vis_.entities()[id].key.has_events()) return;
  Track& t = tracks_[id];
  if (!t.has_baseline) return;
  int64_t d4 = after.v4 - before.v4, d6 = after.v6 - before.v6, dp = after.prefixes - before.prefixes;
  for (auto& r : t.history) r.v.v4 += d4, r.v.v6 += d6, r.v.prefixes += dp;
  t.baseline.v4 += d4, t.baseline.v6 += d6, t.baseline.prefixes += dp;
  if (!t.down) return;
  t.lowest += t.family == 4 ? d4 : d6;
  // peers joining the vote with a prefix the others withdrew: remembered, so
  // that its withdrawers announcing it again end the loss (else the inflated
  // baseline keeps the entity "down" with nothing of it invisible)
  auto same = [&](const Restored& r) { return r.p == p && r.id == id; };
  if (!visible) restored_.erase(std::remove_if(restored_.begin(), restored_.end(), same), restored_.end());
  else if (std::find(t.lost.begin(), t.lost.end(), p) != t.lost.end()) restored_.push_back({p, id, {d4, d6, dp}});
}

// A voting peer announced p, which it lacked: if a recount had made p
// visible during its entity's loss, the contest is over and p is back. The
// shift rebase gave the baseline for it is taken back, and the loss is
// measured again (it ends if it is now under the threshold).
void OutageDetector::settle_restored(rib::PrefixId p, uint32_t ts) {
  for (size_t i = 0; i < restored_.size();) {
    if (restored_[i].p != p) {
      ++i;
      continue;
    }
    Restored r = restored_[i];
    restored_.erase(restored_.begin() + static_cast<std::ptrdiff_t>(i));
    Track& t = tracks_[r.id];
    if (!t.down || !rib_.prefixes()[p].visible) continue;
    for (auto& h : t.history) h.v.v4 -= r.shift.v4, h.v.v6 -= r.shift.v6, h.v.prefixes -= r.shift.prefixes;
    t.baseline.v4 -= r.shift.v4, t.baseline.v6 -= r.shift.v6, t.baseline.prefixes -= r.shift.prefixes;
    t.lowest -= t.family == 4 ? r.shift.v4 : r.shift.v6;
    if (loss(t, vis_.entities()[r.id].cur, t.family) >= cfg_.min_loss) continue;
    if (t.confirmed) close(r.id, t, ts);
    else add_episode(t, t.down_since, ts);
    t.down = false;
  }
}

void OutageDetector::note_dark(EntityId id, const Values& before, const Values& after, uint32_t ts) {
  if ((before.v4 == 0) == (after.v4 == 0) && (before.v6 == 0) == (after.v6 == 0)) return;
  if (dark_.size() <= id) dark_.resize(id + 1);
  for (int f = 0; f < 2; ++f) {
    bool was = (f ? before.v6 : before.v4) == 0, is = (f ? after.v6 : after.v4) == 0;
    if (was == is) continue;
    auto& d = dark_[id][f];
    if (is) {
      if (d.size() >= 16) d.erase(d.begin(), d.begin() + 8);
      d.push_back({ts, UINT32_MAX});
    } else if (!d.empty() && d.back().second == UINT32_MAX) {
      d.back().second = ts;
    } else {
      d.push_back({0, ts});  // dark since it was first counted
    }
  }
}

bool OutageDetector::dark_at(EntityId id, int family, uint32_t ts) const {
  int f = family == 6;
  if (id >= dark_.size() || dark_[id][f].empty()) {
    const auto& v = vis_.entities()[id].cur;
    return (f ? v.v6 : v.v4) == 0;
  }
  for (auto [a, b] : dark_[id][f])
    if (a <= ts && ts < b) return true;
  return false;
}

void OutageDetector::begin_loss(EntityId id, Track& t, const Values& v, int fam, rib::PrefixId p, uint32_t ts) {
  t.down = true;
  t.confirmed = false;
  t.down_since = ts;
  unconfirmed_.push_back(id);
  auto mine = [&](const Restored& r) { return r.id == id; };
  restored_.erase(std::remove_if(restored_.begin(), restored_.end(), mine), restored_.end());
  t.family = fam;
  t.lowest = fam == 4 ? v.v4 : v.v6;
  t.lowest_at = ts;
  // a gradual decline crosses the threshold after it began: the entity's
  // prefixes lost shortly before belong to this loss (the chain is cut in confirm)
  t.lost.clear();
  if (p != kNoPrefix) t.lost.push_back(p);
  std::set<uint32_t> ups;
  for (auto q : vis_.entities()[id].prefixes) {
    if (q != p && !rib_.prefixes()[q].visible && q < invisible_since_.size() && invisible_since_[q] &&
        invisible_since_[q] + 3 * 3600 >= ts)
      t.lost.push_back(q);
    for (const auto& [u, n] : rib_.prefixes()[q].upstreams)
      if (u) ups.insert(u);
  }
  t.upstreams_before.assign(ups.begin(), ups.end());
}

void OutageDetector::confirm(EntityId id, Track& t, uint32_t) {
  t.confirmed = true;
  // the onset: walk back from the crossing through the losses of a gradual
  // decline, then take the first withdrawal by a voting peer of those
  // prefixes in the 15 minutes before each was lost
  std::vector<std::pair<uint32_t, rib::PrefixId>> lost_at;
  for (auto q : t.lost) {
    uint32_t at = q < invisible_since_.size() && invisible_since_[q] ? invisible_since_[q] : t.down_since;
    if (at <= t.down_since) lost_at.push_back({at, q});  // not those lost after the crossing
  }
  uint32_t first = t.down_since;
  std::vector<rib::PrefixId> chain;
  for (auto [at, q] : paced_chain(std::move(lost_at), t.down_since)) chain.push_back(q);
  if (chain.empty() && !t.lost.empty()) chain.push_back(t.lost.front());
  for (auto q : chain) {
    uint32_t at = q < invisible_since_.size() && invisible_since_[q] ? invisible_since_[q] : t.down_since;
    first = std::min(first, at);
    // the burst of withdrawals that took it: back from the loss while they
    // come less than two minutes apart (an older, unrelated withdrawal by one
    // peer is not the start)
    if (q < wd_times_.size()) {
      const auto& w = wd_times_[q];
      size_t i = w.size();
      while (i > 0 && w[i - 1].ts > at) --i;
      // the loss may show later than the withdrawals that made it (peers of a
      // collector that lost data stop voting only when the gap is found): the
      // burst ends at the last withdrawal by a peer that still votes
      size_t j = i;
      while (j > 0 && w[j - 1].ts + 3 * 3600 >= at) {
        const auto& pi = rib_.peers()[w[j - 1].peer];
        if (pi.voting4 || pi.voting6) break;
        --j;
      }
      if (j > 0 && w[j - 1].ts + 3 * 3600 >= at && w[j - 1].ts + 900 < at) at = w[j - 1].ts, i = j;
      uint32_t edge_q = at;
      while (i > 0 && w[i - 1].ts + 120 >= edge_q && w[i - 1].ts + 900 >= at) edge_q = w[--i].ts;
      first = std::min(first, edge_q);
    }
  }
  Event e;
  e.kind = EventKind::Outage;
  e.entity = id;
  e.start = first;
  e.family = t.family == 4 ? Family::Ipv4 : Family::Ipv6;
  e.baseline = t.family == 4 ? t.baseline.v4 : t.baseline.v6;
  e.lowest = t.lowest;
  e.severity = e.baseline > 0 ? static_cast<double>(e.baseline - t.lowest) / static_cast<double>(e.baseline) : 0;
  e.prefixes = t.lost;
  t.outage_index = all_.size();
  push_event(std::move(e));
  if (observer_) {
    all_[t.outage_index].explanation = explain(id, t);
    observer_(all_[t.outage_index], false);
  }
}

// The outage ends when the entity came back: walking back from the update
// that took the loss under the threshold through the returns of its lost
// prefixes, at the recovery's own pace (a gradual restoration is dated from
// its beginning; one prefix back hours early is not).
uint32_t OutageDetector::recovery_start(const Track& t, uint32_t start, uint32_t ts) const {
  std::vector<std::pair<uint32_t, rib::PrefixId>> back;
  for (auto q : t.lost)
    if (q < visible_since_.size() && rib_.prefixes()[q].visible && visible_since_[q] >= start && visible_since_[q] <= ts)
      back.push_back({visible_since_[q], q});
  uint32_t edge = ts, first = ts;
  for (auto [at, q] : paced_chain(std::move(back), ts)) {
    edge = std::min(edge, at);
    // the peers announced it back before the majority had it: walk back
    // through its announcements while they come less than five minutes apart
    uint32_t e_q = at;
    if (q < an_times_.size()) {
      const auto& a = an_times_[q];
      size_t i = a.size();
      while (i > 0 && a[i - 1] > at) --i;
      while (i > 0 && a[i - 1] + 300 >= e_q && a[i - 1] >= start && a[i - 1] + 3600 >= at) e_q = a[--i];
    }
    first = std::min(first, e_q);
  }
  return std::max(std::min(first, edge), start);
}

void OutageDetector::close(EntityId id, Track& t, uint32_t ts) {
  Event& e = all_[t.outage_index];
  e.end = recovery_start(t, e.start, ts);
  e.lowest = t.lowest;
  e.severity = e.baseline > 0 ? static_cast<double>(e.baseline - t.lowest) / static_cast<double>(e.baseline) : 0;
  e.prefixes = t.lost;
  e.explanation = explain(id, t);
  t.outage_index = SIZE_MAX;
  // a short outage is also a loss among others: it may be part of instability
  // (one already recognised can claim it now; a later one will)
  if (ts - e.start < cfg_.instability_gap) add_episode(t, e.start, ts);
  fold_short_outages(id);
  if (observer_) observer_(e, true);
}

void OutageDetector::on_clock(uint32_t ts) {
  if (unconfirmed_.empty()) return;
  std::vector<signal::EntityId> still;
  for (auto id : unconfirmed_) {
    Track& t = tracks_[id];
    if (!t.down || t.confirmed) continue;  // over, or confirmed by an update or a bin
    if (ts >= t.down_since + cfg_.min_duration && can_confirm(t, ts)) confirm(id, t, ts);
    else if (std::find(still.begin(), still.end(), id) == still.end()) still.push_back(id);
  }
  unconfirmed_.swap(still);
}

void OutageDetector::forget_baselines() {
  for (auto& t : tracks_) {
    if (t.down) continue;
    t.history.clear();
    t.history_len = 0;
    t.has_baseline = false;
  }
}

void OutageDetector::on_bin(uint32_t, uint32_t end) {
  now_ = std::max(now_, end);
  const auto& ents = vis_.entities();
  if (tracks_.size() < ents.size()) tracks_.resize(ents.size());
  size_t keep = cfg_.baseline_window / vis_.bin_seconds();
  for (EntityId id = 0; id < ents.size(); ++id) {
    Track& t = tracks_[id];
    if (t.down && !t.confirmed && end >= t.down_since + cfg_.min_duration && can_confirm(t, end)) confirm(id, t, end);
    if (t.down) continue;  // a loss in progress must not drag its own baseline down
    const Values& v = ents[id].cur;  // the bin just closed ends here
    // a loss that began while the view was blind (a collector's gap) and is
    // still there once it can see again: an outage that began in the dark
    if (t.has_baseline && ents[id].key.has_events() && !blind(end)) {
      double l4 = loss(t, v, 4), l6 = loss(t, v, 6);
      if (std::max(l4, l6) >= cfg_.min_loss && someone_votes(l6 > l4)) {
        begin_loss(id, t, v, l6 > l4 ? 6 : 4, kNoPrefix, end);
        if (t.lost.empty()) t.down = false;  // nothing lost recently: a slow drift, not an outage
        else continue;
      }
    }
    if (!t.history.empty() && t.history.back().v == v) ++t.history.back().n;
    else t.history.push_back({v, 1});
    if (++t.history_len > keep) {
      if (--t.history.front().n == 0) t.history.pop_front();
      --t.history_len;
    }
    if (t.history.size() == 1) {
      t.baseline = t.history.front().v;
    } else {
      auto med = [&](auto get) {
        std::vector<std::pair<int64_t, uint32_t>> runs;
        runs.reserve(t.history.size());
        for (const auto& r : t.history) runs.push_back({get(r.v), r.n});
        std::sort(runs.begin(), runs.end());
        uint32_t half = t.history_len / 2, seen = 0;
        for (const auto& [x, n] : runs)
          if ((seen += n) > half) return x;
        return runs.back().first;
      };
      t.baseline.v4 = med([](const Values& x) { return x.v4; });
      t.baseline.v6 = med([](const Values& x) { return x.v6; });
      t.baseline.prefixes = med([](const Values& x) { return x.prefixes; });
    }
    t.has_baseline = true;
    flush_instability(id, t, false);
  }
  for (const auto& p : flaps_.take_finished(end, false)) emit_flaps(p);
}

void OutageDetector::emit_flaps(const FlapCounter::Period& p) {
  Event e;
  e.kind = EventKind::Instability;
  e.entity = p.entity;
  e.start = p.start;
  e.end = p.end;
  e.episodes = p.most;  // flaps of the most unstable prefix: comparable to the episode count
  e.most_episodes_of_one_prefix = p.most;
  e.prefixes = p.prefixes;
  emit_instability(std::move(e));
}

void OutageDetector::emit_instability(Event e) {
  for (auto it = all_.rbegin(); it != all_.rend(); ++it) {
    if (it->kind != EventKind::Instability || it->entity != e.entity) continue;
    if (e.start > *it->end + cfg_.instability_gap || it->start > *e.end + cfg_.instability_gap) continue;
    it->start = std::min(it->start, e.start);
    it->end = std::max(*it->end, *e.end);
    it->episodes = std::max(it->episodes, e.episodes);
    it->most_episodes_of_one_prefix = std::max(it->most_episodes_of_one_prefix, e.most_episodes_of_one_prefix);
    for (auto q : e.prefixes)
      if (std::find(it->prefixes.begin(), it->prefixes.end(), q) == it->prefixes.end()) it->prefixes.push_back(q);
    fold_short_outages(e.entity);
    return;
  }
  EntityId id = e.entity;
  push_event(std::move(e));
  fold_short_outages(id);
  if (observer_) observer_(all_.back(), true);
}

void OutageDetector::push_event(Event e) {
  if (by_entity_.size() <= e.entity) by_entity_.resize(e.entity + 1);
  by_entity_[e.entity].push_back(all_.size());
  all_.push_back(std::move(e));
}

void OutageDetector::fold_short_outages(EntityId id) {
  if (id >= by_entity_.size()) return;
  const auto& mine = by_entity_[id];
  uint32_t longest = cfg_.short_outage_factor * cfg_.min_duration;
  for (size_t i : mine) {
    Event& inst = all_[i];
    if (inst.kind != EventKind::Instability) continue;
    inst.short_outages.clear();
    for (size_t k : mine) {
      Event& o = all_[k];
      if (o.kind != EventKind::Outage || !o.end || *o.end - o.start > longest) continue;
      if (o.start >= *inst.end || *o.end <= inst.start) continue;
      o.within_instability = inst.start;
      inst.short_outages.push_back({o.start, *o.end, o.severity, o.family});
    }
    std::stable_sort(inst.short_outages.begin(), inst.short_outages.end(),
                     [](const ShortOutage& a, const ShortOutage& b) { return a.end - a.start > b.end - b.start; });
  }
}

// Peers withdraw and return at slightly different times, so one flap can
// cross the majority line several times within a minute or two: that is one
// loss, not several.
void OutageDetector::add_episode(Track& t, uint32_t start, uint32_t end) {
  if (!t.episodes.empty() && start < t.episodes.back().end + cfg_.episode_merge) {
    auto& last = t.episodes.back();
    last.end = std::max(last.end, end);
    for (auto q : t.lost)
      if (std::find(last.lost.begin(), last.lost.end(), q) == last.lost.end()) last.lost.push_back(q);
    return;
  }
  t.episodes.push_back({start, end, t.lost});
  auto& s = t.episode_starts;
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), [&](uint32_t x) { return x + kExplainLookback >= start; }));
  s.push_back(start);
}

void OutageDetector::flush_instability(EntityId id, Track& t, bool force) {
  if (t.episodes.empty()) return;
  if (!force && now_ < t.episodes.back().end + cfg_.instability_gap) return;
  if (t.outage_index != SIZE_MAX && !force) return;
  // split into clusters of episodes less than instability_gap apart
  size_t i = 0;
  while (i < t.episodes.size()) {
    size_t j = i + 1;
    while (j < t.episodes.size() && t.episodes[j].start <= t.episodes[j - 1].end + cfg_.instability_gap) ++j;
    // the same networks must come and go repeatedly
    std::unordered_map<rib::PrefixId, uint32_t> times;
    uint32_t most = 0;
    for (size_t k = i; k < j; ++k)
      for (auto q : t.episodes[k].lost) most = std::max(most, ++times[q]);
    if (j - i >= cfg_.instability_min_episodes && most >= cfg_.instability_min_episodes) {
      Event e;
      e.kind = EventKind::Instability;
      e.entity = id;
      e.start = t.episodes[i].start;
      e.end = t.episodes[j - 1].end;
      e.episodes = static_cast<uint32_t>(j - i);
      std::vector<std::pair<uint32_t, rib::PrefixId>> by_count;
      for (auto [q, n] : times) by_count.push_back({n, q});
      std::sort(by_count.rbegin(), by_count.rend());
      for (auto [n, q] : by_count) e.prefixes.push_back(q);
      e.most_episodes_of_one_prefix = most;
      emit_instability(std::move(e));
    }
    i = j;
  }
  t.episodes.clear();
}

void OutageDetector::finish(uint32_t ts) {
  now_ = std::max(now_, ts);
  for (EntityId id = 0; id < tracks_.size(); ++id) {
    Track& t = tracks_[id];
    if (t.down && !t.confirmed && ts >= t.down_since + cfg_.min_duration) confirm(id, t, ts);
    if (t.outage_index != SIZE_MAX) {
      Event& e = all_[t.outage_index];
      e.lowest = t.lowest;
      e.severity = e.baseline > 0 ? static_cast<double>(e.baseline - t.lowest) / static_cast<double>(e.baseline) : 0;
      e.prefixes = t.lost;
      e.explanation = explain(id, t);
    }
    flush_instability(id, t, true);
  }
  for (const auto& p : flaps_.take_finished(ts, true)) emit_flaps(p);
  for (EntityId id = 0; id < by_entity_.size(); ++id) fold_short_outages(id);
}

Explanation OutageDetector::explain(EntityId id, const Track& t) const {
  // onset: withdrawals of the lost prefixes by voting peers around the start
  std::vector<uint32_t> times;
  std::set<rib::PeerId> peers;
  std::set<std::string> collectors;
  for (auto q : t.lost)
    if (q < wd_times_.size())
      for (const auto& w : wd_times_[q])
        if (w.ts + 120 >= t.down_since && w.ts <= t.down_since + 600) {
          times.push_back(w.ts);
          peers.insert(w.peer);
          collectors.insert(rib_.peers()[w.peer].collector);
        }
  std::sort(times.begin(), times.end());
  uint32_t spread = 0, in_minute = 0;
  if (!times.empty()) {
    uint32_t lo = times[times.size() / 10], hi = times[times.size() * 9 / 10];
    spread = hi - lo;
    for (auto x : times) in_minute += x <= times.front() + 60;
  }
  uint32_t before = 0;
  for (auto s : t.episode_starts)
    if (s + kExplainLookback >= t.down_since && s < t.down_since) ++before;
  Explanation x;
  x.onset.style = spread <= 60 ? OnsetStyle::Abrupt : OnsetStyle::Gradual;
  x.onset.spread_seconds = spread;
  x.onset.withdrawals = static_cast<uint32_t>(times.size());
  x.onset.in_first_minute = in_minute;
  x.onset.episodes_6h_before = before;
  x.onset.preceded_by_instability = before >= 2;
  x.upstreams_before = t.upstreams_before;
  x.single_upstream = t.upstreams_before.size() == 1;
  // which origins went dark and which stayed up in the family lost, at the
  // lowest point (the moment the severity describes), not at confirmation or
  // at the end: an AS that lost all its IPv6 is dark in an IPv6 outage
  std::set<uint32_t> origins;
  for (auto q : vis_.entities()[id].prefixes) {
    const auto& p = rib_.prefixes()[q];
    if (p.origin && p.prefix.addr.is_v4() == (t.family == 4)) origins.insert(p.origin);
  }
  for (auto a : origins) {
    auto e2 = vis_.find({EntityType::Asn, a});
    if (e2 == UINT32_MAX) continue;
    (dark_at(e2, t.family, t.lowest_at) ? x.origins_dark : x.origins_up).push_back(a);
  }
  x.peers_agreeing = static_cast<uint32_t>(peers.size());
  x.collectors_agreeing = static_cast<uint32_t>(collectors.size());
  x.voting_peers = static_cast<uint32_t>(rib_.voters(t.family == 6));
  x.cause = x.onset.preceded_by_instability       ? CauseHint::PrecededByInstability
            : x.onset.style == OnsetStyle::Abrupt ? CauseHint::CutOrPowerLoss
                                                  : CauseHint::GradualFailure;
  if (exposure_note_) x.exposure = exposure_note_(vis_.entities()[id].key);
  return x;
}

const std::string* OutageDetector::name_of(const signal::EntityKey& k) const {
  return names_ && k.type == EntityType::Asn ? names_->find(k.code) : nullptr;
}

EventRecord OutageDetector::record(const Event& e) const {
  EventRecord r;
  r.kind = e.kind;
  r.entity = vis_.entities()[e.entity].key;
  if (const auto* n = name_of(r.entity)) r.name = *n;
  r.start = e.start;
  r.end = e.end;
  r.prefix_count = e.prefixes.size();
  if (e.kind == EventKind::Instability) {
    r.episodes = e.episodes;
    r.most_episodes_of_one_prefix = e.most_episodes_of_one_prefix;
    r.short_outages = e.short_outages;
    for (size_t i = 0; i < e.prefixes.size() && i < 50; ++i) r.prefixes.push_back(rib_.prefixes()[e.prefixes[i]].prefix.str());
    return r;
  }
  r.severity = e.severity;
  r.family = e.family;
  r.baseline = e.baseline;
  r.lowest = e.lowest;
  std::set<uint32_t> origins;
  for (size_t i = 0; i < e.prefixes.size(); ++i) {
    const auto& p = rib_.prefixes()[e.prefixes[i]];
    if (i < 200) r.prefixes.push_back(p.prefix.str());
    if (p.origin) origins.insert(p.origin);
  }
  r.origin_asns.assign(origins.begin(), origins.end());
  r.explanation = e.explanation;
  r.within_instability = e.within_instability;
  return r;
}

std::string OutageDetector::to_json(const Event& e) const { return detect::to_json(record(e)); }

}  // namespace dw::detect
