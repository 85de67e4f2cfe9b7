#include "cli/watch_profiles.h"

#include <cstdio>
#include <optional>

#include "bgp/state_io.h"
#include "store/store_reader.h"

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

namespace {
// The saved form: the day of the latest profile, the clock, the keeper's bytes.
struct Saved {
  uint32_t clock = 0, last_day = 0;
  std::vector<uint8_t> paths;
  template <class S>
  void state_io(S& s) {
    bgp::fields(s, clock, last_day, paths);
  }
};
}  // namespace

void WatchProfiles::save(store::SignalStore& st, uint32_t ts) const {
  Saved v{clock_, last_day_, {}};
  paths_.save_state(v.paths);
  std::vector<uint8_t> out;
  bgp::save_state(v, out);
  st.save_checkpoint(kCheckpointKey, ts, out);
}

void WatchProfiles::restore(const std::string& db, uint32_t ts) {
  std::optional<store::StoredCheckpoint> ck;
  try {
    ck = store::StoreReader(db).checkpoint(kCheckpointKey);
  } catch (const std::exception& e) {
    fprintf(stderr, "darkwatch: warning: %s: exposure paths not read: %s\n", db.c_str(), e.what());
    return;
  }
  auto fresh = [&](const char* why) {
    fprintf(stderr, "darkwatch: exposure paths: %s; they come back with the routes' next announcements\n", why);
  };
  if (!ck) return fresh("none in the checkpoint");
  if (ck->ts != ts) return fresh("the ones stored are from another checkpoint than the engine's");
  Saved v;
  auto st = bgp::load_state(v, ck->bytes, "watch exposure");
  if (st) st = paths_.load_state(v.paths);
  if (!st) {
    fprintf(stderr, "darkwatch: warning: %s: exposure paths: %s\n", db.c_str(), st.error().describe().c_str());
    return fresh("not restored");
  }
  clock_ = v.clock, last_day_ = v.last_day;
  fprintf(stderr, "darkwatch: exposure paths resumed: %zu distinct AS paths, %.0f MB\n", paths_.table().size(),
          paths_.bytes() / 1e6);
}

}  // namespace dw::cli
