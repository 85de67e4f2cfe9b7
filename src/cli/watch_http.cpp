#include "cli/watch_http.h"

#include <stdexcept>

#include "cli/live_stream.h"
#include "embedded_assets.h"

namespace dw::cli {

namespace {

api::Limits watch_limits() {
  api::Limits l;
  l.cache_bytes = 16 * 1024 * 1024;  // the store changes every bin: answers are kept only that long
  return l;
}

}  // namespace

WatchHttp::WatchHttp(const std::string& db, std::function<watch::Status()> status)
    : server_(std::make_unique<api::Server>(db, watch_limits())) {
  server_->add_json_route("/status", [status] { return watch::to_json(status()); });
  server_->add_text_route("/metrics", [status] { return watch::to_prometheus(status()); });
  server_->set_assets(api::embedded_assets());
}

WatchHttp::~WatchHttp() { stop(); }

void WatchHttp::attach(engine::Engine& eng) { live_ = std::make_unique<LiveStream>(*server_, eng); }

uint16_t WatchHttp::bind(const Endpoint& ep) {
  std::string err;
  bool v6 = ep.address.find(':') != std::string::npos;
  int port = server_->bind((v6 ? "[" + ep.address + "]" : ep.address) + ":" + std::to_string(ep.port), err);
  if (port < 0) throw std::runtime_error("--http " + ep.str() + ": " + err);
  return static_cast<uint16_t>(port);
}

void WatchHttp::start() {
  thread_ = std::thread([this] { server_->run(); });
}

void WatchHttp::stop() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace dw::cli
