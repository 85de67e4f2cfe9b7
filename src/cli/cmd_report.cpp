// darkwatch report --db FILE --entity country:KP: the account an analyst
// would publish: what was visible, what went dark and when, how it went
// (onset, preceding instability), which upstreams it hung on, what the
// collectors themselves went through, and a chart with the events marked.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <type_traits>
#include <stdexcept>

#include "bgp/time_text.h"
#include "cli/commands.h"
#include "cli/modules.h"
#include "cli/option_checks.h"
#include "cli/time_option.h"
#include "detect/event_json.h"
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

template <class T>
std::string list(const std::vector<T>& a, size_t max = 12) {
  std::string s;
  for (size_t i = 0; i < a.size(); ++i) {
    if (i == max) {
      s += ", ... (" + std::to_string(a.size()) + " in all)";
      break;
    }
    if constexpr (std::is_same_v<T, std::string>) s += (i ? ", " : "") + a[i];
    else s += (i ? ", " : "") + std::to_string(a[i]);
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
  size_t outages = 0, inst = 0, folded = 0;
  printf("timeline\n");
  for (const auto& ev : events) {
    if (!ev.event) continue;
    const auto& x = *ev.event;
    std::string end = x.end ? bgp::iso8601(*x.end) : "still going at the end of the data";
    uint32_t len = (x.end ? *x.end : until) - x.start;
    if (x.kind == detect::EventKind::Outage && x.within_instability) {
      ++folded;  // told with its instability period below
      continue;
    }
    if (x.kind == detect::EventKind::Outage) {
      ++outages;
      printf("  %s  OUTAGE until %s (%s)\n", bgp::iso8601(x.start).c_str(), end.c_str(), duration(len).c_str());
      printf("      lost %.0f%% of its %s space: %lld of %lld visible (baseline: 24-h median)\n", 100 * x.severity,
             detect::family_name(x.family), (long long)(x.baseline - x.lowest), (long long)x.baseline);
      printf("      prefixes: %s\n", list(x.prefixes, 8).c_str());
      if (x.explanation) {
        const auto& why = *x.explanation;
        const auto& on = why.onset;
        printf("      onset: %s; %u withdrawals, %u within the first minute, spread %u s; %u losses in the 6 h before\n",
               on.style == detect::OnsetStyle::Abrupt ? "abrupt" : "gradual", on.withdrawals, on.in_first_minute,
               on.spread_seconds, on.episodes_6h_before);
        printf("      upstreams before: %s%s\n", list(why.upstreams_before).c_str(),
               why.single_upstream ? "  (a single upstream: everything hung on it)" : "");
        printf("      origins dark: %s; origins still up: %s\n", list(why.origins_dark).c_str(),
               list(why.origins_up).c_str());
        printf("      agreement: %u peers at %u collector(s) withdrew (of %u voting)\n", why.peers_agreeing,
               why.collectors_agreeing, why.voting_peers);
        printf("      cause hint: %s\n", detect::cause_hint_text(why).c_str());
        if (!why.exposure.empty()) printf("      exposure: %s\n", why.exposure.c_str());
      }
    } else {
      ++inst;
      printf("  %s  INSTABILITY until %s: %u losses and returns (one prefix went %u times; %zu prefixes involved)\n",
             bgp::iso8601(x.start).c_str(), end.c_str(), x.episodes, x.most_episodes_of_one_prefix, x.prefix_count);
      if (!x.short_outages.empty()) {
        const auto& s = x.short_outages;
        printf("      %zu of the losses lasted long enough to be outages, up to %s (longest first):\n", s.size(),
               duration(s.front().end - s.front().start).c_str());
        for (size_t i = 0; i < s.size() && i < 12; ++i)
          printf("        %s  %s, %.0f%% of its %s space\n", bgp::iso8601(s[i].start).c_str(),
                 duration(s[i].end - s[i].start).c_str(), 100 * s[i].severity, detect::family_name(s[i].family));
        if (s.size() > 12) printf("        ... (%zu in all)\n", s.size());
      }
    }
  }
  if (events.empty()) printf("  no outage or instability of %s in the window\n", name.c_str());
  printf("\nwhat the collectors went through, and notices about %s (not outages)\n", name.c_str());
  size_t shown = 0;
  for (const auto& ev : all) {
    if (!ev.notice) continue;
    const auto& n = *ev.notice;
    // sessions and gaps touch every entity; losses and failovers only their own
    if (n.entity && n.entity->str() != e->key()) continue;
    std::string who = n.kind == detect::NoticeKind::PeerDown && !n.peers.empty()
                          ? n.peers[0].collector + " peer " + n.peers[0].peer
                      : n.kind == detect::NoticeKind::CollectorGap ? n.collector
                      : n.entity                                    ? n.entity->str()
                                                                    : "";
    std::string upstreams = n.kind == detect::NoticeKind::Failover
                                ? " upstreams " + list(n.from_upstreams) + " -> " + list(n.to_upstreams)
                                : "";
    printf("  %s  %-13s %s%s%s\n", bgp::iso8601(n.start).c_str(), detect::kind_name(n.kind), who.c_str(),
           n.end ? (" until " + bgp::iso8601(*n.end)).c_str() : "", upstreams.c_str());
    if (++shown == 40) {
      printf("  ...\n");
      break;
    }
  }
  if (!shown) printf("  none\n");
  printf("\nsummary: %zu outage(s), %zu instability period(s)", outages, inst);
  if (folded) printf(" with %zu short outage(s) among their losses", folded);
  printf("\n");

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
