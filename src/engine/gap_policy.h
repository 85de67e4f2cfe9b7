// What a collector's data gap does to detection: in one place, for the engine
// (live and replay) and for `detect --db` over the notices a run stored.
#pragma once
#include <cstdint>

#include "detect/outage_detector.h"

namespace dw::engine {

// After a gap, the view settles this long before a loss may start.
inline constexpr uint32_t kGapSettle = 600;

// The collector published nothing for [from, to).
void apply_gap(detect::OutageDetector& det, uint32_t from, uint32_t to);

}  // namespace dw::engine
