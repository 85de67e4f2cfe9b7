// PathKeeper's checkpoint (path_keeper.h): the fields once, for both
// directions (bgp/state_io.h), then the checks a restored keeper must pass
// against the routing state restored beside it.
#include "bgp/state_io.h"
#include "exposure/path_keeper.h"

namespace dw::exposure {

namespace {
constexpr uint32_t kVersion = 1;
}

template <class S>
void PathTable::state_io(S& s) {
  bgp::fields(s, pool_, start_);
  if constexpr (S::reading) {
    if (!s.ok()) return;
    bool ok = !start_.empty() && start_.front() == 0 && start_.back() == pool_.size();
    for (size_t i = 1; ok && i < start_.size(); ++i) ok = start_[i - 1] <= start_[i];
    if (!ok) return s.fail(bgp::ErrorCode::BadValue, "paths: offsets out of order");
    index_.clear();
    index_.reserve(start_.size());
    for (PathIndex i = 0; i + 1 < start_.size(); ++i)
      if (!index_.insert(i).second) return s.fail(bgp::ErrorCode::BadValue, "paths: a path stored twice");
  }
}

template <class S>
void PathKeeper::state_io(S& s) {
  uint32_t version = kVersion;
  bgp::fields(s, version);
  if (version != kVersion) return s.fail(bgp::ErrorCode::Unsupported, "paths: another version of the checkpoint");
  bgp::fields(s, table_, by_peer_);
}

void PathKeeper::save_state(std::vector<uint8_t>& out) const { bgp::save_state(const_cast<PathKeeper&>(*this), out); }

bgp::Status PathKeeper::load_state(std::span<const uint8_t> data) {
  if (table_.size() || !by_peer_.empty())
    return bgp::fail(bgp::ErrorCode::Unsupported, "paths: restore into a fresh keeper", 0);
  auto st = bgp::load_state(*this, data, "paths");
  if (st && by_peer_.size() > rib_.peers().size())
    st = bgp::fail(bgp::ErrorCode::BadValue, "paths: more peers than the routing state's", 0);
  for (size_t peer = 0; st && peer < by_peer_.size(); ++peer)
    for (size_t prefix = 0; st && prefix < by_peer_[peer].size(); ++prefix) {
      PathIndex p = by_peer_[peer][prefix];
      if (p == kNoPath) continue;
      if (p >= table_.size()) st = bgp::fail(bgp::ErrorCode::BadValue, "paths: a route names an unknown path", 0);
      else if (prefix >= rib_.prefixes().size())
        st = bgp::fail(bgp::ErrorCode::BadValue, "paths: a route to a prefix the routing state does not have", 0);
    }
  if (!st) {
    table_.clear();
    by_peer_.clear();
  }
  return st;
}

}  // namespace dw::exposure
