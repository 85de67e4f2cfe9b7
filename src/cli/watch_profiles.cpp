#include "cli/watch_profiles.h"

#include <cstdio>

namespace dw::cli {

WatchProfiles::WatchProfiles(engine::Engine& eng, const geo::CountryDb* geo, RunOutputs& outputs)
    : as_registry_(as_registry_for(geo)),
      // a tee: no next sink (the runtime hands each event to the engine itself)
      paths_(eng.rib(), nullptr),
      daily_(paths_, geo, as_registry_.get(), outputs.names(), outputs.store()),
      rib_(eng.rib()),
      bin_(eng.visibility().bin_seconds()) {}

std::unique_ptr<WatchProfiles> WatchProfiles::attach(engine::Engine& eng, watch::Runtime& runtime,
                                                     const geo::CountryDb* geo, RunOutputs& outputs) {
  if (!outputs.store()) return nullptr;
  auto p = std::make_unique<WatchProfiles>(eng, geo, outputs);
  runtime.add_tee(p.get());
  eng.detector().set_exposure_note([d = &p->daily_](const signal::EntityKey& k) { return d->note(k); });
  return p;
}

void WatchProfiles::on_event(const feed::RouteEvent& e) {
  bool timed = e.kind == feed::EventKind::Element || e.kind == feed::EventKind::Tick;
  if (timed && e.ts > clock_) {
    // a bin of the data clock closed (the state is as it was at its end: this
    // event is not applied yet); the first one of a UTC day takes the profiles
    uint32_t bin_end = e.ts - e.ts % bin_;
    if (clock_ && bin_end > clock_ && bin_end / 86400 != last_day_ && has_vantage_points()) {
      daily_.take(bin_end);
      last_day_ = bin_end / 86400;
    }
    clock_ = e.ts;
  }
  paths_.on_event(e);
}

// Full-feed vantage points, as the profiles use them: none while the
// sessions of a starting run still warm up (no RIB dump says they are full)
bool WatchProfiles::has_vantage_points() const {
  for (const auto& p : rib_.peers())
    if (p.up && !p.stale && (p.full4 || p.full6)) return true;
  return false;
}

void WatchProfiles::finish() {
  if (clock_ && clock_ / 86400 != last_day_) {
    daily_.take(clock_);
    last_day_ = clock_ / 86400;
  }
  fprintf(stderr, "darkwatch: exposure profiles: %llu (every country and origin AS per day) in %.2f s; %zu distinct AS paths, %.0f MB\n",
          (unsigned long long)daily_.profiles(), daily_.seconds(), paths_.table().size(), paths_.bytes() / 1e6);
}

}  // namespace dw::cli
