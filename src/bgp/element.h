// The per-route element every input (MRT, BMP, live sessions) produces and
// every later stage consumes: one prefix seen, withdrawn, or a peer's state.
#pragma once
#include <cstdint>

#include "bgp/attributes.h"

namespace dw::bgp {

enum class ElemType : uint8_t {
  Rib,        // a route in a table dump
  Announce,   // a route announced in an UPDATE
  Withdraw,   // a route withdrawn in an UPDATE
  PeerState,  // the session to the peer changed state
};

// BGP FSM states (RFC 4271 8.2.2), as MRT STATE_CHANGE records number them.
enum class FsmState : uint16_t { Idle = 1, Connect = 2, Active = 3, OpenSent = 4, OpenConfirm = 5, Established = 6 };

struct Element {
  ElemType type = ElemType::Announce;
  uint32_t ts = 0, usec = 0;
  IpAddr peer_ip;
  uint32_t peer_as = 0;
  Prefix prefix;
  const Attributes* attrs = nullptr;  // Rib and Announce; owned by the producer
  uint16_t old_state = 0, new_state = 0;
  // A withdrawal we made because the message was damaged (RFC 7606
  // treat-as-withdraw), not one the peer sent: detection must tell them apart.
  bool parse_withdraw = false;
};

}  // namespace dw::bgp
