// What the two OPENs of a PeerUp decide for the routes of one peer (RFC 7854
// 4.10): 4-byte ASNs (RFC 6793: both sides announce capability 65) and
// ADD-PATH per family and direction (RFC 7911: one side says send, the other
// receive). The router's Adj-RIB-In holds what the peer sent it, so path ids
// come when the peer's OPEN says "send" and the router's OPEN says "receive";
// its Adj-RIB-Out the other way round. Never the intersection of the two
// (pmacct#539, gobmp#429: a router that only receives would be read wrong).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "bgp/message.h"

namespace dw::bmp {

struct Negotiated {
  bool as4 = true;
  uint8_t addpath_in = 0;   // DecodeContext::addpath_families for Adj-RIB-In routes
  uint8_t addpath_out = 0;  // the same for Adj-RIB-Out routes
};

// sent: the router's OPEN to the peer; received: the peer's OPEN to the router.
Negotiated negotiate(const bgp::Open& sent, const bgp::Open& received);

// "ipv4/1", "ipv6/2", ... for each family set in a DecodeContext addpath mask.
std::vector<std::string> family_names(uint8_t addpath_families);

}  // namespace dw::bmp
