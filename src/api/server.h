// The one HTTP server of darkwatch (cpp-httplib): the JSON API over a stored
// run, /v2/stream (server-sent events fed by publish()), the embedded
// dashboard, and routes other commands add (watch's /metrics and /status).
// `darkwatch serve` runs it over a finished store; `watch --http` inside the
// live engine. Read-only, loopback unless told otherwise, bounded (limits.h).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/api.h"
#include "api/assets.h"
#include "api/limits.h"

namespace dw::api {

class Server {
 public:
  // Opens the store read-only; throws when it is not a darkwatch store.
  // db_path "": no store (watch without --db): the JSON routes answer 503
  // "no store", while /v2/stream, the extra routes and the assets still work.
  explicit Server(const std::string& db_path, Limits limits = {});
  bool has_store() const;
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void set_assets(AssetTable assets);
  // Extra routes (before start()): fn returns the body, sent as
  // text/plain; version=0.0.4 (Prometheus) or application/json as given.
  void add_text_route(const std::string& path, std::function<std::string()> fn);
  void add_json_route(const std::string& path, std::function<std::string()> fn);
  // To every /v2/stream subscriber: "event: NAME", "data: JSON".
  void publish(std::string_view event_name, std::string_view json);

  // "127.0.0.1:8080", "[::1]:8080", port 0 for any; the bound port, or -1
  // with why in err.
  int bind(const std::string& listen, std::string& err);
  void run();   // serves until stop()
  void stop();  // from any thread
  size_t stream_subscribers() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "ADDR:PORT" -> host and port; false when it is not one.
bool parse_listen(const std::string& text, std::string& host, int& port);

}  // namespace dw::api
