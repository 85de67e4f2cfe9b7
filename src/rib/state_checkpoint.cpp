// RibState::save_state / load_state: the whole routing state for the engine's
// checkpoint (bgp/state_io.h encoding). Unlike checkpoint(collector), which
// hands one collector's peers to another engine, this keeps every id as it
// is, because the signals and the detector hold prefix and peer ids.
// The lookup indexes are rebuilt, not stored.
#include "bgp/state_io.h"
#include "rib/rib_state.h"

namespace dw::rib {

template <bgp::StateIo S>
void io(S& s, Route& r) {
  bgp::fields(s, r.origin, r.upstream);
}
template <bgp::StateIo S>
void io(S& s, PathRoute& r) {
  bgp::fields(s, r.path_id, r.route);
}
template <bgp::StateIo S>
void io(S& s, PeerInfo& p) {
  bgp::fields(s, p.collector, p.ip, p.asn, p.up, p.full4, p.full6, p.stale, p.warm_until, p.count4, p.count6,
              p.count_before_down, p.count6_before_down, p.down_at, p.voting4, p.voting6, p.routes, p.paths);
}
template <bgp::StateIo S>
void io(S& s, PrefixInfo& p) {
  bgp::fields(s, p.prefix, p.origin, p.seen, p.visible, p.upstreams);
}

// The dense table as its slot count and the filled slots (id deltas): a
// full-feed peer's table is mostly full, a partial one mostly holes.
template <class S>
void PeerTable::state_io(S& s) {
  uint64_t slots = r_.size(), filled = size_;
  bgp::fields(s, slots, filled);
  if constexpr (S::reading) {
    // slots beyond the prefixes are growth room (put() adds half the size)
    if (!s.ok() || filled > slots || slots > uint64_t{s.limit} * 2 + 16) return s.fail(bgp::ErrorCode::BadValue, "table size");
    r_.assign(static_cast<size_t>(slots), Route{kNoRoute, 0});
    size_ = 0;
    uint64_t at = 0;
    for (uint64_t i = 0; i < filled && s.ok(); ++i) {
      uint64_t delta = 0;
      Route r;
      bgp::fields(s, delta, r);
      at += delta;
      if (!s.ok()) return;
      if (at >= slots || at >= s.limit || r.origin == kNoRoute || r_[at].origin != kNoRoute) return s.fail(bgp::ErrorCode::BadValue, "route slot");
      r_[at] = r;
      ++size_;
    }
  } else {
    uint64_t last = 0;
    for (PrefixId id = 0; id < r_.size(); ++id) {
      if (r_[id].origin == kNoRoute) continue;
      uint64_t delta = id - last;
      bgp::fields(s, delta, r_[id]);
      last = id;
    }
  }
}

template <class S>
void RibState::state_io(S& s) {
  bgp::fields(s, full_share, warmup_seconds, collectors_, prefixes_);
  s.limit = prefixes_.size();
  bgp::fields(s, peers_, voters4_, voters6_);
  s.limit = SIZE_MAX;
}

void RibState::save_state(std::vector<uint8_t>& out) const {
  bgp::save_state(const_cast<RibState&>(*this), out);
}

bgp::Status RibState::load_state(std::span<const uint8_t> data) {
  if (!peers_.empty() || !prefixes_.empty())
    return bgp::fail(bgp::ErrorCode::Unsupported, "routing state: restore into a fresh state", 0);
  auto st = bgp::load_state(*this, data, "routing state");
  // ids must point inside the tables they index, and peers name known collectors
  if (st) {
    for (const auto& p : peers_) {
      bool known = false;
      for (const auto& c : collectors_) known = known || c == p.collector;
      if (!known) st = bgp::fail(bgp::ErrorCode::BadValue, "routing state: peer of an unknown collector", 0);
      for (const auto& [id, v] : p.paths)
        if (id >= prefixes_.size()) st = bgp::fail(bgp::ErrorCode::BadValue, "routing state: path of an unknown prefix", 0);
      p.routes.for_each([&](PrefixId id, const Route&) {
        if (id >= prefixes_.size()) st = bgp::fail(bgp::ErrorCode::BadValue, "routing state: route to an unknown prefix", 0);
      });
    }
    if (collectors_.size() > 65535) st = bgp::fail(bgp::ErrorCode::BadValue, "routing state: collectors", 0);
  }
  if (!st) {
    *this = RibState(listener_);
    return st;
  }
  for (PeerId id = 0; id < peers_.size(); ++id) {
    uint16_t ci = 0;
    while (collectors_[ci] != peers_[id].collector) ++ci;
    peer_index_.emplace(PeerKey{ci, peers_[id].ip}, id);
  }
  prefix_index_.clear();
  prefix_index_.reserve(prefixes_.size(), prefixes_);
  for (PrefixId id = 0; id < prefixes_.size(); ++id) prefix_index_.insert(prefixes_[id].prefix, id, prefixes_);
  last_peer_ = UINT32_MAX;
  last_collector_ = nullptr;
  return {};
}

}  // namespace dw::rib
