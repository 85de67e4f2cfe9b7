#include "signal/v6_union.h"

#include <algorithm>

namespace dw::signal {

std::pair<uint64_t, uint64_t> V6Union::blocks(const bgp::Prefix& p) {
  uint64_t top = 0;
  for (int i = 0; i < 6; ++i) top = top << 8 | p.addr.b[static_cast<size_t>(i)];  // the first 48 bits
  if (p.len >= 48) return {top, 1};
  uint64_t count = uint64_t{1} << (48 - std::max<unsigned>(p.len, kShortest));
  return {top & ~(count - 1), count};
}

bool V6Union::covered_by_ancestor(uint64_t first, uint64_t count) const {
  for (uint64_t c = count << 1; c && c <= (uint64_t{1} << 48); c <<= 1) {
    auto it = visible_.find({first & ~(c - 1), c});
    if (it != visible_.end()) return true;
  }
  return false;
}

int64_t V6Union::union_inside(uint64_t first, uint64_t count) const {
  int64_t n = 0;
  uint64_t covered_until = first;
  for (auto it = visible_.lower_bound({first, count}); it != visible_.end() && it->first.first < first + count; ++it) {
    const Key& k = it->first;
    if (k.first == first && k.count == count) continue;
    if (k.first >= covered_until) {
      n += static_cast<int64_t>(k.count);
      covered_until = k.first + k.count;
    }
  }
  return n;
}

int64_t V6Union::add(const bgp::Prefix& p) {
  auto [first, count] = blocks(p);
  if (visible_[{first, count}]++ > 0 || covered_by_ancestor(first, count)) return 0;
  int64_t d = static_cast<int64_t>(count) - union_inside(first, count);
  size_ += d;
  return d;
}

int64_t V6Union::remove(const bgp::Prefix& p) {
  auto [first, count] = blocks(p);
  auto it = visible_.find({first, count});
  if (it == visible_.end()) return 0;
  if (--it->second > 0) return 0;
  visible_.erase(it);
  if (covered_by_ancestor(first, count)) return 0;
  int64_t d = union_inside(first, count) - static_cast<int64_t>(count);
  size_ += d;
  return d;
}

}  // namespace dw::signal
