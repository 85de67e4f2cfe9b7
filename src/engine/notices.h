// The notices the engine raises about the view itself (never outages): one
// small function each, so that they can move into typed constructors in detect.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "detect/notice.h"
#include "rib/rib_state.h"

namespace dw::engine {

// A session that dropped at `since` and came back at `until` (null while down).
detect::Notice peer_down_notice(const rib::PeerInfo& p, uint32_t since, std::optional<uint32_t> until);
// A collector that published no updates for [from, to).
detect::Notice collector_gap_notice(const std::string& collector, uint32_t from, uint32_t to);

}  // namespace dw::engine
