#include "detect/failover.h"

#include <algorithm>

#include "bgp/time_text.h"

namespace dw::detect {

void FailoverTracker::on_route(rib::PrefixId p, rib::PeerId, bool, bool, uint32_t ts) {
  // every route counts (the first RIB dump arrives before peers vote): the
  // shares must be known before a switch to tell one
  // every peer repeats a change within seconds: one mark per prefix and bin
  if (seen_bin_.size() <= p) seen_bin_.resize(p + 1, UINT32_MAX);
  if (seen_bin_[p] == bin_) return;
  seen_bin_[p] = bin_;
  uint32_t asn = rib_.prefixes()[p].origin;
  if (!asn) return;
  // a table's prefixes come in runs of one origin (one message's NLRI): the last one is kept
  if (asn != last_asn_) last_ = &as_[asn], last_asn_ = asn;  // map nodes never move
  auto& s = *last_;
  if (!s.touched) {
    s.touched = true;
    touched_.push_back(asn);
  }
  if (!s.changing_since) s.changing_since = ts;
}

std::unordered_map<uint32_t, double> FailoverTracker::shares_now(uint32_t asn, size_t* prefixes) const {
  std::unordered_map<uint32_t, double> out;
  *prefixes = 0;
  auto e = vis_.find({signal::EntityType::Asn, asn});
  if (e == UINT32_MAX) return out;
  double total = 0;
  for (auto q : vis_.entities()[e].prefixes) {
    const auto& pi = rib_.prefixes()[q];
    if (pi.origin != asn) continue;
    if (!pi.upstreams.empty()) ++*prefixes;
    for (const auto& [u, n] : pi.upstreams)
      if (u) out[u] += n, total += n;
  }
  if (total > 0)
    for (auto& [u, v] : out) v /= total;
  return out;
}

void FailoverTracker::on_bin(uint32_t, uint32_t) {
  ++bin_;
  // an AS is judged once it has been quiet for a whole bin: the switch is over
  std::vector<uint32_t> still;
  for (auto& [asn, s] : as_) {
    if (s.touched || !s.changing_since) continue;
    size_t prefixes = 0;
    auto now = shares_now(asn, &prefixes);
    uint32_t voters = rib_.voters(false) + rib_.voters(true);
    // the same vantage points before and after (a session or collector that
    // dropped changes which paths we see, not where the origin connects), and
    // more than one prefix (one route's path change is churn, not a switch)
    if (!s.shares.empty() && !now.empty() && voters == s.voters && prefixes >= 2) {
      std::vector<uint32_t> from, to;
      double left = 0;
      for (auto [u, v] : s.shares)
        if (!now.count(u)) from.push_back(u), left += v;
      // where the routes went: new upstreams, or the ones left that took over
      for (auto [u, v] : now)
        if (!s.shares.count(u)) to.push_back(u);
      if (to.empty())
        for (auto [u, v] : now)
          if (v >= main_share && v >= 2 * s.shares.at(u)) to.push_back(u);
      if (left < main_share || to.empty()) from.clear();
      auto e = vis_.find({signal::EntityType::Asn, asn});
      bool reachable = e != UINT32_MAX && vis_.entities()[e].cur.prefixes > 0;
      if (!from.empty() && !to.empty() && reachable) {
        std::sort(from.begin(), from.end());
        std::sort(to.begin(), to.end());
        Notice n;
        n.kind = NoticeKind::Failover;
        n.start = n.end.emplace(s.changing_since);
        n.entity = signal::EntityKey{signal::EntityType::Asn, asn};
        n.from_upstreams = std::move(from);
        n.to_upstreams = std::move(to);
        out_.push_back(std::move(n));
      }
    }
    s.shares = std::move(now);
    s.voters = voters;
    s.changing_since = 0;
  }
  for (auto asn : touched_) as_[asn].touched = false;
  touched_.clear();
}

}  // namespace dw::detect
