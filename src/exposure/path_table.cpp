#include "exposure/path_table.h"

namespace dw::exposure {

PathTable::PathTable() : start_{0}, index_(16, Hash{this}, Eq{this}) {}

size_t PathTable::Hash::operator()(PathIndex i) const {
  uint64_t h = 1469598103934665603ull;
  for (uint32_t a : t->hops(i)) h = (h ^ a) * 1099511628211ull;
  return static_cast<size_t>(h ^ (h >> 29));
}

bool PathTable::Eq::operator()(PathIndex a, PathIndex b) const {
  auto x = t->hops(a), y = t->hops(b);
  return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin());
}

// The hops appended to pool_ past the last path form a candidate: it becomes
// a path when new, and is taken back when the table already has it.
PathIndex PathTable::commit_candidate() {
  auto cand = static_cast<PathIndex>(start_.size() - 1);
  start_.push_back(static_cast<uint32_t>(pool_.size()));
  auto [it, fresh] = index_.insert(cand);
  if (!fresh) {
    start_.pop_back();
    pool_.resize(start_.back());
  }
  return *it;
}

PathIndex PathTable::intern(uint32_t vantage_as, const bgp::AsPath& path) {
  size_t base = pool_.size();
  auto push = [&](uint32_t a) {
    if (pool_.size() > base && pool_.back() == a) return;  // prepending (and runs of sets)
    pool_.push_back(a);
  };
  if (vantage_as) push(vantage_as);
  size_t at = 0;
  for (const auto& s : path.segs) {
    if (s.type == bgp::SegType::Sequence)
      for (size_t i = at; i < at + s.count; ++i) push(path.asns[i]);
    else if (s.type == bgp::SegType::Set)
      push(kUnknownHop);
    at += s.count;  // confederation segments: inside one AS to the outside world
  }
  return commit_candidate();
}

PathIndex PathTable::intern_hops(std::span<const uint32_t> hops) {
  pool_.insert(pool_.end(), hops.begin(), hops.end());
  return commit_candidate();
}

size_t PathTable::bytes() const {
  return pool_.capacity() * 4 + start_.capacity() * 4 + index_.bucket_count() * sizeof(void*) +
         index_.size() * (sizeof(PathIndex) + 2 * sizeof(void*));
}

}  // namespace dw::exposure
