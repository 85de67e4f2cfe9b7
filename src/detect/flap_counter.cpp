#include "detect/flap_counter.h"

#include <algorithm>
#include <cmath>

namespace dw::detect {

void FlapCounter::expire(Entity& e, uint32_t ts) {
  while (!e.losses.empty() && e.losses.front().first + cfg_.window < ts) {
    auto it = e.count.find(e.losses.front().second);
    e.losses.pop_front();
    if (it == e.count.end()) continue;
    if (it->second.n-- == cfg_.min_losses) --e.flapping;
    if (it->second.n == 0) e.count.erase(it);
  }
}

void FlapCounter::lost(signal::EntityId id, rib::PrefixId p, uint32_t ts, size_t size) {
  Entity& e = ents_[id];
  expire(e, ts);
  Count& c = e.count[p];
  if (c.n > 0 && ts < c.last + cfg_.debounce) return;
  c.last = ts;
  e.losses.push_back({ts, p});
  if (++c.n == cfg_.min_losses) ++e.flapping;
  size_t need = std::max<size_t>(cfg_.min_prefixes, static_cast<size_t>(std::ceil(cfg_.min_share * size)));
  if (!e.active && e.flapping >= need) {
    // the period began with the first loss, within the window, of a prefix now flapping
    e.active = true;
    e.in_period.clear();
    e.times.clear();
    e.returns.clear();
    for (auto [at, q] : e.losses) {
      auto it = e.count.find(q);
      if (it == e.count.end() || it->second.n < cfg_.min_losses) continue;
      ++e.in_period[q];
      e.times.push_back(at);
    }
    e.last = ts;
    return;
  }
  if (e.active && c.n >= cfg_.min_losses) {
    ++e.in_period[p];
    e.times.push_back(ts);
    e.last = ts;
  }
}

void FlapCounter::back(signal::EntityId id, rib::PrefixId p, uint32_t ts) {
  auto it = ents_.find(id);
  if (it == ents_.end() || !it->second.active) return;
  if (it->second.in_period.count(p)) it->second.returns.push_back(ts);
}

// The period is where the losses come at the flapping's own pace: a flapping
// prefix also meets ordinary churn before and after (it stays counted for a
// window), and those stray losses, far apart compared with the flapping (20
// times its median gap, at least two minutes), do not stretch the period.
FlapCounter::Period FlapCounter::close(signal::EntityId id, Entity& e) {
  auto& t = e.times;
  std::sort(t.begin(), t.end());
  std::vector<uint32_t> gaps;
  for (size_t i = 1; i < t.size(); ++i) gaps.push_back(t[i] - t[i - 1]);
  uint32_t limit = cfg_.window;
  if (!gaps.empty()) {
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
    limit = std::clamp<uint32_t>(20 * gaps[gaps.size() / 2], 120, cfg_.window);
  }
  // a loss belongs when the two next to it (on the inner side) come within the limit
  size_t a = 0, b = t.size();
  while (b - a >= 3 && t[a + 2] - t[a] > limit) ++a;
  while (b - a >= 3 && t[b - 1] - t[b - 3] > limit) --b;
  uint32_t start = t.empty() ? e.last : t[a], last = t.empty() ? e.last : t[b - 1];
  // it ends with the return that follows the last loss (or at that loss, if nothing came back)
  uint32_t end = last;
  for (auto r : e.returns)
    if (r >= last && r <= last + limit && (end == last || r < end)) end = r;
  Period out{id, start, end, 0, 0, {}};
  std::vector<std::pair<uint32_t, rib::PrefixId>> by;
  for (auto [q, n] : e.in_period) {
    out.losses += n;
    out.most = std::max(out.most, n);
    by.push_back({n, q});
  }
  std::sort(by.begin(), by.end(), [](auto a, auto b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  for (auto [n, q] : by) out.prefixes.push_back(q);
  e.active = false;
  e.in_period.clear();
  e.times.clear();
  e.returns.clear();
  return out;
}

std::vector<FlapCounter::Period> FlapCounter::take_finished(uint32_t now, bool all) {
  std::vector<Period> out;
  for (auto it = ents_.begin(); it != ents_.end();) {
    Entity& e = it->second;
    if (e.active && (all || now >= e.last + cfg_.window)) out.push_back(close(it->first, e));
    expire(e, now);
    if (!e.active && e.losses.empty()) it = ents_.erase(it);
    else ++it;
  }
  std::sort(out.begin(), out.end(), [](const Period& a, const Period& b) { return a.start < b.start; });
  return out;
}

}  // namespace dw::detect
