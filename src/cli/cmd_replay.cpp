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
#include "cli/time_option.h"
#include "detect/event_json.h"
#include "detect/failover.h"
#include "detect/local_loss.h"
#include "detect/outage_detector.h"
#include "mrt/archive.h"
#include "mrt/archive_merge.h"
#include "mrt/mrt_file.h"
#include "rib/rib_state.h"
#include "signal/fanout.h"
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
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool,
                 uint32_t) override {}
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

}  // namespace

static int run_replay(const ReplayOptions& o) {
  // every option and output is checked before anything is read or replaced
  check_window(o.from, o.until);
  std::optional<int64_t> from, until;
  if (!o.from.empty()) from = time_option(o.from, 0, "--from");
  if (!o.until.empty()) until = time_option(o.until, 0, "--until");
  std::unique_ptr<store::StagedStore> staged;  // the new database, renamed into place at the end
  if (!o.db.empty()) staged = std::make_unique<store::StagedStore>(o.db);
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

  rib::RibState rib;
  signal::VisibilityCounter vis(rib, geo.get(), o.bin);
  rib.set_listener(&vis);
  detect::DetectorConfig cfg;
  cfg.min_duration = o.min_duration;
  cfg.min_loss = o.min_loss;
  detect::OutageDetector det(rib, vis, cfg);
  geo::AsNames names;
  {
    std::string path = o.as_names.empty() ? find_data_file("third_party/asn/as-names.csv") : o.as_names;
    if (!path.empty() && path != "none") names = geo::AsNames::load(path);
    if (names.size()) det.set_names(&names);
  }
  detect::LocalLossTracker local(rib, vis, cfg.min_duration);
  detect::FailoverTracker failover(rib, vis);
  signal::SignalFanout fanout;
  fanout.add(&det);
  fanout.add(&local);
  fanout.add(&failover);
  vis.set_listener(&fanout);
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
    csv = std::make_unique<CsvSignals>(*csv_out, vis, o.entity);
    fanout.add(csv.get());
  }
  std::unique_ptr<store::SignalStore> db;
  if (!o.db.empty()) {
    db = std::make_unique<store::SignalStore>(staged->temp_path(), rib, vis);
    db->set_meta("bin_seconds", std::to_string(o.bin));
    db->set_meta("geography", geo ? geo->describe() : "none");
    std::string a;
    for (const auto& x : o.archives) a += (a.empty() ? "" : " ") + x;
    db->set_meta("archives", a);
    db->set_meta("darkwatch_version", "0.1.0");
    if (names.size()) db->set_names(&names);
    fanout.add(db.get());
  }

  std::vector<detect::Notice> notices;
  mrt::ReadStats total;
  std::map<std::string, mrt::ReadStats> rib_read;  // per collector: its RIB dumps
  bool tty = isatty(2);
  auto sink = [&](const std::string& m) { fprintf(stderr, "%sdarkwatch: %s\n", tty ? "\r\033[K" : "", m.c_str()); };
  uint64_t diffs_total = 0;
  auto load_rib = [&](const std::string& coll, const mrt::ArchiveFile& f, bool report) {
    mrt::MrtFile mf(f.path, sink);
    mrt::MrtRecord rec;
    rib.rib_begin(coll, f.ts);
    while (mf.next(rec))
      mrt::for_each_element(rec, mf.peers(), [&](const bgp::Element& e) {
        if (e.type == bgp::ElemType::Rib) rib.rib_add(coll, e);
      });
    std::vector<std::string> diffs;
    uint64_t n = rib.rib_finish(o.check ? &diffs : nullptr);
    total += mf.stats();
    rib_read[coll] += mf.stats();
    if (report) {
      diffs_total += n;
      fprintf(stderr, "%sdarkwatch: %s: RIB %s: %llu differences from the state built from updates\n",
              tty ? "\r\033[K" : "", coll.c_str(), bgp::iso8601(f.ts).c_str(), (unsigned long long)n);
      for (const auto& d : diffs) fprintf(stderr, "  %s\n", d.c_str());
    }
  };

  // each collector starts from its last RIB dump at or before the window
  mrt::ArchiveMerger merger(archive, from ? std::optional<uint32_t>(static_cast<uint32_t>(*from)) : std::nullopt, sink);
  for (size_t i = 0; i < archive.size(); ++i)
    if (const auto* r = merger.start_rib(i)) load_rib(archive[i].name, *r, false);
  uint32_t t0 = merger.start_ts();
  vis.start(t0);
  vis.advance(t0);

  std::map<rib::PeerId, uint32_t> down_since;
  auto peer_down = [&](rib::PeerId pid, uint32_t since, std::optional<uint32_t> until) {
    const auto& p = rib.peers()[pid];
    return detect::peer_down_notice({p.collector, p.ip.str(), p.asn}, since, until);
  };
  uint64_t records = 0, elements = 0;
  uint32_t now = t0, last_tick = 0;
  auto started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration apply_time{};  // state, signals, detection: decoding excluded
  mrt::MergeItem item;
  while (merger.next(item)) {
    const auto& c = archive[item.collector];
    if (item.kind == mrt::MergeItem::Kind::Rib) {
      // a later dump: compare with the state built from updates, and repair
      if (until && item.rib->ts >= *until) break;
      vis.advance(item.rib->ts);
      load_rib(c.name, *item.rib, true);
      continue;
    }
    if (item.kind == mrt::MergeItem::Kind::Gap) {
      // the collector lost data: from the gap's start its view is stale, until its next dump
      auto [a, b] = std::pair{item.gap_from, item.gap_to};
      det.add_blind(a, b + 600);
      now = std::max(now, a);
      vis.advance(now);
      rib.set_collector_stale(c.name, true, now);
      notices.push_back(detect::collector_gap_notice(c.name, a, b));
      continue;
    }
    const auto& rec = *item.record;
    uint32_t ts = rec.ts;
    if (until && ts >= *until) break;
    now = std::max(now, ts);
    vis.advance(ts);
    ++records;
    auto apply_start = std::chrono::steady_clock::now();
    if (ts >= last_tick + 10) rib.tick(ts), last_tick = ts;  // warm-ups end on time
    mrt::for_each_element(rec, item.file->peers(), [&](const bgp::Element& e) {
      ++elements;
      if (e.type == bgp::ElemType::PeerState) {
        rib::PeerId pid = rib.peer(c.name, e.peer_ip, e.peer_as);
        bool was = rib.peers()[pid].up;
        rib.apply(c.name, e);
        bool is = rib.peers()[pid].up;
        if (was && !is) down_since[pid] = e.ts;
        if (!was && is && down_since.count(pid)) {
          notices.push_back(peer_down(pid, down_since[pid], e.ts));
          down_since.erase(pid);
        }
        return;
      }
      rib.apply(c.name, e);
    });
    apply_time += std::chrono::steady_clock::now() - apply_start;
    if (tty && records % 20000 == 0) {
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      size_t fo = merger.files_opened(), ft = std::max<size_t>(merger.files_total(), 1);
      int bar = static_cast<int>(20 * fo / ft);
      fprintf(stderr, "\r\033[Kreplay [%.*s%*s] %zu/%zu files  %s  %llu records  %.0f elements/s", bar,
              "####################", 20 - bar, "", fo, ft, bgp::iso8601(ts).c_str(), (unsigned long long)records,
              elements / std::max(secs, 1e-3));
    }
  }
  total += merger.stats();
  for (auto& [pid, since] : down_since) notices.push_back(peer_down(pid, since, std::nullopt));
  uint32_t end = until ? static_cast<uint32_t>(*until) : now;
  vis.advance(end);
  det.finish(end);
  for (auto& n : local.finish()) notices.push_back(std::move(n));
  for (auto& n : failover.take()) notices.push_back(std::move(n));
  if (tty) fprintf(stderr, "\r\033[K");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fprintf(stderr,
          "darkwatch: replayed %zu collector(s), %llu records, %llu elements in %.1f s (%.0f elements/s); "
          "%zu peers, %zu prefixes; %llu RIB differences; %zu events, %zu notices\n",
          archive.size(), (unsigned long long)records, (unsigned long long)elements, secs, elements / std::max(secs, 1e-3),
          rib.peers().size(), rib.prefixes().size(), (unsigned long long)diffs_total, det.events().size(),
          notices.size());
  for (size_t i = 0; i < archive.size(); ++i)
    fprintf(stderr, "darkwatch: %s: %s\n", archive[i].name.c_str(),
            mrt::describe(rib_read[archive[i].name] += merger.stats(i)).c_str());
  double at = std::chrono::duration<double>(apply_time).count();
  fprintf(stderr, "darkwatch: applying updates (state, signals, detection; decoding excluded): %.2f s, %.0f elements/s\n",
          at, elements / std::max(at, 1e-6));
  fprintf(stderr, "darkwatch: special-purpose space ignored (no country, AS or signal): %s\n", vis.ignored_summary().c_str());

  if (records == 0)
    fprintf(stderr,
            "darkwatch: no update records in the window: the state is the RIB dump's (%llu records read: %zu "
            "peers, %zu prefixes); no change over time to store\n",
            (unsigned long long)total.records, rib.peers().size(), rib.prefixes().size());
  if (events_out) {
    std::vector<std::pair<uint32_t, std::string>> lines;  // (start, json)
    for (const auto& e : det.events()) lines.push_back({e.start, det.to_json(e)});
    for (const auto& n : notices) lines.push_back({n.start, detect::to_json(n)});
    std::stable_sort(lines.begin(), lines.end());
    for (const auto& [s, j] : lines) events_out->line(j);
    events_out->close();
  }
  if (csv_out) csv_out->close();
  if (!alerts.empty())
    fprintf(stderr, "darkwatch: %llu alerts sent, %llu failed\n", (unsigned long long)alerts_sent,
            (unsigned long long)alerts.failures());
  if (db) {
    for (const auto& e : det.events()) db->add_event(det.record(e));
    for (const auto& n : notices) db->add_notice(n);
    db->set_meta("first_ts", std::to_string(t0));
    db->set_meta("last_ts", std::to_string(end));
    db->set_meta("ignored_space", vis.ignored_summary());
    db->finish();
    uint64_t rows = db->rows_written();
    db.reset();  // closed before it is renamed into place
    staged->commit();
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
  c->add_flag("--check", o->check, "list every difference between later RIB dumps and the replayed state");
  c->add_option("--bin", o->bin, "bin width in seconds (1 to 86400)")->capture_default_str()->check(kBinRange);
  c->add_option("--min-duration", o->min_duration, "shortest loss that is an outage, seconds")
      ->capture_default_str()
      ->check(kDurationRange);
  c->add_option("--min-loss", o->min_loss, "smallest share of the baseline lost that is an outage (0 to 1)")
      ->capture_default_str()
      ->check(kShareCheck);
  c->callback([o] {
    int rc = run_replay(*o);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
