// A decoded UPDATE as the elements it stands for, shared by every source of
// UPDATEs (MRT archives, BMP, BGP sessions): withdrawals first (withdrawn
// routes, then MP_UNREACH), then announcements (NLRI, then MP_REACH), each
// with its SAFI. When RFC 7606 says the UPDATE must be treated as a withdrawal
// (treat-as-withdraw, or session-reset: we only record the session, so the
// routes of this UPDATE are what we can withdraw), its announcements become
// withdrawals marked parse_withdraw and carry no attributes.
#pragma once
#include "bgp/element.h"
#include "bgp/message.h"

namespace dw::bgp {

// True when the UPDATE's announcements must be read as withdrawals.
inline bool withdraws_announcements(Outcome o) {
  return o == Outcome::TreatAsWithdraw || o == Outcome::SessionReset;
}

// Calls f(const Element&) for each element of u. base gives the peer and
// time (peer_ip, peer_as, ts, usec); its other fields are overwritten. The
// elements point into u: f must copy what it keeps (Element::owning()).
template <typename F>
void for_each_update_element(const Update& u, const Element& base, F&& f) {
  Element e = base;
  e.old_state = e.new_state = 0;
  e.owned_attrs.reset();
  const Attributes& a = u.attrs;
  e.type = ElemType::Withdraw;
  e.attrs = nullptr;
  e.parse_withdraw = false;
  e.safi = 1;
  for (const auto& p : u.withdrawn) e.prefix = p, f(static_cast<const Element&>(e));
  if (a.has(AttrType::MpUnreach)) {
    e.safi = a.mp_unreach.safi;
    for (const auto& p : a.mp_unreach.nlri) e.prefix = p, f(static_cast<const Element&>(e));
  }
  bool damaged = withdraws_announcements(a.outcome);
  e.type = damaged ? ElemType::Withdraw : ElemType::Announce;
  e.parse_withdraw = damaged;
  e.attrs = damaged ? nullptr : &a;
  e.safi = 1;
  for (const auto& p : u.nlri) e.prefix = p, f(static_cast<const Element&>(e));
  if (a.has(AttrType::MpReach)) {
    e.safi = a.mp_reach.safi;
    for (const auto& p : a.mp_reach.nlri) e.prefix = p, f(static_cast<const Element&>(e));
  }
}

}  // namespace dw::bgp
