// The detector's and the trackers' parts of the engine's checkpoint
// (bgp/state_io.h encoding): the 24-hour baselines (run-length encoded, as
// they are held), losses in progress and open outages, episodes and
// instability bookkeeping, the events raised so far, the onset times per
// prefix, flapping counts; local losses pending and open; failover shares.
// Entities, prefixes and peers are kept by id: the checkpoint restores the
// routing state and the signals with the same ids.
#include "bgp/state_io.h"
#include "detect/failover.h"
#include "detect/local_loss.h"
#include "detect/notice_state.h"
#include "detect/outage_detector.h"
#include "signal/entity_state.h"

namespace dw::detect {

template <bgp::StateIo S>
void io(S& s, Onset& o) {
  bgp::fields(s, o.style, o.spread_seconds, o.withdrawals, o.in_first_minute, o.episodes_6h_before,
              o.preceded_by_instability);
}
template <bgp::StateIo S>
void io(S& s, Explanation& x) {
  bgp::fields(s, x.onset, x.upstreams_before, x.single_upstream, x.origins_dark, x.origins_up, x.peers_agreeing,
              x.collectors_agreeing, x.voting_peers, x.cause);
}
template <bgp::StateIo S>
void io(S& s, ShortOutage& o) {
  bgp::fields(s, o.start, o.end, o.severity, o.family);
}
template <bgp::StateIo S>
void io(S& s, Event& e) {
  bgp::fields(s, e.kind, e.entity, e.start, e.end, e.severity, e.family, e.baseline, e.lowest, e.episodes,
              e.most_episodes_of_one_prefix, e.prefixes, e.explanation, e.within_instability, e.short_outages);
  if (static_cast<uint8_t>(e.kind) > static_cast<uint8_t>(EventKind::Instability)) s.fail(bgp::ErrorCode::BadValue, "event kind");
}

template <class S>
void OutageDetector::Track::Run::state_io(S& s) {
  bgp::fields(s, v, n);
}
template <class S>
void OutageDetector::Track::Episode::state_io(S& s) {
  bgp::fields(s, start, end, lost);
}
template <class S>
void OutageDetector::Track::state_io(S& s) {
  uint64_t outage = outage_index == SIZE_MAX ? 0 : outage_index + 1;  // 0: none
  bgp::fields(s, history, history_len, baseline, has_baseline, down, confirmed, down_since, family, lowest,
              lowest_at, lost, upstreams_before, episodes, episode_starts, outage);
  outage_index = outage == 0 ? SIZE_MAX : static_cast<size_t>(outage - 1);
}
template <class S>
void OutageDetector::Withdrawal::state_io(S& s) {
  bgp::fields(s, ts, peer);
}
template <class S>
void OutageDetector::Restored::state_io(S& s) {
  bgp::fields(s, p, id, shift);
}

template <class S>
void FlapCounter::Count::state_io(S& s) {
  bgp::fields(s, n, last);
}
template <class S>
void FlapCounter::Entity::state_io(S& s) {
  bgp::fields(s, losses, count, flapping, active, last, in_period, times, returns);
}
template <class S>
void FlapCounter::state_io(S& s) {
  bgp::fields(s, cfg_.window, cfg_.debounce, cfg_.min_losses, cfg_.min_prefixes, cfg_.min_share, ents_);
}

template <class S>
void OutageDetector::state_io(S& s) {
  bgp::fields(s, tracks_, blind_, all_, by_entity_, now_, wd_times_, invisible_since_, visible_since_, an_times_,
              dark_, flaps_, restored_);
}

void OutageDetector::save_state(std::vector<uint8_t>& out) const {
  bgp::save_state(const_cast<OutageDetector&>(*this), out);
}

bgp::Status OutageDetector::load_state(std::span<const uint8_t> data) {
  if (!tracks_.empty() || !all_.empty()) return bgp::fail(bgp::ErrorCode::Unsupported, "detector: restore into a fresh detector", 0);
  auto st = bgp::load_state(*this, data, "detector");
  // every id the detector will index with must point inside its table
  size_t ne = vis_.entities().size(), np = rib_.prefixes().size();
  auto bad = [&](const char* what) { st = bgp::fail(bgp::ErrorCode::BadValue, std::string("detector: ") + what, 0); };
  if (st) {
    if (tracks_.size() > ne || by_entity_.size() > ne) bad("more entities than the signals hold");
    for (const auto& t : tracks_) {
      if (t.outage_index != SIZE_MAX && t.outage_index >= all_.size()) bad("unknown event");
      for (auto p : t.lost) if (p >= np) bad("unknown prefix");
      for (const auto& ep : t.episodes) for (auto p : ep.lost) if (p >= np) bad("unknown prefix");
    }
    for (const auto& e : all_) {
      if (e.entity >= ne) bad("unknown entity");
      for (auto p : e.prefixes) if (p >= np) bad("unknown prefix");
    }
    for (const auto& v : by_entity_) for (auto i : v) if (i >= all_.size()) bad("unknown event");
    for (const auto& r : restored_) if (r.p >= np || r.id >= ne) bad("unknown restored prefix");
    if (wd_times_.size() > np || invisible_since_.size() > np || visible_since_.size() > np || an_times_.size() > np ||
        dark_.size() > ne)
      bad("per-prefix tables larger than the routing state's");
  }
  if (st)
    for (signal::EntityId id = 0; id < tracks_.size(); ++id)
      if (tracks_[id].down && !tracks_[id].confirmed) unconfirmed_.push_back(id);
  if (!st) {
    tracks_.clear(), blind_.clear(), all_.clear(), by_entity_.clear(), wd_times_.clear(), invisible_since_.clear();
    visible_since_.clear(), an_times_.clear(), dark_.clear(), restored_.clear();
    flaps_ = FlapCounter();
    now_ = 0;
  }
  return st;
}

template <class S>
void LocalLossTracker::Episode::state_io(S& s) {
  bgp::fields(s, peer, start, end, prefixes);
}
template <class S>
void LocalLossTracker::state_io(S& s) {
  bgp::fields(s, min_duration_, pending_, open_, last_return_, episodes_);
}
void LocalLossTracker::save_state(std::vector<uint8_t>& out) const {
  bgp::save_state(const_cast<LocalLossTracker&>(*this), out);
}
bgp::Status LocalLossTracker::load_state(std::span<const uint8_t> data) {
  auto st = bgp::load_state(*this, data, "local losses");
  size_t np = rib_.prefixes().size(), npeers = rib_.peers().size();
  if (st) {
    for (const auto& [peer, m] : pending_) {
      if (peer >= npeers) st = bgp::fail(bgp::ErrorCode::BadValue, "local losses: unknown peer", 0);
      for (const auto& [p, t] : m) if (p >= np) st = bgp::fail(bgp::ErrorCode::BadValue, "local losses: unknown prefix", 0);
    }
    for (const auto& e : episodes_) {
      if (e.peer >= npeers) st = bgp::fail(bgp::ErrorCode::BadValue, "local losses: unknown peer", 0);
      for (auto p : e.prefixes) if (p >= np) st = bgp::fail(bgp::ErrorCode::BadValue, "local losses: unknown prefix", 0);
    }
    for (const auto& [peer, i] : open_) if (i >= episodes_.size()) st = bgp::fail(bgp::ErrorCode::BadValue, "local losses: unknown episode", 0);
  }
  if (!st) pending_.clear(), open_.clear(), last_return_.clear(), episodes_.clear();
  return st;
}

template <class S>
void FailoverTracker::AsState::state_io(S& s) {
  bgp::fields(s, shares, voters, changing_since, touched);
}
template <class S>
void FailoverTracker::state_io(S& s) {
  bgp::fields(s, main_share, as_, touched_, seen_bin_, bin_, out_);
}
void FailoverTracker::save_state(std::vector<uint8_t>& out) const {
  bgp::save_state(const_cast<FailoverTracker&>(*this), out);
}
bgp::Status FailoverTracker::load_state(std::span<const uint8_t> data) {
  last_asn_ = 0, last_ = nullptr;
  auto st = bgp::load_state(*this, data, "failover");
  if (st && seen_bin_.size() > rib_.prefixes().size())
    st = bgp::fail(bgp::ErrorCode::BadValue, "failover: more prefixes than the routing state's", 0);
  if (!st) as_.clear(), touched_.clear(), seen_bin_.clear(), out_.clear(), bin_ = 0;
  return st;
}

}  // namespace dw::detect
