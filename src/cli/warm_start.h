// Warm start and restart resume (issue 10 `--warm`, "Restarts lose
// nothing"): what `watch` calls before its live sources start, and what the
// hidden replay options use to prove it (docs/engine.md "Checkpoints and
// warm start").
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace dw::cli {

struct WarmSummary {
  uint64_t records = 0, elements = 0;
  uint32_t from = 0, until = 0;  // the warm period's first and last event time
  size_t events = 0, notices = 0;  // raised during it (kept in the engine, not reported)
};

// Runs an archive (typically the last day of MRT: a RIB dump and updates)
// through the engine up to `until` (exclusive; default: the archive's end),
// so that routing state and the 24-hour baselines are ready when live data
// starts. Call it before attaching outputs and the alert observer: the warm
// period raises no alert and writes no signal row. Events and notices it
// raises stay in the engine: one still open at the end goes on (and its
// end is reported live); those over before the live start are not reported
// (see warm_filter). Throws when the archive has no collector (like replay).
WarmSummary warm_from_archive(engine::Engine& eng, const std::vector<std::string>& paths,
                              std::optional<uint32_t> until = std::nullopt);

// Of what a warm engine holds, what a live run reports: an event or notice
// that lasts into the live period (end null or at or after live_start).
inline bool reported_after_warm(std::optional<uint32_t> end, uint32_t live_start) {
  return !end || *end >= live_start;
}

// Restores the engine from the checkpoint stored under `key` in the store at
// `db`. False, with the reason in *why, when there is none or it is refused
// (damaged, truncated, older, another configuration): the engine is then
// as it was (cold), and the caller goes on cold with a warning; a restart
// must never refuse to start.
bool resume_from_store(engine::Engine& eng, const std::string& db, const std::string& key, std::string* why);

// The key the engine's checkpoint is stored under (one engine per store today;
// engines partitioned by collector will key by partition).
inline constexpr const char* kEngineCheckpointKey = "engine";

}  // namespace dw::cli
