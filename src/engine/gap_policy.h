// What a collector's data gap does to detection: in one place, for the engine
// (live and replay) and for `detect --db` over the notices a run stored.
//
// A gap blinds that collector's peers only: they stop voting until its next
// RIB dump (the engine marks them stale), while the peers of other collectors
// keep voting, so an outage that begins in the gap is seen, and dated, from
// their withdrawals. Only when no other collector votes is the whole view
// blind: then no outage may start during the gap and for kGapSettle after it.
#pragma once
#include <cstdint>

#include "detect/outage_detector.h"

namespace dw::engine {

// After a gap that left nobody voting, the view settles this long before a loss may start.
inline constexpr uint32_t kGapSettle = 600;

// The collector published nothing for [from, to); others_vote: peers of
// other collectors still vote (over a store: the stored visibility kept
// moving during the gap, which it cannot do with nobody voting).
void apply_gap(detect::OutageDetector& det, uint32_t from, uint32_t to, bool others_vote);

}  // namespace dw::engine
