// watch across restarts (issue 10 "Restarts lose nothing", "--warm"): the
// engine starts from the checkpoint in the store when there is one, else
// from an archive (--warm, the same warm_from_archive replay uses), else
// cold; while it runs its checkpoint is saved into the store every N seconds
// on the engine thread (watch::Runtime::on_second) and once more at exit,
// so a `kill -9` loses at most N seconds (docs/watch.md "Restarts").
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "engine/engine.h"
#include "store/signal_store.h"

namespace dw::cli {

struct WatchStart {
  bool resumed = false;  // from the store's checkpoint: the store is written on, not replaced
  bool warmed = false;
  uint32_t live_start = 0;  // after a warm start: what ended before it is not reported
};

// Before any output is attached (nothing the engine holds then is news).
// A checkpoint that is missing, damaged or of another configuration is a
// warning, never a refusal to start; with one, --warm is not run (the engine
// is warm already).
WatchStart start_engine(engine::Engine& eng, const std::string& db, const std::string& warm);

class WatchCheckpoints {
 public:
  explicit WatchCheckpoints(uint32_t every_seconds) : every_(every_seconds) {}
  // Runtime::on_second: a checkpoint when `every` seconds of wall time passed.
  void on_second(engine::Engine& eng, store::SignalStore* st, uint32_t wall);
  // Now (at exit, before Engine::finish closes what is open). False when the
  // engine cannot be checkpointed at this moment (inside a RIB dump).
  bool save(engine::Engine& eng, store::SignalStore* st);
  uint64_t saved() const { return saved_; }
  // Also saved with every checkpoint, under its own key and the same time
  // (the exposure paths: WatchProfiles::save).
  void also(std::function<void(store::SignalStore&, uint32_t ts)> f) { also_ = std::move(f); }

 private:
  std::function<void(store::SignalStore&, uint32_t)> also_;
  uint32_t every_, last_ = 0;
  uint64_t saved_ = 0;
};

}  // namespace dw::cli
