// darkwatch replay ARCHIVE...: routing state, per-entity signals and events.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
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
#include "detect/failover.h"
#include "detect/local_loss.h"
#include "detect/outage_detector.h"
#include "mrt/archive.h"
#include "mrt/archive_merge.h"
#include "mrt/mrt_file.h"
#include "rib/rib_state.h"
#include "signal/fanout.h"
#include "store/signal_store.h"
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
  CsvSignals(const std::string& path, const signal::VisibilityCounter& v, std::string only)
      : out(path), vis(v), entity(std::move(only)) {
    if (!out) throw std::runtime_error("cannot write " + path);
    out << "entity,bin_start,ipv4_24s,ipv6_48s,prefixes,ipv4_24s_low,announcements,withdrawals,full_peers_up,upstreams\n";
  }
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool,
                 uint32_t) override {}
  void on_bin(uint32_t start, uint32_t) override {
    for (const auto& e : vis.entities()) {
      if (!entity.empty() ? e.key.str() != entity : !e.changed) continue;
      const auto& r = e.closed;
      out << e.key.str() << ',' << bgp::iso8601(start) << ',' << r.end.v4 << ',' << r.end.v6 << ',' << r.end.prefixes
          << ',' << r.low.v4 << ',' << r.announcements << ',' << r.withdrawals << ',' << r.peers << ','
          << r.upstreams << '\n';
    }
  }
  std::ofstream out;
  const signal::VisibilityCounter& vis;
  std::string entity;
};

}  // namespace

static int run_replay(const ReplayOptions& o) {
  std::optional<int64_t> from, until;
  if (!o.from.empty() && !(from = bgp::parse_time(o.from))) throw std::runtime_error("--from: not a time");
  if (!o.until.empty() && !(until = bgp::parse_time(o.until))) throw std::runtime_error("--until: not a time");
  auto archive = mrt::discover_archive(o.archives);
  if (archive.empty()) throw std::runtime_error("no MRT files found (rib.*, bview.*, updates.* named by date)");

  uint32_t archive_start = UINT32_MAX;
  for (const auto& c : archive)
    for (const auto* fs : {&c.ribs, &c.updates})
      if (!fs->empty()) archive_start = std::min(archive_start, fs->front().ts);
  if (from) archive_start = static_cast<uint32_t>(*from);
  auto geo = choose_geo(o.geo, o.geo_delegated, archive_start == UINT32_MAX ? 0 : archive_start);

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
      alerts.send(alert::make_alert(det.to_json(e), closed));
      ++alerts_sent;
    });
  std::unique_ptr<CsvSignals> csv;
  if (!o.signals_csv.empty()) {
    csv = std::make_unique<CsvSignals>(o.signals_csv, vis, o.entity);
    fanout.add(csv.get());
  }
  std::unique_ptr<store::SignalStore> db;
  if (!o.db.empty()) {
    db = std::make_unique<store::SignalStore>(o.db, rib, vis);
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
    return detect::Notice{"peer_down", since,
                          "{\"kind\":\"peer_down\",\"collector\":\"" + p.collector + "\",\"peer\":\"" +
                              p.ip.str() + "\",\"peer_asn\":" + std::to_string(p.asn) + ",\"start\":\"" +
                              bgp::iso8601(since) + "\",\"end\":" +
                              (until ? "\"" + bgp::iso8601(*until) + "\"" : std::string("null")) + "}",
                          until};
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
      notices.push_back({"collector_gap", a,
                         "{\"kind\":\"collector_gap\",\"collector\":\"" + c.name + "\",\"start\":\"" +
                             bgp::iso8601(a) + "\",\"end\":\"" + bgp::iso8601(b) +
                             "\",\"why_not_outage\":\"the collector published no updates; its peers did not vote "
                             "until its next RIB dump\"}",
                         b});
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
  double at = std::chrono::duration<double>(apply_time).count();
  fprintf(stderr, "darkwatch: applying updates (state, signals, detection; decoding excluded): %.2f s, %.0f elements/s\n",
          at, elements / std::max(at, 1e-6));
  fprintf(stderr, "darkwatch: special-purpose space ignored (no country, AS or signal): %s\n", vis.ignored_summary().c_str());

  if (!o.events.empty()) {
    std::vector<std::pair<uint32_t, std::string>> lines;  // (start, json)
    for (const auto& e : det.events()) lines.push_back({e.start, det.to_json(e)});
    for (const auto& n : notices) lines.push_back({n.start, n.json});
    std::stable_sort(lines.begin(), lines.end());
    FILE* f = o.events == "-" ? stdout : fopen(o.events.c_str(), "w");
    if (!f) throw std::runtime_error("cannot write " + o.events);
    for (const auto& [s, j] : lines) fprintf(f, "%s\n", j.c_str());
    if (f != stdout) fclose(f);
  }
  if (!alerts.empty())
    fprintf(stderr, "darkwatch: %llu alerts sent, %llu failed\n", (unsigned long long)alerts_sent,
            (unsigned long long)alerts.failures());
  if (db) {
    for (const auto& e : det.events()) db->add_event(e, det.to_json(e));
    for (const auto& n : notices) db->add_notice(n);
    db->set_meta("first_ts", std::to_string(t0));
    db->set_meta("last_ts", std::to_string(end));
    db->set_meta("ignored_space", vis.ignored_summary());
    db->finish();
    fprintf(stderr, "darkwatch: stored %llu signal rows in %s\n", (unsigned long long)db->rows_written(), o.db.c_str());
  }
  return (total.damaged || total.frame_errors || total.stream_error) ? 1 : 0;
}

void add_replay(CLI::App& app) {
  auto o = std::make_shared<ReplayOptions>();
  auto* c = app.add_subcommand("replay", "Rebuild routing state from archives; signals and outage events");
  c->add_option("archives", o->archives, "archive folders (RouteViews or RIS layout) or files")->required();
  c->add_option("--from", o->from, "start of the window (unix or ISO 8601)");
  c->add_option("--until", o->until, "end of the window");
  c->add_option("--events", o->events, "write events (JSON lines) here; - for stdout");
  c->add_option("--db", o->db, "store signals, step changes and events in this SQLite database (replaced)");
  c->add_option("--signals-csv", o->signals_csv, "write per-bin signals as CSV (rows where something moved)");
  c->add_option("--entity", o->entity, "with --signals-csv: only this entity, every bin (country:KP, asn:131279, table)");
  c->add_option("--geo", o->geo, "country database: a MaxMind-format file, 'rir' (the bundled 2014 RIR snapshot) or 'auto' (default: the source nearest in time to the archive)");
  c->add_option("--geo-delegated", o->geo_delegated, "RIR delegated files instead of --geo");
  c->add_option("--as-names", o->as_names,
                "AS names: JSON {asn: name} or CSV; default the file setup installs; 'none' for numbers only");
  c->add_option("--alert", o->alert_files, "send alerts as JSON lines to this file (- for stdout); repeatable");
  c->add_option("--alert-webhook", o->alert_webhooks, "POST alerts as JSON (Slack-compatible) to this URL; repeatable");
  c->add_flag("--alert-syslog", o->alert_syslog, "send alerts to syslog");
  c->add_flag("--check", o->check, "list every difference between later RIB dumps and the replayed state");
  c->add_option("--bin", o->bin, "bin width in seconds")->capture_default_str();
  c->add_option("--min-duration", o->min_duration, "shortest loss that is an outage, seconds")->capture_default_str();
  c->add_option("--min-loss", o->min_loss, "smallest share of the baseline lost that is an outage")->capture_default_str();
  c->callback([o] {
    int rc = run_replay(*o);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
