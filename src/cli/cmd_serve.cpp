// darkwatch serve --db FILE [--listen ADDR:PORT]: the HTTP API and dashboard
// over a stored run (docs/api.md), read-only, until SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <pthread.h>
#include <thread>

#include "api/server.h"
#include "cli/commands.h"
#include "embedded_assets.h"

namespace dw::cli {

namespace {

struct ServeOptions {
  std::string db, listen = "127.0.0.1:8080";
  size_t cache_mb = 64;
};

int run_serve(const ServeOptions& o) {
  // SIGINT/SIGTERM go to one waiting thread (blocked in every other one,
  // which inherit the mask), which stops the server cleanly.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  api::Limits limits;
  limits.cache_bytes = o.cache_mb * 1024 * 1024;
  api::Server server(o.db, limits);
  server.set_assets(api::embedded_assets());  // the dashboard (web/)
  std::string err;
  int port = server.bind(o.listen, err);
  if (port < 0) {
    std::fprintf(stderr, "darkwatch: %s\n", err.c_str());
    return 2;
  }
  std::string host = o.listen.substr(0, o.listen.rfind(':'));
  std::fprintf(stderr, "darkwatch: serving %s at http://%s:%d/ (API: /v2/..., docs/api.md); Ctrl-C stops\n",
               o.db.c_str(), host.c_str(), port);
  std::fflush(stderr);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  server.run();
  // stopped by a signal: the waiter has returned; stopped otherwise: wake it
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return 0;
}

}  // namespace

void add_serve(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  auto* c = app.add_subcommand("serve", "Serve the HTTP API and dashboard over a stored run (docs/api.md)");
  c->add_option("--db", o->db, "the store a replay wrote (--db); opened read-only")->required()->check(CLI::ExistingFile);
  c->add_option("--listen", o->listen, "ADDR:PORT to listen on (port 0: any free one)")->capture_default_str();
  c->add_option("--cache-mb", o->cache_mb, "memory for answers kept while the store is unchanged (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  c->callback([o] {
    if (int rc = run_serve(*o)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
