#include "engine/gap_policy.h"

namespace dw::engine {

void apply_gap(detect::OutageDetector& det, uint32_t from, uint32_t to) { det.add_blind(from, to + kGapSettle); }

}  // namespace dw::engine
