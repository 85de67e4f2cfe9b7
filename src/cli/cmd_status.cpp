// darkwatch status: what a running `watch` reports on its --http port
// (/status), as text; --json for the object itself, --metrics for /metrics.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bgp/time_text.h"
#include "cli/commands.h"
#include "cli/watch_config.h"

namespace dw::cli {

namespace {

struct StatusOptions {
  std::string http = "127.0.0.1:8080";
  bool json = false, metrics = false;
};

int run_status(const StatusOptions& o) {
  Endpoint ep = parse_endpoint(o.http, "--http");
  httplib::Client cli(ep.address, ep.port);
  cli.set_connection_timeout(3);
  cli.set_read_timeout(5);
  auto res = cli.Get(o.metrics ? "/metrics" : "/status");
  if (!res) throw std::runtime_error("--http " + o.http + ": no answer (" + httplib::to_string(res.error()) + ")");
  if (res->status != 200) throw std::runtime_error("--http " + o.http + ": HTTP " + std::to_string(res->status));
  if (o.json || o.metrics) {
    fputs(res->body.c_str(), stdout);
    if (!res->body.empty() && res->body.back() != '\n') fputc('\n', stdout);
    return 0;
  }
  auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_discarded()) throw std::runtime_error("--http " + o.http + ": /status is not JSON");
  printf("darkwatch %s up since %s: %llu elements (%.0f/s), %llu prefixes, %llu damaged, %llu dropped, %llu notices\n",
         j.value("version", "").c_str(), bgp::iso8601(j.value("started", 0u)).c_str(),
         (unsigned long long)j.value("elements", 0ull), j.value("elements_per_second", 0.0),
         (unsigned long long)j.value("prefixes", 0ull), (unsigned long long)j.value("damaged", 0ull),
         (unsigned long long)j.value("dropped", 0ull), (unsigned long long)j.value("notices", 0ull));
  printf("connections:\n");
  for (const auto& c : j["connections"])
    printf("  %-4s %-22s %-16s %-6s since %s  %llu bytes, %llu read pauses, %llu buffered%s%s\n",
           c.value("kind", "").c_str(), c.value("remote", "").c_str(), c.value("source", "").c_str(),
           c.value("open", false) ? "open" : "closed", bgp::iso8601(c.value("since", 0u)).c_str(),
           (unsigned long long)c.value("bytes_in", 0ull), (unsigned long long)c.value("read_pauses", 0ull),
           (unsigned long long)c.value("buffered", 0ull), c.value("end_reason", "").empty() ? "" : ": ",
           c.value("end_reason", "").c_str());
  printf("queues:\n");
  for (const auto& q : j["queues"])
    printf("  %-30s %llu events, depth %llu (peak %llu), %llu waits, %llu dropped\n", q.value("name", "").c_str(),
           (unsigned long long)q.value("events", 0ull), (unsigned long long)q.value("depth", 0ull),
           (unsigned long long)q.value("peak_depth", 0ull), (unsigned long long)q.value("waits", 0ull),
           (unsigned long long)q.value("dropped", 0ull));
  printf("peers:\n");
  for (const auto& p : j["peers"])
    printf("  %-16s %-40s AS%-10u %-4s %llu IPv4, %llu IPv6 prefixes%s\n", p.value("router", "").c_str(),
           p.value("peer", "").c_str(), p.value("asn", 0u), p.value("up", false) ? "up" : "down",
           (unsigned long long)p.value("prefixes_v4", 0ull), (unsigned long long)p.value("prefixes_v6", 0ull),
           !p.contains("awaited") || p["awaited"].is_null() ? ""
           : p["awaited"] == "session"                     ? " (restored: its session not back yet)"
                                                            : " (restored: re-sending its table)");
  printf("open events: %zu\n", j["open_events"].size());
  for (const auto& e : j["open_events"])
    printf("  %s %s since %s (severity %.2f)\n", e.value("kind", "").c_str(), e.value("entity", "").c_str(),
           bgp::iso8601(e.value("start", 0u)).c_str(), e.value("severity", 0.0));
  return 0;
}

}  // namespace

void add_status(CLI::App& app) {
  auto o = std::make_shared<StatusOptions>();
  auto* c = app.add_subcommand("status", "What a running watch reports: sessions, queues, peers, open events");
  c->add_option("--http", o->http, "the watch's --http address")->capture_default_str();
  c->add_flag("--json", o->json, "print /status as JSON");
  c->add_flag("--metrics", o->metrics, "print /metrics (Prometheus text)");
  c->callback([o] {
    int rc = run_status(*o);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
