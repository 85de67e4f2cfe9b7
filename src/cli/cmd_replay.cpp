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
#include "cli/daily_profiles.h"
#include "cli/modules.h"
#include "cli/geo_choice.h"
#include "cli/option_checks.h"
#include "cli/output_file.h"
#include "cli/replay_inputs.h"
#include "cli/time_option.h"
#include "cli/warm_start.h"
#include "detect/event_json.h"
#include "engine/engine.h"
#include "exposure/path_keeper.h"
#include "feed/codec.h"
#include "mrt/archive.h"
#include "mrt/archive_source.h"
#include "record/recorder.h"
#include "store/signal_store.h"
#include "store/store_file.h"
#include "store/store_reader.h"
#include "signal/visibility.h"

namespace dw::cli {

namespace {

struct ReplayOptions {
  std::vector<std::string> archives;
  std::string from, until, events, signals_csv, geo, entity, db, as_names;
  std::string profiles = "auto";
  std::vector<std::string> alert_files, alert_webhooks;
  bool alert_syslog = false;
  std::vector<std::string> geo_delegated;
  bool check = false;
  bool via_feed = false;
  std::string record_dir;  // --record: what the archive source hands out, written again as MRT
  // checkpoints and warm start (docs/engine.md): --warm is for users; the
  // others are hidden, to prove that a restart loses nothing
  std::vector<std::string> warm;
  std::string stop_at;
  bool resume = false;
  uint32_t checkpoint_every = 0;  // minutes of event time
  std::string record_ribs = "clock";
  uint32_t bin = 300;
  uint32_t min_duration = 300;
  double min_loss = 0.05;
  uint32_t warmup = 600;
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
  EngineInput(engine::Engine& e, bool via, feed::EventSink* tee) : eng(e), via_feed(via), record(tee) {}
  void on_event(const feed::RouteEvent& e) override {
    if (record) record->on_event(e);
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
    if (stopped) return;
    // --stop-at: the first event at or after it, outside a RIB dump, is where
    // the first process stops (and the restored one goes on)
    if (stop_at && !in_dump && e.ts >= *stop_at) {
      stopped = true;
      return;
    }
    // --resume: what the checkpoint has seen already, per source
    if (!resume_at.empty()) {
      auto it = resume_at.find(e.source);
      if (it != resume_at.end() && e.seq <= it->second) {
        in_dump = e.kind == feed::EventKind::RibBegin ? true : e.kind == feed::EventKind::RibEnd ? false : in_dump;
        return;
      }
    }
    // after --warm the engine has its state: the live part's starting dump is
    // the warm period's end again, not news
    if (skip_initial_dump && e.initial && e.kind == feed::EventKind::RibBegin) in_initial = true;
    if (in_initial) {
      if (e.kind == feed::EventKind::RibEnd) in_initial = false;
      return;
    }
    if (e.kind == feed::EventKind::RibBegin) in_dump = true;
    if (e.kind == feed::EventKind::RibEnd) in_dump = false;
    if (in_dump || e.kind != feed::EventKind::Element) return eng.on_event(e);
    auto t = std::chrono::steady_clock::now();
    eng.on_event(e);
    apply_time += std::chrono::steady_clock::now() - t;
  }
  engine::Engine& eng;
  bool via_feed;
  feed::EventSink* record;
  bool in_dump = false;
  std::optional<uint32_t> stop_at;
  bool stopped = false;
  std::map<std::string, uint64_t, std::less<>> resume_at;
  bool skip_initial_dump = false, in_initial = false;
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
  std::optional<uint32_t> stop_at;
  if (!o.stop_at.empty()) stop_at = static_cast<uint32_t>(time_option(o.stop_at, 0, "--stop-at"));
  if ((stop_at || o.resume || o.checkpoint_every) && o.db.empty())
    throw std::runtime_error("--stop-at, --resume and --checkpoint-every need --db (the checkpoint is kept in the store)");
  // The exposure stage's path table is not in the engine's checkpoint yet: a
  // run that stops or resumes keeps no profiles (docs/engine.md).
  std::string profiles = o.profiles;
  if ((stop_at || o.resume) && profiles == "on")
    throw std::runtime_error("--profiles on with --stop-at or --resume: exposure profiles are not checkpointed yet");
  if (stop_at || o.resume) profiles = "off";
  if (!o.warm.empty() && o.resume)
    throw std::runtime_error("--warm with --resume: an engine restored from its checkpoint is warm already");
  std::unique_ptr<store::StagedStore> staged;  // the new database, renamed into place at the end
  if (!o.db.empty() && !o.resume) staged = std::make_unique<store::StagedStore>(o.db);
  auto archive = find_replay_archive(o.archives);

  uint32_t archive_start = UINT32_MAX;
  for (const auto& c : archive)
    for (const auto* fs : {&c.ribs, &c.updates})
      if (!fs->empty()) archive_start = std::min(archive_start, fs->front().ts);
  if (from) archive_start = static_cast<uint32_t>(*from);
  auto geo = choose_geo(o.geo, o.geo_delegated, archive_start == UINT32_MAX ? 0 : archive_start);
  if (!o.as_names.empty() && o.as_names != "none" && !std::filesystem::is_regular_file(o.as_names))
    throw std::runtime_error("--as-names " + o.as_names + ": no such file");
  // outputs last among the checks (opening truncates), and before the work
  std::unique_ptr<OutputFile> events_out, csv_out;
  if (!o.events.empty()) events_out = std::make_unique<OutputFile>(o.events);
  if (!o.signals_csv.empty()) csv_out = std::make_unique<OutputFile>(o.signals_csv);

  auto as_u32 = [](const std::optional<int64_t>& t) {
    return t ? std::optional<uint32_t>(static_cast<uint32_t>(*t)) : std::nullopt;
  };
  engine::EngineConfig cfg;
  cfg.bin_seconds = o.bin;
  cfg.detector.min_duration = o.min_duration;
  cfg.detector.min_loss = o.min_loss;
  cfg.list_differences = o.check;
  engine::Engine eng(geo.get(), cfg);
  eng.rib().warmup_seconds = o.warmup;
  // before any output or observer: a restored or warmed engine has raised
  // nothing yet that this run must send or store again
  bool resumed = false;
  if (o.resume) {
    std::string why;
    auto t = std::chrono::steady_clock::now();
    resumed = resume_from_store(eng, o.db, kEngineCheckpointKey, &why);
    if (resumed)
      fprintf(stderr, "darkwatch: resumed from the checkpoint in %s (event time %s) in %.3f s\n", o.db.c_str(),
              bgp::iso8601(eng.now()).c_str(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count());
    else
      fprintf(stderr, "darkwatch: warning: %s; starting cold\n", why.c_str());
    if (!resumed) staged = std::make_unique<store::StagedStore>(o.db);
  }
  std::optional<WarmSummary> warm;
  if (!o.warm.empty()) {
    auto t = std::chrono::steady_clock::now();
    warm = warm_from_archive(eng, o.warm, as_u32(from));
    fprintf(stderr,
            "darkwatch: warm start: %s to %s, %llu records, %llu elements in %.1f s; %zu events and %zu notices "
            "held (not reported unless they last into the live part)\n",
            bgp::iso8601(warm->from).c_str(), bgp::iso8601(warm->until).c_str(), (unsigned long long)warm->records,
            (unsigned long long)warm->elements,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count(), warm->events, warm->notices);
  }
  auto& det = eng.detector();
  geo::AsNames names;
  {
    std::string path = o.as_names.empty() ? find_data_file("third_party/asn/as-names.csv") : o.as_names;
    if (!path.empty() && path != "none") names = geo::AsNames::load(path);
    if (names.size()) det.set_names(&names);
  }
  alert::Alerter alerts;
  for (const auto& f : o.alert_files) alerts.add(alert::jsonl_sink(f));
  for (const auto& u : o.alert_webhooks) alerts.add(alert::webhook_sink(u, http_post()));
  if (o.alert_syslog) alerts.add(alert::syslog_sink());
  uint64_t alerts_sent = 0;
  if (!alerts.empty())
    det.set_observer([&](const detect::Event& e, bool closed) {
      alerts.send(alert::make_alert(det.record(e), closed));
      ++alerts_sent;
    });
  std::unique_ptr<CsvSignals> csv;
  if (!o.signals_csv.empty()) {
    csv = std::make_unique<CsvSignals>(*csv_out, eng.visibility(), o.entity);
    eng.add_output(csv.get());
  }
  std::unique_ptr<store::SignalStore> db;
  if (!o.db.empty()) {
    db = std::make_unique<store::SignalStore>(resumed ? o.db : staged->temp_path(), eng.rib(), eng.visibility(),
                                              resumed);
    db->set_meta("bin_seconds", std::to_string(o.bin));
    db->set_meta("geography", geo ? geo->describe() : "none");
    std::string a;
    for (const auto& x : o.archives) a += (a.empty() ? "" : " ") + x;
    db->set_meta("archives", a);
    db->set_meta("darkwatch_version", "0.1.0");
    if (names.size()) db->set_names(&names);
    eng.add_output(db.get());
  }

  bool tty = isatty(2);
  const char* clear = tty ? "\r\033[K" : "";
  eng.on_damage([&](std::string_view, const std::string& m) { fprintf(stderr, "%sdarkwatch: %s\n", clear, m.c_str()); });
  eng.on_rib_checked([&](std::string_view coll, uint32_t ts, uint64_t n, const std::vector<std::string>& diffs) {
    fprintf(stderr, "%sdarkwatch: %.*s: RIB %s: %llu differences from the state built from updates\n", clear,
            (int)coll.size(), coll.data(), bgp::iso8601(ts).c_str(), (unsigned long long)n);
    for (const auto& d : diffs) fprintf(stderr, "  %s\n", d.c_str());
  });

  mrt::ArchiveSource source(archive, as_u32(from), as_u32(until));
  auto started = std::chrono::steady_clock::now();
  std::unique_ptr<record::Recorder> recorder;
  if (!o.record_dir.empty())
    recorder = std::make_unique<record::Recorder>(record::RecorderConfig{
        .dir = o.record_dir, .ribs = o.record_ribs == "source" ? record::RibSchedule::Source : record::RibSchedule::Clock});
  EngineInput input(eng, o.via_feed, recorder.get());
  input.stop_at = stop_at;
  if (resumed) input.resume_at = eng.positions();
  input.skip_initial_dump = warm.has_value();
  auto save_checkpoint = [&](uint32_t ts) {
    auto ck = eng.checkpoint();
    if (!ck) throw std::runtime_error(ck.error().describe());
    auto t = std::chrono::steady_clock::now();
    db->save_checkpoint(kEngineCheckpointKey, ts, *ck);
    return std::pair(ck->size(), std::chrono::steady_clock::now() - t);
  };
  if (o.checkpoint_every) eng.checkpoint_every(o.checkpoint_every * 60, [&](uint32_t ts) { save_checkpoint(ts); });
  // exposure profiles: whole AS paths kept beside the state, one profile per
  // entity and day (stored, and told in outage explanations)
  std::unique_ptr<geo::CountryDb> as_registry;
  std::unique_ptr<exposure::PathKeeper> paths;
  std::unique_ptr<DailyProfiles> daily;
  if (profiles == "on" || (profiles == "auto" && db)) {
    as_registry = as_registry_for(geo.get());
    paths = std::make_unique<exposure::PathKeeper>(eng.rib(), &input);
    daily = std::make_unique<DailyProfiles>(*paths, geo.get(), as_registry.get(), names.size() ? &names : nullptr,
                                            db.get());
    eng.add_output(daily.get());
    det.set_exposure_note([d = daily.get()](const signal::EntityKey& k) { return d->note(k); });
  }
  if (tty)
    source.set_progress([&](uint32_t ts) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      size_t fo = source.files_opened(), ft = std::max<size_t>(source.files_total(), 1);
      int bar = static_cast<int>(20 * fo / ft);
      fprintf(stderr, "\r\033[Kreplay [%.*s%*s] %zu/%zu files  %s  %llu records  %.0f elements/s", bar,
              "####################", 20 - bar, "", fo, ft, bgp::iso8601(ts).c_str(),
              (unsigned long long)source.records(), eng.elements() / std::max(secs, 1e-3));
    });
  if (paths) source.run(*paths);
  else source.run(input);
  if (stop_at) {
    // the first part of a run that another process resumes: no end, no events yet
    auto t = std::chrono::steady_clock::now();
    auto [bytes, store_time] = save_checkpoint(eng.now());
    double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    fprintf(stderr, "darkwatch: checkpoint at %s: %zu bytes, %.3f s (%.3f s of it storing) in %s\n",
            bgp::iso8601(eng.now()).c_str(), bytes, total, std::chrono::duration<double>(store_time).count(),
            o.db.c_str());
  } else {
    eng.finish(as_u32(until));
  }
  if (recorder) {
    if (auto st = recorder->close(); !st) throw std::runtime_error("--record: " + st.error());
    auto r = recorder->stats();
    fprintf(stderr, "darkwatch: recorded %llu files in %s: %llu MRT bytes, %llu compressed; %llu updates, %llu RIB dumps\n",
            (unsigned long long)r.files, o.record_dir.c_str(), (unsigned long long)r.bytes_in,
            (unsigned long long)r.bytes_out, (unsigned long long)r.messages, (unsigned long long)r.rib_dumps);
  }
  // after a warm start, what was over before the live part is not reported
  uint32_t live_start = warm ? (from ? static_cast<uint32_t>(*from) : warm->until) : 0;
  auto reported = [&](std::optional<uint32_t> end) { return !warm || reported_after_warm(end, live_start); };
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
  if (daily)
    fprintf(stderr, "darkwatch: exposure profiles: %llu (every country and origin AS per day) in %.2f s; %zu distinct AS paths, %.0f MB\n",
            (unsigned long long)daily->profiles(), daily->seconds(), paths->table().size(), paths->bytes() / 1e6);
  fprintf(stderr, "darkwatch: special-purpose space ignored (no country, AS or signal): %s\n", vis.ignored_summary().c_str());
  auto total = source.stats();

  if (records == 0)
    fprintf(stderr,
            "darkwatch: no update records in the window: the state is the RIB dump's (%llu records read: %zu "
            "peers, %zu prefixes); no change over time to store\n",
            (unsigned long long)total.records, eng.rib().peers().size(), eng.rib().prefixes().size());
  if (events_out && !stop_at) {
    std::vector<std::pair<uint32_t, std::string>> lines;  // (start, json)
    for (const auto& e : det.events())
      if (reported(e.end)) lines.push_back({e.start, det.to_json(e)});
    for (const auto& n : notices)
      if (reported(n.end)) lines.push_back({n.start, detect::to_json(n)});
    std::stable_sort(lines.begin(), lines.end());
    for (const auto& [s, j] : lines) events_out->line(j);
    events_out->close();
  }
  if (csv_out) csv_out->close();
  if (!alerts.empty())
    fprintf(stderr, "darkwatch: %llu alerts sent, %llu failed\n", (unsigned long long)alerts_sent,
            (unsigned long long)alerts.failures());
  if (events_out && stop_at) events_out->close();
  if (db) {
    if (!stop_at) {
      for (const auto& e : det.events())
        if (reported(e.end)) db->add_event(det.record(e));
      for (const auto& n : notices)
        if (reported(n.end)) db->add_notice(n);
    }
    db->set_meta("first_ts", std::to_string(eng.first_ts()));
    db->set_meta("last_ts", std::to_string(eng.last_ts()));
    db->set_meta("ignored_space", vis.ignored_summary());
    db->finish();
    uint64_t rows = db->rows_written();
    db.reset();  // closed before it is renamed into place
    if (staged) staged->commit();
    fprintf(stderr, "darkwatch: stored %llu signal rows in %s\n", (unsigned long long)rows, o.db.c_str());
  }
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
  c->add_option("--warm", o->warm,
                 "warm start: run this archive (e.g. the day before --from) through state and detection first, "
                 "without alerts or stored rows, so that baselines are ready from the first minute; it runs up to "
                 "--from when given")
      ->expected(1);
  c->add_option("--stop-at", o->stop_at, "test: stop at this time and save the engine's checkpoint in --db")->group("");
  c->add_flag("--resume", o->resume, "test: resume from the checkpoint in --db (cold, with a warning, when it is refused)")
      ->group("");
  c->add_option("--checkpoint-every", o->checkpoint_every, "test: save the engine's checkpoint in --db every N minutes of event time")
      ->group("");
  c->add_option("--record", o->record_dir,
                 "debug: write what the archive gives again as MRT in DIR (RouteViews layout), as watch --record does")
      ->group("");
  c->add_option("--profiles", o->profiles,
                "exposure profiles (every country and origin AS once a day; stored, and used in outage "
                "explanations): auto (with --db), on, off")
      ->check(CLI::IsMember({"auto", "on", "off"}))
      ->capture_default_str();
  c->add_option("--record-ribs", o->record_ribs,
                "debug: with --record, RIB files every 2 h of archive time ('clock', as watch) or where the archive "
                "has its own dumps ('source')")
      ->check(CLI::IsMember({"clock", "source"}))
      ->group("");
  c->add_flag("--check", o->check, "list every difference between later RIB dumps and the replayed state");
  c->add_option("--bin", o->bin, "bin width in seconds (1 to 86400)")->capture_default_str()->check(kBinRange);
  add_detection_options(c, o->min_duration, o->min_loss);
  add_warmup_option(c, o->warmup);
  c->callback([o] {
    int rc = run_replay(*o);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
