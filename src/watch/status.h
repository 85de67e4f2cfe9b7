// What a running `watch` reports about itself: the data behind `/status`
// (JSON) and `/metrics` (Prometheus text). The HTTP server (the API's) only
// serves what these render; `darkwatch status` only GETs it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "net/collector.h"
#include "net/event_queue.h"

namespace dw::watch {

struct PeerRow {
  std::string router;  // the source: router connection, BGP peer, RIS collector
  std::string peer;    // the peer's address
  uint32_t asn = 0;
  bool up = false;
  uint32_t down_at = 0;  // when it last went down (0: never)
  uint64_t prefixes_v4 = 0, prefixes_v6 = 0;
  // after a restart from a checkpoint (rib::RibState::await_refresh): "session"
  // while it is not heard again, "table" while its returning session re-sends
  // its table; empty otherwise
  std::string awaited;
};

struct OpenEventRow {
  std::string kind, entity;
  uint32_t start = 0;
  double severity = 0;
};

struct Status {
  std::string version;
  uint32_t started = 0, now = 0;
  uint64_t elements = 0;         // update elements applied by the engine
  uint64_t announcements = 0, withdrawals = 0, peer_states = 0;  // of those, by type
  double elements_per_second = 0;  // over the last second or more
  uint64_t damaged = 0;          // Damage events (messages or lines lost), every source
  uint64_t notices = 0;
  uint64_t prefixes = 0;         // distinct prefixes in routing state
  uint64_t refused = 0;          // connections from unconfigured addresses
  std::vector<net::ConnectionStats> connections;
  std::vector<net::LaneStats> lanes;  // the queues into the engine, one per source
  std::vector<PeerRow> peers;
  std::vector<OpenEventRow> open_events;
  uint64_t dropped() const;      // events and bytes that never reached the engine
};

// Prometheus text exposition (version 0.0.4): counters end in _total and
// are labelled by router (and peer where it applies); gauges for depths.
std::string to_prometheus(const Status& s);
// The same as one JSON object.
std::string to_json(const Status& s);

}  // namespace dw::watch
