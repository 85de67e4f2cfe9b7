#include "engine/gap_policy.h"

namespace dw::engine {

void apply_gap(detect::OutageDetector& det, uint32_t from, uint32_t to, bool others_vote) {
  if (!others_vote) det.add_blind(from, to + kGapSettle);
}

}  // namespace dw::engine
