// Address space that is no one's network: the IANA special-purpose registries
// (private, documentation, benchmarking, loopback, link-local, 6to4, Teredo,
// ORCHID, unique-local, ...), multicast and reserved space, and prefixes too
// short to be anyone's route (a default route is not reachability). A route
// to such space says nothing about a country or a network being reachable,
// so the signals ignore it (see special_space.cpp for the entries and why).
#pragma once
#include <cstdint>
#include <string>

#include "bgp/ip.h"

namespace dw::geo {

enum class SpaceKind : uint8_t {
  Ordinary,  // anyone's space: counted
  Special,   // inside a special-purpose block, or too short: not counted at all
  Covers,    // IPv4 only: holds special /24s and ordinary ones; the special ones are not counted
};

struct SpaceClass {
  SpaceKind kind = SpaceKind::Ordinary;
  const char* label = "";  // the registry entry ("2002::/16 6to4 (RFC 3056)") or the length rule
};

SpaceClass classify_space(const bgp::Prefix& p);

// The entry an IPv4 /24 (its index: address >> 8) lies in; nullptr when ordinary.
const char* special_slash24(uint32_t slash24);

}  // namespace dw::geo
