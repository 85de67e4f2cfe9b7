// Notices: things that look like an outage in a naive count but are not one
// (a peer's session reset, a collector's gap, a failover, a loss seen by only a
// few vantage points). Reported so a user can see why no outage was raised.
// One struct for every kind: each kind fills the fields its JSON has
// (docs/json.md); event_json.h encodes them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signal/visibility.h"

namespace dw::detect {

enum class NoticeKind : uint8_t { PeerDown, CollectorGap, LocalLoss, Failover };
const char* kind_name(NoticeKind);  // "peer_down", "collector_gap", "local_loss", "failover"
std::optional<NoticeKind> notice_kind(std::string_view);

struct PeerRef {
  std::string collector, peer;  // peer: its address
  uint32_t asn = 0;
  bool operator==(const PeerRef&) const = default;
};

struct Notice {
  NoticeKind kind = NoticeKind::PeerDown;
  uint32_t start = 0;
  std::optional<uint32_t> end;  // null while it lasts
  std::optional<signal::EntityKey> entity;  // local_loss: the country most prefixes are in; failover: the origin
  std::vector<PeerRef> peers;               // peer_down: the peer; local_loss: the peers that lost
  std::string collector;                    // collector_gap
  std::string reason;                       // collector_gap: why its data is missing (files absent, a file not read to its end)
  size_t prefix_count = 0;                  // local_loss
  std::vector<std::string> prefixes;        // local_loss: up to 50
  std::vector<uint32_t> origin_asns;        // local_loss
  std::vector<uint32_t> from_upstreams, to_upstreams;  // failover
};

// A session that dropped at `since` and came back at `until` (null: not yet).
Notice peer_down_notice(PeerRef peer, uint32_t since, std::optional<uint32_t> until);
// A collector whose updates from `from` to `to` we do not have, and why.
Notice collector_gap_notice(std::string collector, uint32_t from, uint32_t to, std::string reason = {});

}  // namespace dw::detect
