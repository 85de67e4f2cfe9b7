// VisibilityCounter::save_state / load_state: the signals' part of the
// engine's checkpoint (bgp/state_io.h encoding): entities with their current
// values, the bin being filled and the last closed one, what each prefix is
// counted toward, the /24 coverage and the IPv6 unions. The per-/24 arrays
// (16M entries each) go as runs of equal values: a few thousand runs for a
// full table instead of 32 MB. The /24 country cache is state too, not only a
// cache: space the geography does not place takes the origin AS's country
// the first time it is counted, and keeps it.
#include "bgp/state_io.h"
#include "signal/entity_state.h"
#include "signal/visibility.h"

namespace dw::signal {

template <bgp::StateIo S>
void io(S& s, BinRow& r) {
  bgp::fields(s, r.start, r.end, r.low, r.announcements, r.withdrawals, r.peers, r.upstreams);
}
template <bgp::StateIo S>
void io(S& s, Entity& e) {
  bgp::fields(s, e.key, e.cur, e.bin, e.closed, e.changed, e.low_known, e.prefixes, e.upstreams);
}

template <class S>
void V6Union::Key::state_io(S& s) {
  bgp::fields(s, first, count);
}
template <class S>
void V6Union::state_io(S& s) {
  bgp::fields(s, visible_, size_);
}

namespace {

// A fixed-size array as (run length, value) pairs.
template <bgp::StateIo S>
void io_runs(S& s, std::vector<uint16_t>& v, size_t size) {
  if constexpr (S::reading) {
    size_t runs = s.count("runs", 2);
    v.assign(size, 0);
    size_t at = 0;
    for (size_t i = 0; i < runs && s.ok(); ++i) {
      uint64_t n = 0;
      uint16_t x = 0;
      bgp::fields(s, n, x);
      if (!s.ok()) return;
      if (n == 0 || n > size - at) return s.fail(bgp::ErrorCode::BadLength, "run length");
      std::fill(v.begin() + static_cast<std::ptrdiff_t>(at), v.begin() + static_cast<std::ptrdiff_t>(at + n), x);
      at += n;
    }
    if (s.ok() && at != size) s.fail(bgp::ErrorCode::BadLength, "runs");
  } else {
    std::vector<std::pair<uint64_t, uint16_t>> runs;
    for (size_t i = 0; i < v.size();) {
      size_t j = i;
      while (j < v.size() && v[j] == v[i]) ++j;
      runs.push_back({j - i, v[i]});
      i = j;
    }
    s.w.varint(runs.size());
    for (auto& r : runs) bgp::io(s, r);
  }
}

}  // namespace

template <class S>
void VisibilityCounter::state_io(S& s) {
  uint32_t bin = bin_;
  bgp::fields(s, bin);
  if (bin != bin_) return s.fail(bgp::ErrorCode::BadValue, "bin width differs from this run's");
  bgp::fields(s, bin_start_, entities_, prefix_entities_, prefix_cc_, kind_, ignored_, credited_as_);
  io_runs(s, cov24_, size_t{1} << 24);
  io_runs(s, cc24_, size_t{1} << 24);
  bgp::fields(s, v6_all_, v6_by_cc_);
}

void VisibilityCounter::save_state(std::vector<uint8_t>& out) const {
  bgp::save_state(const_cast<VisibilityCounter&>(*this), out);
}

bgp::Status VisibilityCounter::load_state(std::span<const uint8_t> data) {
  if (entities_.size() > 1 || !prefix_entities_.empty())
    return bgp::fail(bgp::ErrorCode::Unsupported, "signals: restore into a fresh counter", 0);
  auto st = bgp::load_state(*this, data, "signals");
  size_t np = rib_.prefixes().size();
  if (st && (prefix_entities_.size() != np || prefix_cc_.size() != np || kind_.size() != np ||
             credited_as_.size() != np || entities_.empty() || entities_[0].key.type != EntityType::Table))
    st = bgp::fail(bgp::ErrorCode::BadValue, "signals: prefix tables differ from the routing state's", 0);
  if (st)
    for (const auto& ids : prefix_entities_)
      for (EntityId e : ids)
        if (e >= entities_.size()) st = bgp::fail(bgp::ErrorCode::BadValue, "signals: unknown entity", 0);
  if (st)
    for (const auto& en : entities_)
      for (rib::PrefixId p : en.prefixes)
        if (p >= np) st = bgp::fail(bgp::ErrorCode::BadValue, "signals: unknown prefix", 0);
  index_.clear();
  last_key_ = UINT64_MAX;
  forget_upstream_hits();
  if (!st) {
    entities_.resize(1);
    entities_[0] = Entity{};
    entities_[0].key = {EntityType::Table, 0};
    index_.try_emplace(0, 0);
    prefix_entities_.clear(), prefix_cc_.clear(), kind_.clear(), credited_as_.clear(), ignored_.clear();
    cov24_.assign(size_t{1} << 24, 0);
    cc24_.assign(size_t{1} << 24, 0xffff);
    v6_all_ = V6Union{};
    v6_by_cc_.clear();
    bin_start_ = 0;
    return st;
  }
  for (EntityId id = 0; id < entities_.size(); ++id) {
    const auto& k = entities_[id].key;
    index_.try_emplace(key_of(k.type, k.code), id);
  }
  return {};
}

}  // namespace dw::signal
