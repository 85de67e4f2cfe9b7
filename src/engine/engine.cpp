#include "engine/engine.h"

#include <algorithm>

#include "engine/gap_policy.h"
#include "detect/notice.h"

namespace dw::engine {

Engine::Engine(const geo::CountryDb* geo, EngineConfig cfg)
    : cfg_(cfg),
      geo_(geo),
      vis_(rib_, geo, cfg.bin_seconds),
      det_(rib_, vis_, cfg.detector),
      local_(rib_, vis_, cfg.detector.min_duration),
      failover_(rib_, vis_) {
  rib_.set_listener(&vis_);
  fanout_.add(&det_);
  fanout_.add(&local_);
  fanout_.add(&failover_);
  vis_.set_listener(&fanout_);
}

const std::string& Engine::source_name(std::string_view s) {
  if (last_src_ && s.data() == last_src_data_ && s.size() == last_src_size_) return *last_src_;
  auto it = seq_.find(s);
  if (it == seq_.end()) it = seq_.emplace(std::string(s), 0).first;
  last_src_data_ = s.data();
  last_src_size_ = s.size();
  last_src_ = &it->first;
  last_seq_ = &it->second;
  return it->first;
}

void Engine::on_event(const feed::RouteEvent& e) {
  const std::string& src = source_name(e.source);
  *last_seq_ = e.seq;
  switch (e.kind) {
    case feed::EventKind::Element:
      if (in_dump_) {
        if (e.elem.type == bgp::ElemType::Rib) rib_.rib_add(src, e.elem);
        return;
      }
      if (!started_) start(e.ts);
      leap(src, e.ts);
      heard_ = std::max(heard_, e.ts);
      element(src, e.elem);
      return;
    case feed::EventKind::RibBegin:
      // a later dump falls in time like any update; the starting one precedes the clock
      if (started_ && !e.initial) leap(src, e.ts), vis_.advance(e.ts);
      rib_.rib_begin(src, e.ts);
      in_dump_ = true;
      return;
    case feed::EventKind::RibEnd: rib_end(src, e); return;
    case feed::EventKind::Gap:
      if (!started_) start(e.ts);
      gap(src, e.ts, e.until, e.text);
      return;
    case feed::EventKind::Damage:
      ++damaged_;
      if (damage_) damage_(src, e.text);
      return;
    case feed::EventKind::Tick:
      if (!started_) start(e.ts);
      else tick(src, e.ts);
      if (ckpt_every_) maybe_checkpoint();
      return;
  }
}

void Engine::start(uint32_t ts) {
  started_ = true;
  t0_ = now_ = ts;
  vis_.start(ts);
  vis_.advance(ts);
}

// The clock moved on: bins close, and peers back from a reset start voting
// when their warm-up ends (checked every 10 s of archive time).
void Engine::tick(const std::string& src, uint32_t ts) {
  leap(src, ts);
  now_ = std::max(now_, ts);
  vis_.advance(ts);
  det_.on_clock(now_);
  if (ts >= last_tick_ + 10) rib_.tick(ts), last_tick_ = ts;
}

// The clock leapt forward by more than kMaxClockJump (a recorded stream's old
// times, then live ones; a router's clock reset): a gap in the data. Walking
// the bins between would close one empty bin per 5 minutes for years (hours
// of work, the engine thread stuck) and fill every baseline with the state as
// it was before; instead the open bin closes, the next starts at ts, the
// baselines start again from what comes after, and the view is blind for the
// gap and kGapSettle after it (nobody could vote across it).
void Engine::leap(const std::string& src, uint32_t ts) {
  uint32_t from = std::max(now_, heard_);
  if (!started_ || ts <= from || ts - from <= kMaxClockJump || ts <= covered_) return;
  vis_.jump(ts);
  det_.forget_baselines();
  apply_gap(det_, from, ts, false);
  notices_.push_back(detect::collector_gap_notice(
      src, from, ts,
      "the data clock jumped forward by " + std::to_string((ts - from) / 86400) + " days (" +
          std::to_string(ts - from) + " s): treated as a gap, baselines restarted"));
  now_ = ts;
}

static detect::PeerRef peer_ref(const rib::PeerInfo& p) { return {p.collector, p.ip.str(), p.asn}; }

void Engine::element(const std::string& src, const bgp::Element& e) {
  ++elements_;
  if (e.type != bgp::ElemType::PeerState) return rib_.apply(src, e);
  // a session that dropped and came back is a peer_down notice, with its end
  rib::PeerId pid = rib_.peer(src, e.peer_ip, e.peer_as);
  bool was = rib_.peers()[pid].up;
  rib_.apply(src, e);
  bool is = rib_.peers()[pid].up;
  if (was && !is) down_since_[pid] = e.ts;
  if (!was && is) {
    if (auto it = down_since_.find(pid); it != down_since_.end()) {
      notices_.push_back(detect::peer_down_notice(peer_ref(rib_.peers()[pid]), it->second, e.ts));
      down_since_.erase(it);
    }
  }
}

// A dump replaces the state built from updates (repairing it); a later one
// is also a check of that state: its differences are counted and reported.
void Engine::rib_end(const std::string& src, const feed::RouteEvent& e) {
  in_dump_ = false;
  std::vector<std::string> listed;
  uint64_t n = rib_.rib_finish(cfg_.list_differences ? &listed : nullptr);
  if (e.initial) return;
  diffs_ += n;
  if (rib_check_) rib_check_(src, e.ts, n, listed);
}

// The collector lost data: from the gap's start its view is stale (its peers
// do not vote) until its next RIB dump repairs it.
void Engine::gap(const std::string& src, uint32_t from, uint32_t to, const std::string& reason) {
  leap(src, from);
  covered_ = std::max(covered_, to);
  now_ = std::max(now_, from);
  vis_.advance(now_);
  rib_.set_collector_stale(src, true, now_);
  apply_gap(det_, from, to, rib_.voters(false) + rib_.voters(true) > 0);
  notices_.push_back(detect::collector_gap_notice(src, from, to, reason));
}

void Engine::finish(std::optional<uint32_t> until) {
  for (auto& [pid, since] : down_since_) notices_.push_back(detect::peer_down_notice(peer_ref(rib_.peers()[pid]), since, std::nullopt));
  down_since_.clear();
  end_ = until ? *until : now_;
  static const std::string kEnd = "end of run";
  leap(kEnd, end_);
  vis_.advance(end_);
  det_.finish(end_);
  for (auto& n : local_.finish()) notices_.push_back(std::move(n));
  for (auto& n : failover_.take()) notices_.push_back(std::move(n));
}

}  // namespace dw::engine
