// darkwatch watch: live sources (BMP routers, BGP peers, RIS Live) through
// the same engine and outputs as replay. This
// file is wiring: the sockets and queues are src/net, the engine thread and
// status src/watch, the configuration watch_config.*, the outputs run_outputs.*.
#include <grp.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <set>
#include <thread>

#include "bgp/time_text.h"
#include "bmp/bmp_stream.h"
#include "cli/commands.h"
#include "cli/geo_choice.h"
#include "cli/option_checks.h"
#include "cli/run_outputs.h"
#include "cli/watch_bgp.h"
#include "cli/watch_checkpoint.h"
#include "cli/watch_profiles.h"
#include "cli/watch_config.h"
#include "cli/watch_record.h"
#include "cli/watch_rislive.h"
#include "cli/watch_http.h"
#include "engine/engine.h"
#include "net/collector.h"
#include "net/source_names.h"
#include "session/bgp_session.h"
#include "watch/runtime.h"

namespace dw::cli {

namespace {

struct WatchFlags {
  std::string config, bmp, bgp, router_id, ris_live, db, events, record, warm, http, user, geo, bmp_view, as_names;
  std::vector<std::string> peers, alert_files, alert_webhooks;
  uint32_t asn = 0, bmp_idle = 0, bin = 300, min_duration = 300, checkpoint_every = 60, warmup = 600;
  double min_loss = 0.05;
  uint32_t test_engine_delay_us = 0;
  bool check_config = false, alert_syslog = false;
  CLI::App* cmd = nullptr;
  bool given(const char* flag) const { return cmd->count(flag) > 0; }
};

// Flags win over the file.
WatchConfig resolve(const WatchFlags& f) {
  WatchConfig c;
  if (!f.config.empty()) load_watch_config(f.config, c);
  if (f.given("--bmp")) c.bmp = parse_endpoint(f.bmp, "--bmp");
  if (f.given("--bmp-idle")) c.bmp_idle = f.bmp_idle;
  if (f.given("--bmp-view")) c.bmp_view = f.bmp_view;
  if (f.given("--bgp")) c.bgp = parse_endpoint(f.bgp, "--bgp");
  if (f.given("--asn")) c.asn = f.asn;
  if (f.given("--router-id")) c.router_id = f.router_id;
  if (f.given("--peer")) {
    c.peers.clear();
    for (const auto& p : f.peers) c.peers.push_back(parse_peer(p));
  }
  if (f.given("--ris-live")) c.ris_live = f.ris_live;
  if (f.given("--db")) c.db = f.db;
  if (f.given("--events")) c.events = f.events;
  if (f.given("--alert")) c.alert_files = f.alert_files;
  if (f.given("--alert-webhook")) c.alert_webhooks = f.alert_webhooks;
  if (f.given("--record")) c.record = f.record;
  if (f.given("--warm")) c.warm = f.warm;
  if (f.given("--checkpoint-every")) c.checkpoint_every = f.checkpoint_every;
  if (f.given("--http")) c.http = parse_endpoint(f.http, "--http");
  if (f.given("--user")) c.user = f.user;
  if (f.given("--geo")) c.geo = f.geo;
  if (f.given("--as-names")) c.as_names = f.as_names;
  if (f.given("--alert-syslog")) c.alert_syslog = f.alert_syslog;
  if (f.given("--bin")) c.bin = f.bin;
  if (f.given("--min-duration")) c.min_duration = f.min_duration;
  if (f.given("--warmup")) c.warmup = f.warmup;
  if (f.given("--min-loss")) c.min_loss = f.min_loss;
  return c;
}

// A BMP connection: bmp::BmpStream behind the net stage's decoder interface.
struct BmpDecoder : net::ConnectionDecoder {
  BmpDecoder(const std::string& router, feed::EventSink& sink, bmp::StreamConfig c) : stream(router, sink, c) {}
  std::optional<std::string> feed(std::span<const uint8_t> b, uint32_t now) override {
    if (auto st = stream.feed(b, now); !st) return st.error().describe();
    return std::nullopt;
  }
  void close(uint32_t now, std::string_view why) override { stream.close(now, why); }
  bmp::BmpStream stream;
};

// After the ports are bound: run as `user`, as route collectors do.
void drop_privileges(const std::string& user) {
  if (user.empty()) return;
  if (geteuid() != 0) {
    fprintf(stderr, "darkwatch: --user %s: not running as root, nothing to drop\n", user.c_str());
    return;
  }
  struct passwd* pw = getpwnam(user.c_str());
  if (!pw) throw std::runtime_error("--user " + user + ": no such user");
  if (setgroups(0, nullptr) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
    throw std::runtime_error("--user " + user + ": cannot switch: " + strerror(errno));
  if (setuid(0) == 0) throw std::runtime_error("--user " + user + ": root could be regained");
  fprintf(stderr, "darkwatch: running as %s (uid %u)\n", user.c_str(), (unsigned)pw->pw_uid);
}

}  // namespace

// --check-config: the configuration as it resolved, one key a line.
void print_config(const WatchConfig& c) {
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
  };
  printf("bmp = %s\nbmp.idle = %u\nbmp.view = %s\n", c.bmp ? c.bmp->str().c_str() : "", c.bmp_idle, c.bmp_view.c_str());
  printf("bgp = %s\nbgp.asn = %u\nbgp.router_id = %s\nbgp.hold_time = %u\n", c.bgp ? c.bgp->str().c_str() : "", c.asn,
         c.router_id.c_str(), c.hold_time);
  for (const auto& p : c.peers)
    printf("bgp.peer = %s AS%s name %s max_prefixes %u\n", p.address.c_str(), p.asn ? std::to_string(*p.asn).c_str() : "any",
           p.name.c_str(), p.max_prefixes);
  printf("ris_live = %s\ndb = %s\nevents = %s\nalert = %s\nalert_webhook = %s\n", c.ris_live.c_str(), c.db.c_str(),
         c.events.c_str(), list(c.alert_files).c_str(), list(c.alert_webhooks).c_str());
  printf("http = %s\nuser = %s\nrecord = %s\nwarm = %s\ncheckpoint_every = %u\ngeo = %s\n", c.http ? c.http->str().c_str() : "",
         c.user.c_str(), c.record.c_str(), c.warm.c_str(), c.checkpoint_every, c.geo.c_str());
  printf("detect.bin = %u\ndetect.min_duration = %u\ndetect.min_loss = %g\ndetect.warmup = %u\n", c.bin, c.min_duration,
         c.min_loss, c.warmup);
  printf("limits.queue_events = %zu\nlimits.buffer_bytes = %zu\nlimits.queue_events_total = %zu\nlimits.buffer_bytes_total = %zu\n",
         c.queue_events, c.buffer_bytes, c.queue_events_total, c.buffer_bytes_total);
}

static int run_watch(WatchFlags& f) {
  WatchConfig cfg = resolve(f);
  if (f.check_config) return print_config(cfg), 0;
  if (!cfg.bmp && !cfg.bgp && cfg.ris_live.empty())
    throw std::runtime_error("watch: no source: give --bmp, --bgp or --ris-live (or a --config naming one)");
  std::optional<bgp::IpAddr> router_id;
  if (cfg.bgp) {
    if (!cfg.asn) throw std::runtime_error("--bgp: needs --asn (our AS number)");
    router_id = bgp::IpAddr::parse(cfg.router_id);
    if (!router_id || !router_id->is_v4() || router_id->is_zero())
      throw std::runtime_error("--bgp: needs --router-id, a non-zero IPv4 address (got '" + cfg.router_id + "')");
    if (cfg.peers.empty()) throw std::runtime_error("--bgp: no --peer: every connection would be refused");
  }
  // the default spelled out, whatever parse_view knows
  auto view = cfg.bmp_view == "pre-policy-else-loc-rib" ? std::optional(bmp::View::PrePolicyElseLocRib)
                                                        : bmp::parse_view(cfg.bmp_view);
  if (cfg.bmp && !view) throw std::runtime_error("--bmp-view " + cfg.bmp_view + ": not a view (pre-policy-else-loc-rib, pre-policy, post-policy, loc-rib, adj-rib-out)");

  // signals go to the main thread only (blocked before any thread starts)
  sigset_t sigs;
  sigemptyset(&sigs);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&sigs, s);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  OutputOptions oo;
  oo.events = cfg.events, oo.db = cfg.db, oo.as_names = cfg.as_names;
  oo.alert_files = cfg.alert_files, oo.alert_webhooks = cfg.alert_webhooks, oo.alert_syslog = cfg.alert_syslog;
  oo.bin = cfg.bin;
  oo.live_store = true;
  if (cfg.bmp) oo.inputs += "bmp://" + cfg.bmp->str();
  if (!cfg.ris_live.empty()) oo.inputs += (oo.inputs.empty() ? "" : " ") + std::string("ris-live:") + cfg.ris_live;
  auto geo = choose_geo(cfg.geo, {}, static_cast<uint32_t>(time(nullptr)));
  engine::EngineConfig ec;
  ec.bin_seconds = cfg.bin;
  ec.detector.min_duration = cfg.min_duration;
  ec.detector.min_loss = cfg.min_loss;
  engine::Engine eng(geo.get(), ec);
  eng.rib().warmup_seconds = cfg.warmup;
  // the checkpoint in the store, else --warm, else cold (watch_checkpoint.h)
  WatchStart begun = start_engine(eng, cfg.db, cfg.warm);
  oo.append_store = begun.resumed;
  oo.report_from = begun.live_start;
  RunOutputs outputs(oo);
  outputs.open();
  outputs.attach(eng, geo.get());
  eng.on_damage([](std::string_view src, const std::string& m) {
    fprintf(stderr, "darkwatch: %.*s: %s\n", (int)src.size(), src.data(), m.c_str());
  });

  net::EventQueue queue(cfg.queue_events, cfg.queue_events_total);
  net::CollectorConfig cc;
  cc.max_buffered = cfg.buffer_bytes;
  cc.total_buffered = cfg.buffer_bytes_total;
  net::Collector collector(queue, cc);
  bool listening = false;
  if (cfg.bmp) {
    net::ListenerConfig l;
    l.kind = "bmp";
    l.address = cfg.bmp->address;
    l.port = cfg.bmp->port;
    l.idle_seconds = cfg.bmp_idle;
    bmp::StreamConfig sc;
    sc.view = *view;
    l.factory = [sc](net::Remote& r, feed::EventSink& sink, std::string&) {
      return std::make_unique<BmpDecoder>(net::intern_source(r.source), sink, sc);
    };
    uint16_t port = collector.listen(l);
    fprintf(stderr, "darkwatch: bmp: listening on %s\n", Endpoint{cfg.bmp->address, port}.str().c_str());
    listening = true;
  }

  auto bgp_peers = std::make_shared<BgpPeers>();
  std::shared_ptr<GracefulRestarts> restarts;  // BGP sessions kept between connections
  if (cfg.bgp) {
    bgp_peers->set(cfg.peers);
    restarts = std::make_shared<GracefulRestarts>(queue);
    session::SessionConfig sc;
    sc.local_asn = cfg.asn;
    sc.router_id = router_id->v4_host();
    sc.hold_time = cfg.hold_time;
    net::ListenerConfig l;
    l.kind = "bgp";
    l.address = cfg.bgp->address;
    l.port = cfg.bgp->port;
    l.factory = [sc, bgp_peers, restarts](net::Remote& r, feed::EventSink& sink,
                                std::string& why) -> std::unique_ptr<net::ConnectionDecoder> {
      auto p = bgp_peers->find(r.address);
      if (!p) {
        why = r.address + " is not a configured peer";
        return nullptr;
      }
      if (!p->name.empty()) r.source = p->name;
      return std::make_unique<BgpDecoder>(sc, *p, r.address, r.source, sink, *restarts,
                                          static_cast<uint32_t>(time(nullptr)));
    };
    uint16_t port = collector.listen(l);
    fprintf(stderr, "darkwatch: bgp: listening on %s (AS%u, %zu peers)\n", Endpoint{cfg.bgp->address, port}.str().c_str(),
            cfg.asn, cfg.peers.size());
    listening = true;
  }
  watch::RuntimeConfig rc;
  rc.engine_delay = std::chrono::microseconds(f.test_engine_delay_us);
  rc.end_with_inputs = !listening;
  rc.version = "0.1.0";
  watch::Runtime runtime(eng, queue, rc);
  runtime.set_collector(&collector);
  WatchCheckpoints checkpoints(cfg.checkpoint_every);
  if (!cfg.db.empty())
    runtime.on_second([&](engine::Engine& e, uint32_t wall) { checkpoints.on_second(e, outputs.store(), wall); });
  std::unique_ptr<WatchRecording> recording;
  if (!cfg.record.empty()) {
    recording = std::make_unique<WatchRecording>(cfg.record, net::intern_source("watch"));
    runtime.add_tee(recording.get());
  }
  auto profiles = WatchProfiles::attach(eng, runtime, geo.get(), outputs);  // daily exposure profiles (--db)
  if (profiles) {
    if (begun.resumed) profiles->restore(cfg.db, eng.now());
    checkpoints.also([p = profiles.get()](store::SignalStore& st, uint32_t ts) { p->save(st, ts); });
  }
  std::unique_ptr<WatchHttp> http;
  if (cfg.http) {
    http = std::make_unique<WatchHttp>(cfg.db, [&runtime] { return runtime.status(); });
    http->attach(eng);
    uint16_t port = http->bind(*cfg.http);
    fprintf(stderr, "darkwatch: http: /status, /metrics, the API (%s) and the dashboard on %s\n",
            cfg.db.empty() ? "no store: no --db" : cfg.db.c_str(), Endpoint{cfg.http->address, port}.str().c_str());
  }
  drop_privileges(cfg.user);  // every port is bound
  std::unique_ptr<RisLiveInput> ris;
  if (!cfg.ris_live.empty()) ris = std::make_unique<RisLiveInput>(queue, cfg.ris_live);
  runtime.start();
  if (listening) collector.start();
  if (restarts) restarts->start();
  if (ris) ris->start();
  if (http) http->start();

  // the main thread waits for a signal, or for the finite inputs to end
  int sig = 0;
  for (;;) {
    timespec ts{0, 200 * 1000 * 1000};
    sig = sigtimedwait(&sigs, nullptr, &ts);
    if (sig == SIGHUP) {
      try {
        WatchConfig next = resolve(f);
        fprintf(stderr, "darkwatch: SIGHUP: configuration read again (%zu BGP peers)\n", next.peers.size());
        bgp_peers->set(next.peers);  // new peers may connect from now on
        // removed peers' sessions end (NOTIFICATION Cease, peer de-configured); the others go on
        std::set<std::string> kept;
        for (const auto& p : next.peers) kept.insert(p.address);
        collector.close_where([&](const net::Remote& r) { return r.kind == "bgp" && !kept.count(r.address); },
                              std::string(BgpDecoder::kRemoved));
        cfg.peers = next.peers;
      } catch (const std::exception& e) {
        fprintf(stderr, "darkwatch: SIGHUP: configuration not changed: %s\n", e.what());
      }
      continue;
    }
    if (sig == SIGINT || sig == SIGTERM) break;
    sig = 0;
    if (runtime.finished()) break;
  }
  auto t0 = std::chrono::steady_clock::now();
  if (sig) fprintf(stderr, "darkwatch: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  // stop accepting and reading; the engine drains what is queued (at most 3 s)
  auto deadline = t0 + std::chrono::seconds(3);
  std::thread guard([&] {  // a decoder waiting for room must not hold the exit
    while (!runtime.finished() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    queue.stop();
  });
  if (ris) ris->join();
  collector.stop();
  runtime.stop(deadline);
  guard.join();
  if (restarts) restarts->stop();  // the queue has stopped: a sweep waiting for room returns
  std::string record_error = recording ? recording->close() : "";
  if (checkpoints.save(eng, outputs.store()))  // what a restart resumes from, before finish closes what is open
    fprintf(stderr, "darkwatch: checkpoint at %s saved in %s (%llu this run)\n", bgp::iso8601(eng.now()).c_str(),
            cfg.db.c_str(), (unsigned long long)checkpoints.saved());
  eng.finish();
  if (profiles) profiles->finish();
  outputs.finish(eng);
  if (http) http->stop();  // after the engine's last events reached the stream
  auto st = runtime.status();
  uint64_t bytes_dropped = 0;
  for (const auto& c : st.connections) bytes_dropped += c.bytes_dropped;
  fprintf(stderr,
          "darkwatch: watched %zu connection(s): %llu elements (%llu announcements, %llu withdrawals, %llu peer states), %zu peers, %llu prefixes; %llu damaged; %zu events, "
          "%zu notices; dropped %llu events, %llu bytes; stopped in %.2f s\n",
          st.connections.size(), (unsigned long long)eng.elements(), (unsigned long long)st.announcements,
          (unsigned long long)st.withdrawals, (unsigned long long)st.peer_states, eng.rib().peers().size(),
          (unsigned long long)eng.rib().prefixes().size(), (unsigned long long)eng.damaged(),
          eng.detector().events().size(), eng.notices().size(),
          (unsigned long long)(st.dropped() + runtime.discarded()), (unsigned long long)bytes_dropped,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  for (const auto& c : st.connections)
    fprintf(stderr, "darkwatch: %s %s (%s): %llu bytes, %llu read pauses, peak %zu bytes buffered; %s\n", c.kind.c_str(),
            c.remote.c_str(), c.source.c_str(), (unsigned long long)c.bytes_in, (unsigned long long)c.read_pauses,
            c.peak_buffered, c.end_reason.empty() ? "open" : c.end_reason.c_str());
  if (ris)
    fprintf(stderr, "darkwatch: ris-live %s: %llu lines, %llu updates, %llu elements, %llu peer states, %llu skipped, %llu damaged\n",
            cfg.ris_live.c_str(), (unsigned long long)ris->stats().lines, (unsigned long long)ris->stats().updates,
            (unsigned long long)ris->stats().elements, (unsigned long long)ris->stats().peer_states,
            (unsigned long long)ris->stats().skipped, (unsigned long long)ris->stats().damaged);
  if (!record_error.empty()) {
    fprintf(stderr, "darkwatch: --record: %s\n", record_error.c_str());
    return 1;
  }
  return 0;
}

void add_watch(CLI::App& app) {
  auto f = std::make_shared<WatchFlags>();
  auto* c = app.add_subcommand("watch", "Collect BGP live (BMP, RIS Live): the same signals, events and alerts as replay");
  f->cmd = c;
  c->add_option("--config", f->config, "TOML configuration (docs/watch.md); flags override it");
  c->add_option("--bmp", f->bmp, "accept BMP routers on ADDR:PORT (port 0: any free port, logged)");
  c->add_option("--bmp-idle", f->bmp_idle, "close a BMP connection silent this many seconds (0: never)");
  c->add_option("--bmp-view", f->bmp_view, "the BMP view that feeds routing state (default pre-policy-else-loc-rib)");
  c->add_option("--bgp", f->bgp, "accept BGP sessions from the configured peers on ADDR:PORT");
  c->add_option("--asn", f->asn, "our AS number for BGP sessions")->check(kAsnCheck);
  c->add_option("--router-id", f->router_id, "our BGP identifier (an IPv4 address)");
  c->add_option("--peer", f->peers, "a BGP peer allowed to connect: IP or IP:ASN; repeatable");
  c->add_option("--ris-live", f->ris_live, "RIS Live JSON messages from this file (- for stdin)");
  c->add_option("--db", f->db, "store signals and events in this SQLite database (written as bins close)");
  c->add_option("--events", f->events, "write events (JSON lines) here at exit; - for stdout");
  c->add_option("--alert", f->alert_files, "send alerts as JSON lines to this file (- for stdout); repeatable");
  c->add_option("--alert-webhook", f->alert_webhooks, "POST alerts as JSON to this URL; repeatable");
  c->add_flag("--alert-syslog", f->alert_syslog, "send alerts to syslog");
  c->add_option("--as-names", f->as_names, "AS names, as for replay ('none' for numbers only)");
  c->add_option("--record", f->record, "record what is heard as MRT in RouteViews layout under DIR");
  c->add_option("--warm", f->warm, "start from this archive's routing state and baselines (unless --db holds a checkpoint)");
  c->add_option("--checkpoint-every", f->checkpoint_every,
                "seconds between checkpoints into --db, which a restart resumes from (0: only at exit; default 60)");
  c->add_option("--http", f->http, "serve /status, /metrics, the API over --db and the dashboard on ADDR:PORT");
  c->add_option("--user", f->user, "after binding the ports, run as this user (when started as root)");
  c->add_option("--geo", f->geo, "country database, as for replay (default: auto)");
  c->add_option("--bin", f->bin, "bin width in seconds")->check(kBinRange);
  add_detection_options(c, f->min_duration, f->min_loss);
  add_warmup_option(c, f->warmup);
  c->add_flag("--check-config", f->check_config, "print the configuration as the file and flags resolve, and exit");
  c->add_option("--test-engine-delay-us", f->test_engine_delay_us, "test: the engine sleeps this long per batch")->group("");
  c->callback([f] {
    int rc = run_watch(*f);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
