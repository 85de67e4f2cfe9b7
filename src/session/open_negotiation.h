// The two OPENs of a session (RFC 4271 4.2, RFC 5492 capabilities): the one
// we send, and what the peer's, checked against its configuration, leaves
// us with (hold time, 4-byte ASNs, families, ADD-PATH, graceful restart...).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bgp/ip.h"
#include "session/bgp_session.h"

namespace dw::session {

// The families we take: 0 IPv4 unicast, 1 IPv6 unicast (RFC 4760).
constexpr size_t kFamilies = 2;
struct Family {
  bgp::Afi afi;
  uint8_t safi;
};
constexpr std::array<Family, kFamilies> kFamily{{{bgp::Afi::Ipv4, 1}, {bgp::Afi::Ipv6, 1}}};
// Index of (afi, safi) in kFamily, or -1.
int family_index(uint16_t afi, uint8_t safi);

// Capability codes (IANA "Capability Codes").
enum Cap : uint8_t {
  kCapMultiprotocol = 1,       // RFC 4760
  kCapRouteRefresh = 2,        // RFC 2918
  kCapExtendedMessage = 6,     // RFC 8654
  kCapGracefulRestart = 64,    // RFC 4724
  kCapFourOctetAs = 65,        // RFC 6793
  kCapAddPath = 69,            // RFC 7911
  kCapEnhancedRefresh = 70,    // RFC 7313
  kCapRouteRefreshCisco = 128, // pre-standard route refresh
};

struct Negotiated {
  uint32_t peer_asn = 0;
  bgp::IpAddr peer_id;
  uint16_t hold_time = 0;  // the smaller of the two; 0: no hold timer, no keepalives
  bool as4 = false, route_refresh = false, enhanced_refresh = false, extended = false;
  std::array<bool, kFamilies> family{};   // both sides take it
  std::array<bool, kFamilies> addpath{};  // the peer sends path ids (it says send, we said receive)
  bool gr = false;                        // the peer advertised graceful restart
  bool gr_restarting = false;             // its R bit: it has just restarted
  uint16_t gr_restart_time = 0;
  std::array<bool, kFamilies> gr_family{};      // families whose routes it asks us to keep
  std::array<bool, kFamilies> gr_forwarding{};  // F bit: it kept forwarding for the family
};

// What is wrong with an OPEN: the NOTIFICATION 2/subcode (with data) we
// answer it with, and a sentence for the log.
struct OpenError {
  uint8_t subcode = 0;
  std::vector<uint8_t> data;
  std::string why;
};

// Our OPEN as bytes.
std::vector<uint8_t> encode_our_open(const SessionConfig& cfg);

// Checks the peer's OPEN (its body, after the 19-byte header; RFC 9072's
// extended optional parameters understood) and fills out.
std::optional<OpenError> negotiate(std::span<const uint8_t> body, const SessionConfig& cfg,
                                   const PeerConfig& peer, Negotiated& out);

}  // namespace dw::session
