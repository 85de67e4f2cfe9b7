#include "session/adj_rib_in.h"

namespace dw::session {

size_t RouteKeyHash::operator()(const RouteKey& k) const {
  // FNV-1a over the bytes that matter
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint8_t b) { h = (h ^ b) * 1099511628211ull; };
  size_t n = k.prefix.addr.is_v4() ? 4 : 16;
  for (size_t i = 0; i < n; ++i) mix(k.prefix.addr.b[i]);
  mix(k.prefix.len);
  mix(k.safi);
  mix(static_cast<uint8_t>(k.prefix.addr.afi));
  for (int s = 0; s < 32; s += 8) mix(static_cast<uint8_t>(k.prefix.path_id >> s));
  return static_cast<size_t>(h);
}

bool AdjRibIn::add(const RouteKey& k) {
  auto [it, fresh] = routes_.try_emplace(k, false);
  if (fresh) {
    if (k.prefix.addr.is_v4()) ++v4_;
  } else if (it->second) {
    it->second = false;
    --stale_;
  }
  return fresh;
}

bool AdjRibIn::remove(const RouteKey& k) {
  auto it = routes_.find(k);
  if (it == routes_.end()) return false;
  if (it->second) --stale_;
  if (k.prefix.addr.is_v4()) --v4_;
  routes_.erase(it);
  return true;
}

void AdjRibIn::mark_stale(bgp::Afi afi, uint8_t safi) {
  for (auto& [k, stale] : routes_)
    if (k.prefix.addr.afi == afi && k.safi == safi && !stale) stale = true, ++stale_;
}

std::vector<RouteKey> AdjRibIn::sweep(bgp::Afi afi, uint8_t safi) {
  std::vector<RouteKey> out;
  for (auto it = routes_.begin(); it != routes_.end();) {
    if (it->second && it->first.prefix.addr.afi == afi && it->first.safi == safi) {
      out.push_back(it->first);
      --stale_;
      if (afi == bgp::Afi::Ipv4) --v4_;
      it = routes_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::vector<RouteKey> AdjRibIn::clear() {
  std::vector<RouteKey> out;
  out.reserve(routes_.size());
  for (auto& [k, s] : routes_) out.push_back(k);
  routes_.clear();
  v4_ = stale_ = 0;
  return out;
}

}  // namespace dw::session
