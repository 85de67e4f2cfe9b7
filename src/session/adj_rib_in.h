// The routes a peer has announced to us and not withdrawn (its Adj-RIB-In,
// RFC 4271 3.2), as keys only: what the prefix limit counts, what status
// shows per family, and what graceful restart (RFC 4724) and enhanced route
// refresh (RFC 7313) mark stale and later sweep. Attributes are not kept:
// the engine holds the routing state.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "bgp/ip.h"

namespace dw::session {

struct RouteKey {
  bgp::Prefix prefix;  // with its path id
  uint8_t safi = 1;
  bool operator==(const RouteKey&) const = default;
};

struct RouteKeyHash {
  size_t operator()(const RouteKey& k) const;
};

class AdjRibIn {
 public:
  // Adds the route (fresh); true when it was not held before.
  bool add(const RouteKey& k);
  // Removes it; true when it was held.
  bool remove(const RouteKey& k);
  // Every route of afi/safi is stale until announced again.
  void mark_stale(bgp::Afi afi, uint8_t safi);
  // Removes the stale routes of afi/safi and returns them.
  std::vector<RouteKey> sweep(bgp::Afi afi, uint8_t safi);
  // Removes and returns every route.
  std::vector<RouteKey> clear();

  size_t size() const { return routes_.size(); }
  size_t count(bgp::Afi afi) const { return afi == bgp::Afi::Ipv4 ? v4_ : routes_.size() - v4_; }
  size_t stale() const { return stale_; }

 private:
  std::unordered_map<RouteKey, bool, RouteKeyHash> routes_;  // value: stale
  size_t v4_ = 0, stale_ = 0;
};

}  // namespace dw::session
