// darkwatch detect --db FILE --events FILE.jsonl: runs the outage detector
// again over a stored replay, from the step changes the store kept (to the
// second), with thresholds of the user's choosing. No routing state is
// rebuilt, so the onset is the moment visibility crossed (not the first
// withdrawal before it) and the explanation holds what the store knows.
#include <cstdio>
#include <map>
#include <memory>
#include <stdexcept>

#include "bgp/time_text.h"
#include "cli/commands.h"
#include "cli/option_checks.h"
#include "cli/output_file.h"
#include "cli/time_option.h"
#include "detect/event_json.h"
#include "detect/outage_detector.h"
#include "engine/gap_policy.h"
#include "geo/as_names.h"
#include "store/store_reader.h"

namespace dw::cli {

namespace {

struct DetectOptions {
  std::string db, events = "-", from, until;
  uint32_t min_duration = 300;
  double min_loss = 0.05;
};

int run_detect(const DetectOptions& o) {
  check_window(o.from, o.until);
  store::StoreReader db(o.db);
  OutputFile out(o.events);  // before the work: a path that cannot be written fails now
  rib::RibState rib;  // holds only the prefixes named by the stored changes
  signal::VisibilityCounter vis(rib, nullptr, db.bin_seconds());
  detect::DetectorConfig cfg;
  cfg.min_duration = o.min_duration;
  cfg.min_loss = o.min_loss;
  detect::OutageDetector det(rib, vis, cfg);
  vis.set_listener(&det);

  std::map<int64_t, signal::EntityId> ids;
  geo::AsNames names;  // the store's entity table has the names the replay used
  for (const auto& e : db.entities()) {
    auto k = signal::EntityKey::parse(e.key());
    if (k) ids[e.id] = vis.add_entity(*k);
    if (k && k->type == signal::EntityType::Asn && !e.name.empty()) names.set(k->code, e.name);
  }
  det.set_names(&names);
  uint32_t first = static_cast<uint32_t>(std::stoul(db.meta("first_ts").empty() ? "0" : db.meta("first_ts")));
  uint32_t last = static_cast<uint32_t>(std::stoul(db.meta("last_ts").empty() ? "0" : db.meta("last_ts")));
  first = time_option(o.from, first, "--from");
  last = time_option(o.until, last, "--until");
  // the collector's own trouble, as the replay recorded it
  std::vector<detect::Notice> notices;
  for (auto& ev : db.events("", 0, UINT32_MAX)) {
    if (!ev.notice) continue;
    if (ev.notice->kind == detect::NoticeKind::CollectorGap) {
      uint32_t to = ev.end ? *ev.end : last;
      engine::apply_gap(det, ev.start, to, !db.changes(ev.start, to).empty());
    }
    notices.push_back(std::move(*ev.notice));
  }
  vis.start(first);
  vis.advance(first);
  size_t n = 0;
  for (const auto& c : db.changes(0, last + 1)) {
    auto it = ids.find(c.entity);
    if (it == ids.end() || it->second == 0) continue;
    vis.advance(c.ts);
    auto p = bgp::Prefix::parse(c.prefix);
    rib::PrefixId pid = p ? rib.intern(*p) : 0;
    vis.replay_change(it->second, {c.v4, c.v6, c.prefixes}, pid, c.visible, c.ts,
                      c.recount ? rib::ChangeCause::SessionRecount : rib::ChangeCause::Route);
    ++n;
  }
  vis.advance(last);
  det.finish(last);
  size_t k = 0;
  for (const auto& e : det.events()) {
    if (e.end && *e.end < first) continue;
    out.line(det.to_json(e));
    ++k;
  }
  for (const auto& nt : notices) out.line(detect::to_json(nt));
  out.close();
  fprintf(stderr, "darkwatch: %zu stored changes, %zu events, %zu notices\n", n, k, notices.size());
  return 0;
}

}  // namespace

void add_detect(CLI::App& app) {
  auto o = std::make_shared<DetectOptions>();
  auto* c = app.add_subcommand("detect", "Detect outages and instability again over a stored replay");
  c->add_option("--db", o->db, "the store a replay wrote (--db)")->required();
  c->add_option("--events", o->events, "write events (JSON lines) here; - for stdout")->capture_default_str();
  c->add_option("--from", o->from, "start (unix or ISO 8601)");
  c->add_option("--until", o->until, "end");
  add_detection_options(c, o->min_duration, o->min_loss);
  c->callback([o] {
    if (int rc = run_detect(*o)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
