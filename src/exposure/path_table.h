// Every distinct AS path stored once: routes hold a 4-byte index into it.
// Paths are kept normalised for exposure: prepending removed, an AS_SET
// reduced to one unknown hop (kUnknownHop), confederation segments dropped,
// and the vantage point's own AS first (added when the path lacks it).
#pragma once
#include <cstdint>
#include <span>
#include <unordered_set>
#include <vector>

#include "bgp/attributes.h"

namespace dw::exposure {

using PathIndex = uint32_t;
inline constexpr PathIndex kNoPath = 0xffffffffu;
// An AS_SET (an aggregate's "one of these") names no single AS on the way.
inline constexpr uint32_t kUnknownHop = 0;

class PathTable {
 public:
  PathTable();
  // vantage_as: the peer's AS (0 when unknown: nothing is added).
  PathIndex intern(uint32_t vantage_as, const bgp::AsPath& path);
  // From hops already normalised (tests, restores).
  PathIndex intern_hops(std::span<const uint32_t> hops);
  // Vantage point first, origin last.
  std::span<const uint32_t> hops(PathIndex i) const {
    return {pool_.data() + start_[i], start_[i + 1] - start_[i]};
  }
  size_t size() const { return start_.size() - 1; }
  // Empty again (not by assignment: the index's hash and equality point at this table).
  void clear() { pool_.clear(), start_.assign(1, 0), index_.clear(); }
  size_t bytes() const;
  template <class S>
  void state_io(S& s);  // the paths; the index is rebuilt on reading (path_keeper_state.cpp)

 private:
  PathIndex commit_candidate();
  struct Hash {
    const PathTable* t;
    size_t operator()(PathIndex i) const;
  };
  struct Eq {
    const PathTable* t;
    bool operator()(PathIndex a, PathIndex b) const;
  };
  std::vector<uint32_t> pool_;
  std::vector<uint32_t> start_;  // path i is pool_[start_[i], start_[i+1])
  std::unordered_set<PathIndex, Hash, Eq> index_;
};

}  // namespace dw::exposure
