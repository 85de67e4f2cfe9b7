#include "watch/status_server.h"

#include <httplib.h>

#include <stdexcept>

namespace dw::watch {

struct StatusServer::Impl {
  std::function<Status()> snapshot;
  httplib::Server server;
  std::thread thread;
};

StatusServer::StatusServer(std::function<Status()> snapshot) : impl_(std::make_unique<Impl>()) {
  impl_->snapshot = std::move(snapshot);
  impl_->server.Get("/status", [this](const httplib::Request&, httplib::Response& r) {
    r.set_content(to_json(impl_->snapshot()), "application/json");
  });
  impl_->server.Get("/metrics", [this](const httplib::Request&, httplib::Response& r) {
    r.set_content(to_prometheus(impl_->snapshot()), "text/plain; version=0.0.4");
  });
}

StatusServer::~StatusServer() { stop(); }

uint16_t StatusServer::bind(const std::string& address, uint16_t port) {
  int p = port ? (impl_->server.bind_to_port(address, port) ? port : -1) : impl_->server.bind_to_any_port(address);
  if (p <= 0) throw std::runtime_error("--http " + address + ":" + std::to_string(port) + ": cannot listen");
  return static_cast<uint16_t>(p);
}

void StatusServer::start() {
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
}

void StatusServer::stop() {
  if (!impl_) return;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace dw::watch
