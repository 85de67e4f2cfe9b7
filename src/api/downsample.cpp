#include "api/downsample.h"

#include <algorithm>

namespace dw::api {

namespace {

void take_min(int64_t& slot, int64_t v) { slot = slot == kNull ? v : std::min(slot, v); }
void take_sum(int64_t& slot, int64_t v) { slot = slot == kNull ? v : slot + v; }

}  // namespace

Series downsample(const std::vector<store::BinValues>& rows, const std::optional<store::BinValues>& before,
                  uint32_t from, uint32_t bin, size_t bins, size_t factor) {
  size_t points = factor ? (bins + factor - 1) / factor : 0;
  Series s;
  for (auto* v : {&s.v4, &s.v6, &s.prefixes, &s.churn, &s.upstreams, &s.peers}) v->assign(points, kNull);
  std::optional<store::BinValues> carry = before;
  size_t next = 0;
  for (size_t b = 0; b < bins; ++b) {
    uint32_t t = from + static_cast<uint32_t>(b) * bin;
    size_t p = b / factor;
    while (next < rows.size() && rows[next].bin < t) carry = rows[next++];  // misaligned rows: held as carried
    if (next < rows.size() && rows[next].bin == t) {
      const auto& r = rows[next++];
      take_min(s.v4[p], r.v4_low), take_min(s.v6[p], r.v6_low), take_min(s.prefixes[p], r.prefixes_low);
      take_sum(s.churn[p], r.churn), take_min(s.upstreams[p], r.upstreams), take_min(s.peers[p], r.peers);
      carry = r;
      continue;
    }
    if (!carry) continue;  // before the entity was first seen
    const auto& c = *carry;
    take_min(s.v4[p], c.v4), take_min(s.v6[p], c.v6), take_min(s.prefixes[p], c.prefixes);
    take_sum(s.churn[p], 0), take_min(s.upstreams[p], c.upstreams), take_min(s.peers[p], c.peers);
  }
  return s;
}

}  // namespace dw::api
