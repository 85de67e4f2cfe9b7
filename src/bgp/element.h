// The per-route element every input (MRT, BMP, live sessions) produces and
// every later stage consumes: one prefix seen, withdrawn, or a peer's state.
#pragma once
#include <cstdint>
#include <memory>

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

// SAFI 3 (RFC 4760's "unicast and multicast", since deprecated) carries unicast routes too.
inline bool is_unicast(uint8_t safi) { return safi == 1 || safi == 3; }

struct Element {
  ElemType type = ElemType::Announce;
  uint32_t ts = 0, usec = 0;
  IpAddr peer_ip;
  uint32_t peer_as = 0;
  Prefix prefix;
  const Attributes* attrs = nullptr;  // Rib and Announce; the producer's, valid during the call
  uint16_t old_state = 0, new_state = 0;
  uint8_t safi = 1;  // 1 unicast, 2 multicast (RFC 4760); routing state counts only unicast
  // A withdrawal we made because the message was damaged (RFC 7606
  // treat-as-withdraw or session-reset), not one the peer sent: detection
  // must tell them apart.
  bool parse_withdraw = false;
  // Set only by owning(): keeps attrs alive when the element leaves the
  // producer's call (another thread, a queue). Producers leave it empty, so
  // the decode path allocates nothing per element.
  std::shared_ptr<const Attributes> owned_attrs;

  // A copy that owns its attributes (shared, so copies of it are cheap).
  // Elements that already own theirs, or carry none, are copied as they are.
  Element owning() const {
    Element c = *this;
    if (attrs && !owned_attrs) {
      c.owned_attrs = std::make_shared<const Attributes>(*attrs);
      c.attrs = c.owned_attrs.get();
    }
    return c;
  }
};

}  // namespace dw::bgp
