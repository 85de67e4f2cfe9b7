#include "geo/special_space.h"

#include <bitset>
#include <vector>

namespace dw::geo {

namespace {

// The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its
// successors; https://www.iana.org/assignments/iana-ipv4-special-registry and
// .../iana-ipv6-special-registry), plus the multicast and reserved blocks of
// the IANA IPv4 and IPv6 address space registries. `counted` marks the
// entries inside an ignored block that the registry calls globally reachable
// and that are real services carried in BGP (AS112, AMT, DETs): their routes
// reach someone, so they count like any other space.
//
// Decided here, not by the registry:
// - 64:ff9b::/96 (RFC 6052) is "globally reachable" in the registry, but it
//   is every NAT64's local stand-in for all of IPv4: a route to it reaches
//   the nearest translator, not a network of its own. Ignored.
// - ORCHIDv2 2001:20::/28 (RFC 7343) holds identifiers, not locators (its
//   section 2: not routable at the IP layer). Ignored, as is ORCHID.
// - The anycast /32s in 192.0.0.0/24 (PCP, TURN) lie below the /24 the
//   signals count in: the /24 is ignored with its block. The anycast /128s
//   2001:1::1-3 are listed as counted, though no one announces a /128.
// - 192.31.196.0/24 and 192.175.48.0/24 (AS112), 192.52.193.0/24 (AMT) and
//   2620:4f:8000::/48 (AS112) are in no ignored block: ordinary space.
struct Entry {
  const char* block;
  const char* name;
  bool counted;
};
constexpr Entry kEntries[] = {
    {"0.0.0.0/8", "\"this network\" (RFC 791)", false},
    {"10.0.0.0/8", "private-use (RFC 1918)", false},
    {"100.64.0.0/10", "shared address space (RFC 6598)", false},
    {"127.0.0.0/8", "loopback (RFC 1122)", false},
    {"169.254.0.0/16", "link-local (RFC 3927)", false},
    {"172.16.0.0/12", "private-use (RFC 1918)", false},
    {"192.0.0.0/24", "IETF protocol assignments (RFC 6890)", false},
    {"192.0.2.0/24", "documentation (RFC 5737)", false},
    {"192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)", false},
    {"192.168.0.0/16", "private-use (RFC 1918)", false},
    {"198.18.0.0/15", "benchmarking (RFC 2544)", false},
    {"198.51.100.0/24", "documentation (RFC 5737)", false},
    {"203.0.113.0/24", "documentation (RFC 5737)", false},
    {"224.0.0.0/4", "multicast (RFC 5771)", false},
    {"240.0.0.0/4", "reserved (RFC 1112)", false},
    {"255.255.255.255/32", "limited broadcast (RFC 919)", false},
    {"::/128", "unspecified address (RFC 4291)", false},
    {"::1/128", "loopback (RFC 4291)", false},
    {"::ffff:0:0/96", "IPv4-mapped (RFC 4291)", false},
    {"64:ff9b::/96", "IPv4/IPv6 translation, well-known prefix (RFC 6052)", false},
    {"64:ff9b:1::/48", "IPv4/IPv6 translation, local use (RFC 8215)", false},
    {"100::/64", "discard-only (RFC 6666)", false},
    {"2001::/23", "IETF protocol assignments (RFC 2928)", false},
    {"2001::/32", "Teredo (RFC 4380)", false},
    {"2001:1::1/128", "PCP anycast (RFC 7723)", true},
    {"2001:1::2/128", "TURN anycast (RFC 8155)", true},
    {"2001:1::3/128", "DNS-SD SRP anycast (RFC 9665)", true},
    {"2001:2::/48", "benchmarking (RFC 5180)", false},
    {"2001:3::/32", "AMT (RFC 7450)", true},
    {"2001:4:112::/48", "AS112-v6 (RFC 7535)", true},
    {"2001:10::/28", "ORCHID, deprecated (RFC 4843)", false},
    {"2001:20::/28", "ORCHIDv2 (RFC 7343)", false},
    {"2001:30::/28", "drone remote ID DETs (RFC 9374)", true},
    {"2001:db8::/32", "documentation (RFC 3849)", false},
    {"2002::/16", "6to4 (RFC 3056)", false},
    {"3fff::/20", "documentation (RFC 9637)", false},
    {"5f00::/16", "segment routing SIDs (RFC 9602)", false},
    {"fc00::/7", "unique-local (RFC 4193)", false},
    {"fe80::/10", "link-local (RFC 4291)", false},
    {"ff00::/8", "multicast (RFC 4291)", false},
};

struct Block {
  bgp::Prefix prefix;
  std::string label;  // "2002::/16 6to4 (RFC 3056)"
  bool counted;
};

const std::vector<Block>& blocks() {
  static const std::vector<Block> all = [] {
    std::vector<Block> v;
    for (const auto& e : kEntries) v.push_back({*bgp::Prefix::parse(e.block), std::string(e.block) + " " + e.name, e.counted});
    return v;
  }();
  return all;
}

// Which first 16 bits of an address any entry touches, per family: almost
// every routed prefix touches none, and then the list need not be walked
// (the walk was a sixth of ingesting a full table).
struct Touched {
  std::bitset<65536> v4, v6;
};
const Touched& touched() {
  static const Touched t = [] {
    Touched t;
    for (const auto& b : blocks()) {
      const auto& a = b.prefix.addr.b;
      bool v4 = b.prefix.addr.is_v4();
      uint32_t first = (uint32_t{a[0]} << 8) | a[1];
      uint32_t n = b.prefix.len >= 16 ? 1 : 1u << (16 - b.prefix.len);
      for (uint32_t i = 0; i < n; ++i) (v4 ? t.v4 : t.v6).set((first & ~(n - 1)) + i);
    }
    return t;
  }();
  return t;
}
bool may_touch_special(const bgp::Prefix& p) {
  const Touched& t = touched();
  bool v4 = p.addr.is_v4();
  uint32_t first = (uint32_t{p.addr.b[0]} << 8) | p.addr.b[1];
  uint32_t n = p.len >= 16 ? 1 : 1u << (16 - p.len);
  first &= ~(n - 1);
  for (uint32_t i = 0; i < n; ++i)
    if ((v4 ? t.v4 : t.v6).test(first + i)) return true;
  return false;
}

// The most specific entry holding p (nullptr: none).
const Block* holder(const bgp::Prefix& p) {
  const Block* best = nullptr;
  for (const auto& b : blocks())
    if (b.prefix.contains(p) && (!best || b.prefix.len > best->prefix.len)) best = &b;
  return best;
}

}  // namespace

// A route shorter than /8 (IPv4) or /16 (IPv6) is a default route or an
// aggregate of many registries' space: no one network's reachability. The
// bounds are the usual route-filter ones (IPv4 /8-/24, IPv6 /16-/48, e.g.
// NIST SP 800-189 and operators' import policies) and bgpview's routed-space
// consumer drops the default routes for the same reason.
SpaceClass classify_space(const bgp::Prefix& p) {
  bool v4 = p.addr.is_v4();
  if (v4 && p.len < 8) return {SpaceKind::Special, "IPv4 shorter than /8 (default route or aggregate)"};
  if (!v4 && p.len < 16) return {SpaceKind::Special, "IPv6 shorter than /16 (default route or aggregate)"};
  if (!may_touch_special(p)) return {};
  if (const Block* b = holder(p)) {
    if (!b->counted) return {SpaceKind::Special, b->label.c_str()};
    return {};
  }
  for (const auto& b : blocks()) {
    if (b.counted || !p.contains(b.prefix)) continue;
    // IPv4 is counted /24 by /24, so the ordinary /24s of a covering prefix
    // still count; an IPv6 prefix spanning a special block (2001::/16 over
    // 2001::/23) is no one's allocation either
    return {v4 ? SpaceKind::Covers : SpaceKind::Special, b.label.c_str()};
  }
  return {};
}

const char* special_slash24(uint32_t slash24) {
  bgp::Prefix p{bgp::IpAddr::v4(slash24 << 8), 24};
  if (!may_touch_special(p)) return nullptr;
  const Block* b = holder(p);
  return b && !b->counted ? b->label.c_str() : nullptr;
}

}  // namespace dw::geo
