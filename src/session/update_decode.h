// An UPDATE body as a BGP session must read it: ADD-PATH decided per family
// (RFC 7911: the withdrawn routes and NLRI fields by IPv4 unicast, the MP
// attributes by their own AFI/SAFI), and when the message as a whole is
// unusable, the UPDATE error subcode (RFC 4271 6.3) to send.
#pragma once
#include <array>
#include <span>

#include "bgp/message.h"
#include "session/open_negotiation.h"

namespace dw::session {

struct UpdateError {
  uint8_t subcode = 1;  // 1 malformed attribute list, 10 invalid network field
  bgp::Error error;
};

// base: the body's offset in the message (19). On success the RFC 7606
// outcome of the attributes is in out.attrs.outcome.
std::optional<UpdateError> decode_session_update(std::span<const uint8_t> body, const std::array<bool, kFamilies>& addpath,
                                                 bool as4, bgp::Update& out);

}  // namespace dw::session
