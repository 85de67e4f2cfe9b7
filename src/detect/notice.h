// Notices: things that look like an outage in a naive count but are not one
// (a peer's session reset, a collector's gap, a failover, a loss seen by only a
// few vantage points). Reported so a user can see why no outage was raised.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace dw::detect {

struct Notice {
  std::string kind;  // peer_down, collector_gap, failover, local_loss
  uint32_t start = 0;
  std::string json;  // the whole event object
  std::optional<uint32_t> end;  // null while it lasts
};

}  // namespace dw::detect
