// /status (JSON) and /metrics (Prometheus text) over HTTP with cpp-httplib,
// for `watch --http`. A stand-in the API's server (branch h-api) can replace:
// it only serves what Runtime::status() renders.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "watch/status.h"

namespace dw::watch {

class StatusServer {
 public:
  explicit StatusServer(std::function<Status()> snapshot);
  ~StatusServer();
  // Binds now (throws naming the address when it cannot); port 0: any free
  // port. Returns the port bound.
  uint16_t bind(const std::string& address, uint16_t port);
  void start();  // serves on its own thread
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dw::watch
