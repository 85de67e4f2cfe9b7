// One budget shared evenly by those using it now (the event queue's lanes,
// the collector's connections), each share kept between a floor and its own
// cap: a hundred routers at once hold the budget, not a hundred caps.
#pragma once
#include <algorithm>
#include <cstddef>

namespace dw::net {

// total 0: no shared budget, every user gets its cap.
inline size_t fair_share(size_t total, size_t users, size_t floor, size_t cap) {
  if (!total) return cap;
  return std::clamp(total / std::max<size_t>(users, 1), std::min(floor, cap), cap);
}

}  // namespace dw::net
