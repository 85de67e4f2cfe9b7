// darkwatch report --db FILE --entity country:KP: the account an analyst
// would publish: what was visible, what went dark and when, how it went
// (onset, preceding instability), which upstreams it hung on, what the
// collectors themselves went through, and a chart with the events marked.
#include <algorithm>
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

struct ReportOptions {
  std::string db, entity, from, until, png;
};

std::string duration(uint32_t s) {
  char b[64];
  if (s >= 3600) snprintf(b, sizeof b, "%u h %02u min", s / 3600, s % 3600 / 60);
  else if (s >= 60) snprintf(b, sizeof b, "%u min %02u s", s / 60, s % 60);
  else snprintf(b, sizeof b, "%u s", s);
  return b;
}

std::string list(const nlohmann::json& a, size_t max = 12) {
  std::string s;
  size_t i = 0;
  for (const auto& x : a) {
    if (i == max) {
      s += ", ... (" + std::to_string(a.size()) + " in all)";
      break;
    }
    s += (i++ ? ", " : "") + (x.is_string() ? x.get<std::string>() : x.dump());
  }
  return s.empty() ? "none" : s;
}

int run_report(const ReportOptions& o) {
  check_window(o.from, o.until);
  store::StoreReader db(o.db);
  auto e = db.find(o.entity);
  if (!e) throw std::runtime_error("--entity " + o.entity + ": not in " + o.db + " (darkwatch entities --db " + o.db + " lists them)");
  uint32_t from = time_option(o.from, db.first_bin(), "--from");
  uint32_t until = time_option(o.until, db.last_bin() + db.bin_seconds(), "--until");
  auto rows = db.series(e->id, from, until);
  auto events = db.events(o.entity, from, until);
  auto all = db.events("", from, until);

  std::string name = e->key() + (e->name.empty() ? "" : " (" + e->name + ")");
  printf("darkwatch report: %s\n", name.c_str());
  printf("window: %s to %s; data: %s; geography: %s\n\n", bgp::iso8601(from).c_str(), bgp::iso8601(until).c_str(),
         db.meta("archives").c_str(), db.meta("geography").c_str());
  if (!rows.empty()) {
    int64_t hi4 = 0, lo4 = INT64_MAX, hi6 = 0, lo6 = INT64_MAX;
    uint64_t ann = 0, wd = 0;
    uint32_t ups = 0;
    for (const auto& r : rows) {
      hi4 = std::max(hi4, r.v4), lo4 = std::min(lo4, r.v4_low), hi6 = std::max(hi6, r.v6), lo6 = std::min(lo6, r.v6_low);
      ann += r.announcements, wd += r.withdrawals, ups = std::max(ups, r.upstreams);
    }
    printf("visible space: IPv4 %lld /24s at most, %lld at least; IPv6 %lld /48s at most, %lld at least\n",
           (long long)hi4, (long long)lo4, (long long)hi6, (long long)lo6);
    printf("churn seen by voting peers: %llu announcements, %llu withdrawals; up to %u distinct upstream ASes\n\n",
           (unsigned long long)ann, (unsigned long long)wd, ups);
  }
  size_t outages = 0, inst = 0;
  printf("timeline\n");
  for (const auto& ev : events) {
    auto j = nlohmann::json::parse(ev.json, nullptr, false);
    std::string end = ev.end ? bgp::iso8601(*ev.end) : "still going at the end of the data";
    uint32_t len = (ev.end ? *ev.end : until) - ev.start;
    if (ev.kind == "outage") {
      ++outages;
      printf("  %s  OUTAGE until %s (%s)\n", bgp::iso8601(ev.start).c_str(), end.c_str(), duration(len).c_str());
      if (j.is_discarded()) continue;
      printf("      lost %.0f%% of its %s space: %lld of %lld visible (baseline: 24-h median)\n",
             100 * j.value("severity", 0.0), j.value("family", "ipv4").c_str(),
             (long long)(j.value("baseline", 0) - j.value("lowest", 0)), (long long)j.value("baseline", 0));
      printf("      prefixes: %s\n", list(j.value("prefixes", nlohmann::json::array()), 8).c_str());
      if (j.contains("explanation")) {
        const auto& x = j["explanation"];
        const auto& on = x["onset"];
        printf("      onset: %s; %d withdrawals, %d within the first minute, spread %d s; %d losses in the 6 h before\n",
               on.value("style", "?").c_str(), on.value("withdrawals", 0), on.value("in_first_minute", 0),
               on.value("spread_seconds", 0), on.value("episodes_6h_before", 0));
        printf("      upstreams before: %s%s\n", list(x.value("upstreams_before", nlohmann::json::array())).c_str(),
               x.value("single_upstream", false) ? "  (a single upstream: everything hung on it)" : "");
        printf("      origins dark: %s; origins still up: %s\n",
               list(x.value("origins_dark", nlohmann::json::array())).c_str(),
               list(x.value("origins_up", nlohmann::json::array())).c_str());
        printf("      agreement: %d peers at %d collector(s) withdrew (of %d voting)\n", x.value("peers_agreeing", 0),
               x.value("collectors_agreeing", 0), x.value("voting_peers", 0));
        printf("      cause hint: %s\n", x.value("cause_hint", "").c_str());
      }
    } else if (ev.kind == "instability") {
      ++inst;
      printf("  %s  INSTABILITY until %s: %d losses and returns", bgp::iso8601(ev.start).c_str(), end.c_str(),
             j.is_discarded() ? 0 : j.value("episodes", 0));
      if (!j.is_discarded())
        printf(" (one prefix went %d times; %d prefixes involved)", j.value("most_episodes_of_one_prefix", 0),
               j.value("prefix_count", 0));
      printf("\n");
    }
  }
  if (events.empty()) printf("  no outage or instability of %s in the window\n", name.c_str());
  printf("\nwhat the collectors went through, and notices about %s (not outages)\n", name.c_str());
  size_t shown = 0;
  for (const auto& ev : all) {
    if (ev.kind == "outage" || ev.kind == "instability") continue;
    auto j = nlohmann::json::parse(ev.json, nullptr, false);
    if (j.is_discarded()) continue;
    // sessions and gaps touch every entity; losses and failovers only their own
    if (j.contains("entity") && (j["entity"].value("type", "") != e->type || j["entity"].value("code", "") != e->code))
      continue;
    std::string who = j.contains("peer") ? j.value("collector", "") + " peer " + j.value("peer", "")
                      : j.contains("collector") ? j.value("collector", "")
                      : j.contains("entity") ? j["entity"].value("type", "") + ":" + j["entity"].value("code", "")
                                             : "";
    printf("  %s  %-13s %s%s%s\n", bgp::iso8601(ev.start).c_str(), ev.kind.c_str(), who.c_str(),
           ev.end ? (" until " + bgp::iso8601(*ev.end)).c_str() : "",
           j.contains("to_upstreams") ? (" upstreams " + list(j["from_upstreams"]) + " -> " + list(j["to_upstreams"])).c_str()
                                      : "");
    if (++shown == 40) {
      printf("  ...\n");
      break;
    }
  }
  if (!shown) printf("  none\n");
  printf("\nsummary: %zu outage(s), %zu instability period(s)\n", outages, inst);

  std::string png = o.png.empty() ? "darkwatch-report-" + e->type + "-" + e->code + ".png" : o.png;
  report::ChartInput in;
  in.title = name + ": visible space and churn";
  in.rows = rows;
  bool v6 = !rows.empty() && std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.v4 == 0; });
  in.ipv6 = v6;
  for (const auto& ev : all)
    if (ev.kind == "collector_gap" || (ev.entity_type == e->type && ev.entity_code == e->code))
      in.spans.push_back({ev.start, ev.end ? *ev.end : until, ev.kind});
  chart_png(in, png);
  printf("chart: %s\n", png.c_str());
  return 0;
}

}  // namespace

void add_report(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  auto* c = app.add_subcommand("report", "A readable account of an entity's events, with a chart");
  c->add_option("--db", o->db, "the store a replay wrote (--db)")->required();
  c->add_option("--entity", o->entity, "country:KP, asn:131279 or table")->required()->check(kEntityCheck);
  c->add_option("--from", o->from, "start (unix or ISO 8601)");
  c->add_option("--until", o->until, "end");
  c->add_option("--png", o->png, "where to draw the chart (default darkwatch-report-TYPE-CODE.png)");
  c->callback([o] {
    if (int rc = run_report(*o)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
