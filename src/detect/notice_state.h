// Notices in checkpoints (bgp/state_io.h): the engine keeps those raised so
// far and the trackers those they will hand over; both save them this way.
#pragma once
#include "bgp/state_io.h"
#include "detect/notice.h"
#include "signal/entity_state.h"

namespace dw::detect {

template <bgp::StateIo S>
void io(S& s, PeerRef& p) {
  bgp::fields(s, p.collector, p.peer, p.asn);
}
template <bgp::StateIo S>
void io(S& s, Notice& n) {
  bgp::fields(s, n.kind, n.start, n.end, n.entity, n.peers, n.collector, n.prefix_count, n.prefixes, n.origin_asns,
              n.from_upstreams, n.to_upstreams);
  if (static_cast<uint8_t>(n.kind) > static_cast<uint8_t>(NoticeKind::Failover)) s.fail(bgp::ErrorCode::BadValue, "notice kind");
}

}  // namespace dw::detect
