#include "cli/watch_checkpoint.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "bgp/time_text.h"
#include "cli/warm_start.h"

namespace dw::cli {

WatchStart start_engine(engine::Engine& eng, const std::string& db, const std::string& warm) {
  WatchStart s;
  if (!db.empty() && std::filesystem::exists(db)) {
    std::string why;
    auto t = std::chrono::steady_clock::now();
    s.resumed = resume_from_store(eng, db, kEngineCheckpointKey, &why);
    if (s.resumed) {
      fprintf(stderr, "darkwatch: resumed from the checkpoint in %s (event time %s, %zu prefixes, %zu peers) in %.3f s\n",
              db.c_str(), bgp::iso8601(eng.now()).c_str(), eng.rib().prefixes().size(), eng.rib().peers().size(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count());
      if (!warm.empty()) fprintf(stderr, "darkwatch: --warm %s not run: the checkpoint is warm already\n", warm.c_str());
      // what the peers withdrew while we were down is still in their tables:
      // each returning session's table sweeps it (rib::RibState::await_refresh)
      auto& rib = eng.rib();
      rib.await_refresh(rib.warmup_seconds);
      fprintf(stderr,
              "darkwatch: %zu peers awaited: a session that comes back has %u s to send its table again (what it "
              "leaves out is swept); one not heard again within %u s is taken as down\n",
              rib.refreshing(), rib.warmup_seconds, rib.warmup_seconds);
      return s;
    }
    fprintf(stderr, "darkwatch: warning: %s; starting %s\n", why.c_str(), warm.empty() ? "cold" : "from --warm");
  }
  if (warm.empty()) return s;
  auto t = std::chrono::steady_clock::now();
  auto w = warm_from_archive(eng, {warm});
  s.warmed = true;
  s.live_start = w.until;
  fprintf(stderr,
          "darkwatch: warm start: %s to %s, %llu records, %llu elements in %.1f s; %zu events and %zu notices "
          "held (not reported unless they last into the live part)\n",
          bgp::iso8601(w.from).c_str(), bgp::iso8601(w.until).c_str(), (unsigned long long)w.records,
          (unsigned long long)w.elements, std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count(),
          w.events, w.notices);
  return s;
}

void WatchCheckpoints::on_second(engine::Engine& eng, store::SignalStore* st, uint32_t wall) {
  if (!every_ || !st || !eng.started()) return;
  if (!last_) last_ = wall;
  if (wall < last_ + every_) return;
  if (save(eng, st)) last_ = wall;
}

bool WatchCheckpoints::save(engine::Engine& eng, store::SignalStore* st) {
  if (!st || !eng.started()) return false;
  auto ck = eng.checkpoint();
  if (!ck) return false;  // inside a RIB dump: the next second
  st->save_checkpoint(kEngineCheckpointKey, eng.now(), *ck);
  if (also_) also_(*st, eng.now());
  ++saved_;
  return true;
}

}  // namespace dw::cli
