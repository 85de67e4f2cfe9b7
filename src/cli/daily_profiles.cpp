#include "cli/daily_profiles.h"

#include <chrono>

#include "cli/geo_choice.h"
#include "exposure/profile.h"

namespace dw::cli {

std::unique_ptr<geo::CountryDb> as_registry_for(const geo::CountryDb* geo) {
  if (!geo || geo->describe().rfind("mmdb", 0) != 0) return nullptr;
  std::string rir = find_data_file("data/geo/rir-delegated-2014.txt.xz");
  if (rir.empty()) return nullptr;
  return geo::CountryDb::open_delegated({rir});
}

void DailyProfiles::take(uint32_t ts) {
  auto t0 = std::chrono::steady_clock::now();
  taken_ = true;
  day_ = ts / 86400;
  exposure::Profiler pr(paths_, geo_, names_, as_registry_);
  auto keep = [&](const exposure::Entity& e) {
    auto p = pr.profile(e, {}, false);
    p.at = ts;
    auto j = exposure::to_json(p);
    if (p.seen > 0) notes_[e.str()] = exposure::summary(j);
    if (db_) db_->add_profile(e.str(), ts, j.dump());
    ++profiles_;
  };
  for (const auto& e : pr.countries()) keep(e);
  for (const auto& e : pr.origins()) keep(e);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string DailyProfiles::note(const signal::EntityKey& k) const {
  auto it = notes_.find(k.str());
  return it == notes_.end() ? std::string() : it->second;
}

}  // namespace dw::cli
