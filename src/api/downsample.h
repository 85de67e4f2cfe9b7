// A stored entity's series on a regular grid of points, each standing for
// `factor` bins: visibility, upstreams and peers as the lowest value inside
// the point (so a dip or an outage never vanishes when the view is coarse),
// churn as the sum. Bins with no stored row repeat the last row's end values
// with no churn (the store is sparse); points before the entity existed are null.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "store/api_reader.h"

namespace dw::api {

struct Series {
  // one value per point; INT64_MIN stands for null
  std::vector<int64_t> v4, v6, prefixes, churn, upstreams, peers;
};
inline constexpr int64_t kNull = INT64_MIN;

// rows: the stored rows of [from, from + bins * bin) in order; before: the
// last row before from, if any.
Series downsample(const std::vector<store::BinValues>& rows, const std::optional<store::BinValues>& before,
                  uint32_t from, uint32_t bin, size_t bins, size_t factor);

}  // namespace dw::api
