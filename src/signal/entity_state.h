// Entity keys and values in checkpoints (bgp/state_io.h): the signals save
// them, and so do the detector and the notices that name entities.
#pragma once
#include "bgp/state_io.h"
#include "signal/visibility.h"

namespace dw::signal {

template <bgp::StateIo S>
void io(S& s, EntityKey& k) {
  bgp::fields(s, k.type, k.code);
  if (static_cast<uint8_t>(k.type) > static_cast<uint8_t>(EntityType::Unplaced))
    s.fail(bgp::ErrorCode::BadValue, "entity type");
}
template <bgp::StateIo S>
void io(S& s, Values& v) {
  bgp::fields(s, v.v4, v.v6, v.prefixes);
}

}  // namespace dw::signal
