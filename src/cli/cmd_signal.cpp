// darkwatch signal --db FILE --entity country:KP: one entity's series from the
// store, as a table, CSV, JSON, or a PNG chart.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bgp/time_text.h"
#include "cli/commands.h"
#include "cli/modules.h"
#include "cli/option_checks.h"
#include "cli/time_option.h"
#include "report/chart.h"
#include "store/store_reader.h"

namespace dw::cli {

namespace {

struct SignalOptions {
  std::string db, entity, from, until, png;
  bool csv = false, json = false, ipv6 = false;
};

int run_signal(const SignalOptions& o) {
  check_window(o.from, o.until);
  store::StoreReader db(o.db);
  auto e = db.find(o.entity);
  if (!e) throw std::runtime_error("--entity " + o.entity + ": not in " + o.db + " (darkwatch entities --db " + o.db + " lists them)");
  uint32_t from = time_option(o.from, db.first_bin(), "--from");
  uint32_t until = time_option(o.until, db.last_bin() + db.bin_seconds(), "--until");
  auto rows = db.series(e->id, from, until);
  if (!o.png.empty()) {
    report::ChartInput in;
    in.title = e->key() + (e->name.empty() ? "" : " (" + e->name + ")") + ", " + bgp::iso8601(from) + " to " +
               bgp::iso8601(until);
    in.ipv6 = o.ipv6;
    in.rows = rows;
    for (const auto& ev : db.events(o.entity, from, until))
      in.spans.push_back({ev.start, ev.end ? *ev.end : until, ev.kind});
    chart_png(in, o.png);
    fprintf(stderr, "darkwatch: wrote %s (%zu bins)\n", o.png.c_str(), rows.size());
    return 0;
  }
  if (o.json) {
    nlohmann::json out = {{"entity", e->key()}, {"name", e->name}, {"bin_seconds", db.bin_seconds()}};
    auto& arr = out["bins"] = nlohmann::json::array();
    for (const auto& r : rows)
      arr.push_back({{"bin_start", bgp::iso8601(r.bin)}, {"ipv4_24s", r.v4}, {"ipv6_48s", r.v6},
                     {"prefixes", r.prefixes}, {"ipv4_24s_low", r.v4_low}, {"ipv6_48s_low", r.v6_low},
                     {"announcements", r.announcements}, {"withdrawals", r.withdrawals},
                     {"full_peers_up", r.peers}, {"upstreams", r.upstreams}});
    printf("%s\n", out.dump().c_str());
    return 0;
  }
  if (o.csv) {
    printf("bin_start,ipv4_24s,ipv6_48s,prefixes,ipv4_24s_low,ipv6_48s_low,announcements,withdrawals,full_peers_up,upstreams\n");
    for (const auto& r : rows)
      printf("%s,%lld,%lld,%lld,%lld,%lld,%u,%u,%u,%u\n", bgp::iso8601(r.bin).c_str(), (long long)r.v4,
             (long long)r.v6, (long long)r.prefixes, (long long)r.v4_low, (long long)r.v6_low, r.announcements,
             r.withdrawals, r.peers, r.upstreams);
    return 0;
  }
  printf("%s%s, %u-second bins\n", e->key().c_str(), e->name.empty() ? "" : (" (" + e->name + ")").c_str(),
         db.bin_seconds());
  printf("%-20s %10s %10s %9s %10s %6s %6s %5s %9s\n", "bin start (UTC)", "/24s", "/48s", "prefixes", "lowest/24",
         "ann", "wdr", "peers", "upstreams");
  for (const auto& r : rows)
    printf("%-20s %10lld %10lld %9lld %10lld %6u %6u %5u %9u\n", bgp::iso8601(r.bin).c_str(), (long long)r.v4,
           (long long)r.v6, (long long)r.prefixes, (long long)r.v4_low, r.announcements, r.withdrawals, r.peers,
           r.upstreams);
  return 0;
}

}  // namespace

void add_signal(CLI::App& app) {
  auto o = std::make_shared<SignalOptions>();
  auto* c = app.add_subcommand("signal", "Print or draw one entity's signals from a stored replay");
  c->add_option("--db", o->db, "the store a replay wrote (--db)")->required();
  c->add_option("--entity", o->entity, "country:KP, asn:131279 or table")->required()->check(kEntityCheck);
  c->add_option("--from", o->from, "start (unix or ISO 8601)");
  c->add_option("--until", o->until, "end");
  auto* csv = c->add_flag("--csv", o->csv, "CSV, every bin");
  auto* json = c->add_flag("--json", o->json, "JSON, every bin");
  auto* png = c->add_option("--png", o->png, "draw a PNG chart here");
  csv->excludes(json)->excludes(png);
  json->excludes(png);
  c->add_flag("--ipv6", o->ipv6, "with --png: plot IPv6 /48s")->needs(png);
  c->callback([o] {
    if (int rc = run_signal(*o)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
