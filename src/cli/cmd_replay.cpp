// darkwatch replay ARCHIVE...: routing state, per-entity signals and events.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include "alert/alert.h"
#include "bgp/time_text.h"
#include "cli/commands.h"
#include "cli/modules.h"
#include "cli/geo_choice.h"
#include "cli/option_checks.h"
#include "cli/output_file.h"
#include "cli/replay_inputs.h"
#include "cli/run_outputs.h"
#include "cli/time_option.h"
#include "detect/event_json.h"
#include "engine/engine.h"
#include "feed/codec.h"
#include "mrt/archive.h"
#include "mrt/archive_source.h"
#include "store/signal_store.h"
#include "store/store_file.h"
#include "signal/visibility.h"

namespace dw::cli {

namespace {

struct ReplayOptions {
  std::vector<std::string> archives;
  std::string from, until, events, signals_csv, geo, entity, db, as_names;
  std::vector<std::string> alert_files, alert_webhooks;
  bool alert_syslog = false;
  std::vector<std::string> geo_delegated;
  bool check = false;
  bool via_feed = false;
  uint32_t bin = 300;
  uint32_t min_duration = 300;
  double min_loss = 0.05;
};

// Per-bin signals as CSV, written as bins close (sparse like the store: a row
// when something moved; see docs/store.md).
struct CsvSignals : signal::SignalListener {
  CsvSignals(OutputFile& f, const signal::VisibilityCounter& v, std::string only)
      : file(f), vis(v), entity(only.empty() ? only : signal::EntityKey::parse(only)->str()) {
    file.write("entity,bin_start,ipv4_24s,ipv6_48s,prefixes,ipv4_24s_low,announcements,withdrawals,full_peers_up,upstreams\n");
  }
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool, uint32_t,
                 rib::ChangeCause) override {}
  void on_bin(uint32_t start, uint32_t) override {
    std::ostringstream out;
    for (const auto& e : vis.entities()) {
      if (!entity.empty() ? e.key.str() != entity : !e.changed) continue;
      const auto& r = e.closed;
      out << e.key.str() << ',' << bgp::iso8601(start) << ',' << r.end.v4 << ',' << r.end.v6 << ',' << r.end.prefixes
          << ',' << r.low.v4 << ',' << r.announcements << ',' << r.withdrawals << ',' << r.peers << ','
          << r.upstreams << '\n';
    }
    file.write(out.str());
  }
  OutputFile& file;
  const signal::VisibilityCounter& vis;
  std::string entity;
};

// --entity names one entity for the CSV: one the archive never showed is an
// error (its CSV would hold only a header), not an empty success.
void check_entity_seen(const signal::VisibilityCounter& vis, const std::string& key) {
  auto k = signal::EntityKey::parse(key);
  for (const auto& e : vis.entities())
    if (k && e.key.type == k->type && e.key.code == k->code) return;
  throw std::runtime_error("--entity " + key + ": no such entity in this archive (darkwatch entities --db FILE lists "
                           "those of a stored run)");
}

// Times the engine's work on updates (state, signals, detection), decoding
// excluded; and, for --via-feed, sends every event through the binary
// route-event encoding first, as a source in another process would.
struct EngineInput : feed::EventSink {
  EngineInput(engine::Engine& e, bool via) : eng(e), via_feed(via) {}
  void on_event(const feed::RouteEvent& e) override {
    if (via_feed) {
      buf.clear();
      feed::encode(e, buf);
      auto n = decoder.decode(buf, copy);
      if (!n) throw std::runtime_error("--via-feed: " + n.error().describe());
      return deliver(copy);
    }
    deliver(e);
  }
  void deliver(const feed::RouteEvent& e) {
    if (e.kind == feed::EventKind::RibBegin) in_dump = true;
    if (e.kind == feed::EventKind::RibEnd) in_dump = false;
    if (in_dump || e.kind != feed::EventKind::Element) return eng.on_event(e);
    auto t = std::chrono::steady_clock::now();
    eng.on_event(e);
    apply_time += std::chrono::steady_clock::now() - t;
  }
  engine::Engine& eng;
  bool via_feed;
  bool in_dump = false;
  std::vector<uint8_t> buf;
  feed::FeedDecoder decoder;
  feed::RouteEvent copy;
  std::chrono::steady_clock::duration apply_time{};
};

}  // namespace

static int run_replay(const ReplayOptions& o) {
  // every option and output is checked before anything is read or replaced
  check_window(o.from, o.until);
  std::optional<int64_t> from, until;
  if (!o.from.empty()) from = time_option(o.from, 0, "--from");
  if (!o.until.empty()) until = time_option(o.until, 0, "--until");
  OutputOptions oo;
  oo.events = o.events, oo.db = o.db, oo.as_names = o.as_names;
  oo.alert_files = o.alert_files, oo.alert_webhooks = o.alert_webhooks, oo.alert_syslog = o.alert_syslog;
  oo.bin = o.bin;
  for (const auto& x : o.archives) oo.inputs += (oo.inputs.empty() ? "" : " ") + x;
  RunOutputs outputs(oo);  // the store's target checked first
  auto archive = find_replay_archive(o.archives);

  uint32_t archive_start = UINT32_MAX;
  for (const auto& c : archive)
    for (const auto* fs : {&c.ribs, &c.updates})
      if (!fs->empty()) archive_start = std::min(archive_start, fs->front().ts);
  if (from) archive_start = static_cast<uint32_t>(*from);
  auto geo = choose_geo(o.geo, o.geo_delegated, archive_start == UINT32_MAX ? 0 : archive_start);
  // outputs last among the checks (opening truncates), and before the work
  outputs.open();
  std::unique_ptr<OutputFile> csv_out;
  if (!o.signals_csv.empty()) csv_out = std::make_unique<OutputFile>(o.signals_csv);

  engine::EngineConfig cfg;
  cfg.bin_seconds = o.bin;
  cfg.detector.min_duration = o.min_duration;
  cfg.detector.min_loss = o.min_loss;
  cfg.list_differences = o.check;
  engine::Engine eng(geo.get(), cfg);
  auto& det = eng.detector();
  std::unique_ptr<CsvSignals> csv;
  if (!o.signals_csv.empty()) {
    csv = std::make_unique<CsvSignals>(*csv_out, eng.visibility(), o.entity);
    eng.add_output(csv.get());
  }
  outputs.attach(eng, geo.get());  // AS names, alerts, the store

  bool tty = isatty(2);
  const char* clear = tty ? "\r\033[K" : "";
  eng.on_damage([&](std::string_view, const std::string& m) { fprintf(stderr, "%sdarkwatch: %s\n", clear, m.c_str()); });
  eng.on_rib_checked([&](std::string_view coll, uint32_t ts, uint64_t n, const std::vector<std::string>& diffs) {
    fprintf(stderr, "%sdarkwatch: %.*s: RIB %s: %llu differences from the state built from updates\n", clear,
            (int)coll.size(), coll.data(), bgp::iso8601(ts).c_str(), (unsigned long long)n);
    for (const auto& d : diffs) fprintf(stderr, "  %s\n", d.c_str());
  });

  // each collector starts from its last RIB dump at or before the window
  auto as_u32 = [](const std::optional<int64_t>& t) {
    return t ? std::optional<uint32_t>(static_cast<uint32_t>(*t)) : std::nullopt;
  };
  mrt::ArchiveSource source(archive, as_u32(from), as_u32(until));
  auto started = std::chrono::steady_clock::now();
  EngineInput input(eng, o.via_feed);
  if (tty)
    source.set_progress([&](uint32_t ts) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      size_t fo = source.files_opened(), ft = std::max<size_t>(source.files_total(), 1);
      int bar = static_cast<int>(20 * fo / ft);
      fprintf(stderr, "\r\033[Kreplay [%.*s%*s] %zu/%zu files  %s  %llu records  %.0f elements/s", bar,
              "####################", 20 - bar, "", fo, ft, bgp::iso8601(ts).c_str(),
              (unsigned long long)source.records(), eng.elements() / std::max(secs, 1e-3));
    });
  source.run(input);
  eng.finish(as_u32(until));
  const auto& notices = eng.notices();
  uint64_t records = source.records(), elements = eng.elements();
  if (tty) fprintf(stderr, "\r\033[K");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fprintf(stderr,
          "darkwatch: replayed %zu collector(s), %llu records, %llu elements in %.1f s (%.0f elements/s); "
          "%zu peers, %zu prefixes; %llu RIB differences; %zu events, %zu notices\n",
          archive.size(), (unsigned long long)records, (unsigned long long)elements, secs, elements / std::max(secs, 1e-3),
          eng.rib().peers().size(), eng.rib().prefixes().size(), (unsigned long long)eng.rib_differences(),
          det.events().size(), notices.size());
  for (size_t i = 0; i < archive.size(); ++i)
    fprintf(stderr, "darkwatch: %s: %s\n", archive[i].name.c_str(), mrt::describe(source.stats(i)).c_str());
  double at = std::chrono::duration<double>(input.apply_time).count();
  fprintf(stderr, "darkwatch: applying updates (state, signals, detection; decoding excluded): %.2f s, %.0f elements/s\n",
          at, elements / std::max(at, 1e-6));
  const auto& vis = eng.visibility();
  fprintf(stderr, "darkwatch: special-purpose space ignored (no country, AS or signal): %s\n", vis.ignored_summary().c_str());
  auto total = source.stats();

  if (records == 0)
    fprintf(stderr,
            "darkwatch: no update records in the window: the state is the RIB dump's (%llu records read: %zu "
            "peers, %zu prefixes); no change over time to store\n",
            (unsigned long long)total.records, eng.rib().peers().size(), eng.rib().prefixes().size());
  if (csv_out) csv_out->close();
  outputs.finish(eng);  // events file, alerts sent, the store committed
  if (!o.entity.empty()) check_entity_seen(vis, o.entity);
  return (total.damaged || total.frame_errors || total.stream_error) ? 1 : 0;
}

void add_replay(CLI::App& app) {
  auto o = std::make_shared<ReplayOptions>();
  auto* c = app.add_subcommand("replay", "Rebuild routing state from archives; signals and outage events");
  c->add_option("archives", o->archives, "archive folders (RouteViews or RIS layout) or files")->required();
  c->add_option("--from", o->from, "start of the window (unix or ISO 8601)");
  c->add_option("--until", o->until, "end of the window");
  c->add_option("--events", o->events, "write events (JSON lines) here; - for stdout");
  c->add_option("--db", o->db,
                "store signals, step changes and events in this SQLite database (a previous darkwatch database there "
                "is replaced when the run succeeds; anything else is refused)");
  auto* csv = c->add_option("--signals-csv", o->signals_csv, "write per-bin signals as CSV (rows where something moved)");
  c->add_option("--entity", o->entity, "with --signals-csv: only this entity, every bin (country:KP, asn:131279, table)")
      ->check(kEntityCheck)
      ->needs(csv);
  c->add_option("--geo", o->geo, "country database: a MaxMind-format file, 'rir' (the bundled 2014 RIR snapshot), 'none' (origin ASes only) or 'auto' (default: the source nearest in time to the archive)");
  c->add_option("--geo-delegated", o->geo_delegated, "RIR delegated files instead of --geo");
  c->add_option("--as-names", o->as_names,
                "AS names: JSON {asn: name} or CSV; default the file setup installs; 'none' for numbers only");
  c->add_option("--alert", o->alert_files, "send alerts as JSON lines to this file (- for stdout); repeatable");
  c->add_option("--alert-webhook", o->alert_webhooks, "POST alerts as JSON (Slack-compatible) to this URL; repeatable");
  c->add_flag("--alert-syslog", o->alert_syslog, "send alerts to syslog");
  c->add_flag("--via-feed", o->via_feed,
              "debug: send every route event through the binary feed encoding before the engine")
      ->group("");
  c->add_flag("--check", o->check, "list every difference between later RIB dumps and the replayed state");
  c->add_option("--bin", o->bin, "bin width in seconds (1 to 86400)")->capture_default_str()->check(kBinRange);
  add_detection_options(c, o->min_duration, o->min_loss);
  c->callback([o] {
    int rc = run_replay(*o);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
