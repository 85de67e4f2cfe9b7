// watch --http: darkwatch's one HTTP server (api::Server) inside watch.
// /status and /metrics render the runtime's snapshot; the JSON API reads
// watch's own --db read-only while the engine writes it (WAL: readers never
// block the writer; see docs/watch.md) or, without --db, answers 503 "no
// store"; the dashboard is the embedded one; /v2/stream carries what
// LiveStream publishes from the engine thread. Built here so that
// cmd_watch.cpp only creates, binds, starts and stops it.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "api/server.h"
#include "cli/watch_config.h"
#include "engine/engine.h"
#include "watch/status.h"

namespace dw::cli {

class LiveStream;

class WatchHttp {
 public:
  // db: the store watch writes (--db), "" for none. The store must hold its
  // meta already (RunOutputs::attach has run).
  WatchHttp(const std::string& db, std::function<watch::Status()> status);
  ~WatchHttp();
  // Events and bins of `eng` to /v2/stream (before the engine thread starts).
  void attach(engine::Engine& eng);
  // Binds now (throws naming the address when it cannot); the port bound.
  uint16_t bind(const Endpoint& ep);
  void start();  // serves on its own thread
  void stop();   // after the engine finished: its last events reach the stream first
  api::Server& server() { return *server_; }

 private:
  std::unique_ptr<api::Server> server_;
  std::unique_ptr<LiveStream> live_;
  std::thread thread_;
};

}  // namespace dw::cli
