#include "cli/warm_start.h"

#include <exception>

#include "cli/replay_inputs.h"
#include "mrt/archive_source.h"
#include "store/store_file.h"
#include "store/store_reader.h"

namespace dw::cli {

namespace {

// Notes the warm period's span on the way to the engine.
struct WarmInput : feed::EventSink {
  explicit WarmInput(engine::Engine& e) : eng(e) {}
  void on_event(const feed::RouteEvent& e) override {
    if (e.kind == feed::EventKind::Tick || e.kind == feed::EventKind::Element) {
      if (!from || e.ts < from) from = e.ts;
      until = std::max(until, e.ts);
    }
    eng.on_event(e);
  }
  engine::Engine& eng;
  uint32_t from = 0, until = 0;
};

}  // namespace

WarmSummary warm_from_archive(engine::Engine& eng, const std::vector<std::string>& paths,
                              std::optional<uint32_t> until) {
  auto archive = find_replay_archive(paths);
  mrt::ArchiveSource source(archive, std::nullopt, until);
  WarmInput in(eng);
  uint64_t before = eng.elements();
  source.run(in);
  WarmSummary s;
  s.records = source.records();
  s.elements = eng.elements() - before;
  s.from = in.from;
  s.until = in.until;
  s.events = eng.detector().events().size();
  s.notices = eng.notices().size();
  return s;
}

bool resume_from_store(engine::Engine& eng, const std::string& db, const std::string& key, std::string* why) {
  std::optional<store::StoredCheckpoint> ck;
  try {
    if (auto w = store::why_not_a_store(db); !w.empty()) {
      *why = db + ": " + w;
      return false;
    }
    store::StoreReader r(db);
    ck = r.checkpoint(key);
  } catch (const std::exception& e) {
    *why = db + ": " + e.what();
    return false;
  }
  if (!ck) {
    *why = db + ": no checkpoint '" + key + "' stored";
    return false;
  }
  auto st = eng.restore(ck->bytes);
  if (!st) {
    *why = db + ": checkpoint '" + key + "' of " + std::to_string(ck->ts) + ": " + st.error().describe();
    return false;
  }
  return true;
}

}  // namespace dw::cli
