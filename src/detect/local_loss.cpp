#include "detect/local_loss.h"

#include <algorithm>
#include <map>
#include <set>

#include "bgp/time_text.h"

namespace dw::detect {

void LocalLossTracker::on_route(rib::PrefixId p, rib::PeerId peer, bool announce, bool voting, uint32_t ts) {
  if (announce || !voting) {
    // back, or the peer's session went (its own notice): no longer a local loss
    if (pending_.empty()) return;
    auto it = pending_.find(peer);
    if (it != pending_.end() && it->second.erase(p)) {
      last_return_[peer] = ts;
      if (it->second.empty()) pending_.erase(it);
    }
    return;
  }
  if (rib_.prefixes()[p].visible) pending_[peer].emplace(p, ts);
}

void LocalLossTracker::on_bin(uint32_t, uint32_t end) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    auto& held = it->second;
    const auto& peer_info = rib_.peers()[it->first];
    if (!peer_info.up || !(peer_info.voting4 || peer_info.voting6)) {
      // the session went (a peer_down notice of its own), or it no longer votes
      last_return_[it->first] = peer_info.up ? end : peer_info.down_at;
      it = pending_.erase(it);
      continue;
    }
    // a prefix the majority lost too is an outage's business, not a local loss
    for (auto q = held.begin(); q != held.end();)
      q = rib_.prefixes()[q->first].visible ? std::next(q) : held.erase(q);
    if (held.empty()) {
      it = pending_.erase(it);
      continue;
    }
    rib::PeerId peer = it->first;
    if (!open_.count(peer)) {
      uint32_t since = UINT32_MAX;
      std::vector<rib::PrefixId> old;
      for (auto [q, t] : held)
        if (t + min_duration_ <= end) old.push_back(q), since = std::min(since, t);
      if (!old.empty()) {
        open_[peer] = episodes_.size();
        std::sort(old.begin(), old.end());
        episodes_.push_back({peer, since, 0, std::move(old)});
      }
    } else {
      auto& ep = episodes_[open_[peer]];
      for (auto [q, t] : held)
        if (t + min_duration_ <= end && !std::binary_search(ep.prefixes.begin(), ep.prefixes.end(), q)) {
          ep.prefixes.insert(std::upper_bound(ep.prefixes.begin(), ep.prefixes.end(), q), q);
        }
    }
    ++it;
  }
  // peers whose losses all came back
  for (auto it = open_.begin(); it != open_.end();) {
    if (!pending_.count(it->first)) {
      auto& ep = episodes_[it->second];
      ep.end = std::max(ep.start, last_return_[it->first]);
      it = open_.erase(it);
    } else {
      ++it;
    }
  }
}

std::vector<Notice> LocalLossTracker::finish() {
  open_.clear();
  std::sort(episodes_.begin(), episodes_.end(), [](const Episode& a, const Episode& b) { return a.start < b.start; });
  // peers that lost the same prefixes within minutes of each other: one notice
  std::vector<std::vector<const Episode*>> groups;
  for (const auto& ep : episodes_) {
    bool merged = false;
    for (auto& g : groups) {
      const Episode& f = *g.front();
      if (ep.start > f.start + 300) continue;
      size_t common = 0;
      for (auto q : ep.prefixes) common += std::binary_search(f.prefixes.begin(), f.prefixes.end(), q);
      if (common * 2 >= std::min(ep.prefixes.size(), f.prefixes.size())) {
        g.push_back(&ep);
        merged = true;
        break;
      }
    }
    if (!merged) groups.push_back({&ep});
  }
  std::vector<Notice> out;
  for (const auto& g : groups) {
    uint32_t start = UINT32_MAX, end = 0;
    bool open = false;
    std::set<rib::PrefixId> prefixes;
    for (const auto* ep : g) {
      start = std::min(start, ep->start);
      if (!ep->end) open = true;
      end = std::max(end, ep->end);
      prefixes.insert(ep->prefixes.begin(), ep->prefixes.end());
    }
    std::map<geo::CountryCode, size_t> by_cc;
    std::set<uint32_t> origins;
    for (auto q : prefixes) ++by_cc[vis_.country_of(q)], origins.insert(rib_.prefixes()[q].origin);
    auto cc = std::max_element(by_cc.begin(), by_cc.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; })->first;
    Notice n;
    n.kind = NoticeKind::LocalLoss;
    n.start = start;
    if (!open) n.end = end;
    n.entity = signal::EntityKey{signal::EntityType::Country, cc};
    for (const auto* ep : g) {
      const auto& pi = rib_.peers()[ep->peer];
      n.peers.push_back({pi.collector, pi.ip.str(), pi.asn});
    }
    n.prefix_count = prefixes.size();
    for (auto q : prefixes) {
      if (n.prefixes.size() == 50) break;
      n.prefixes.push_back(rib_.prefixes()[q].prefix.str());
    }
    n.origin_asns.assign(origins.begin(), origins.end());
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace dw::detect
