// Exposure profiles during `watch --db` (issue 12 §7), as `replay --db`
// keeps them. A tee of the runtime (on the engine thread, before the engine
// sees each event) feeds a PathKeeper with every route's whole AS path and
// follows the data clock (the newest time of any event or tick): at the
// first bin that closes in each UTC day of that clock with full-feed vantage
// points (a starting run's sessions warm up first: no RIB dump says they are
// full), a profile of every country and origin AS goes into the live store
// (DailyProfiles, the same code as replay), and outage explanations get the
// entity's latest sentence. The clock is the data's own, so a recorded feed (a RIS Live
// file) gets its days as a live one does, though the runtime ticks only
// live feeds. At the end, the last day of the clock gets one if it has none.
// One call from cmd_watch.cpp.
#pragma once
#include <memory>
#include <string>

#include "cli/daily_profiles.h"
#include "cli/run_outputs.h"
#include "engine/engine.h"
#include "exposure/path_keeper.h"
#include "watch/runtime.h"

namespace dw::cli {

class WatchProfiles : public feed::EventSink {
 public:
  // Before runtime.start(); null when there is no store (--db) to keep them in.
  static std::unique_ptr<WatchProfiles> attach(engine::Engine& eng, watch::Runtime& runtime,
                                               const geo::CountryDb* geo, RunOutputs& outputs);
  WatchProfiles(engine::Engine& eng, const geo::CountryDb* geo, RunOutputs& outputs);
  void on_event(const feed::RouteEvent& e) override;
  // After the engine thread ended and before the store is finished: the last
  // day's profile when it has none, and what was kept, on stderr.
  void finish();
  // With each engine checkpoint (WatchCheckpoints::also): the routes' paths
  // and the day of the latest profile, under kCheckpointKey at the same time.
  void save(store::SignalStore& st, uint32_t ts) const;
  // After the engine resumed from the checkpoint of time `ts`: the paths
  // saved with it, when the store has them from that same checkpoint (a kill
  // between the two saves leaves older ones: not used, the paths come back
  // with the routes' next announcements). Says what it did on stderr.
  void restore(const std::string& db, uint32_t ts);
  static constexpr const char* kCheckpointKey = "watch-exposure";

 private:
  bool has_vantage_points() const;
  std::unique_ptr<geo::CountryDb> as_registry_;
  exposure::PathKeeper paths_;
  DailyProfiles daily_;
  const rib::RibState& rib_;
  uint32_t bin_;
  uint32_t clock_ = 0;  // the newest time seen
  uint32_t last_day_ = UINT32_MAX;  // UTC day of the latest profile
};

}  // namespace dw::cli
