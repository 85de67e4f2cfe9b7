// cpp-httplib's Server with the bounds httplib 0.11 does not have itself: a
// whole-request deadline for the request line and headers (httplib times out
// each read, so a client trickling one byte a second would hold a thread
// forever), a header count and size limit, and a bounded connection queue
// (503 when full). It replaces only the per-connection loop (httplib's
// documented extension point, as its SSLServer does) and the task queue;
// parsing and routing stay httplib's.
#pragma once
#include <httplib.h>

#include <atomic>

#include "api/limits.h"

namespace dw::api {

class GuardedServer : public httplib::Server {
 public:
  // From a handler: the connection closes after this response (a request
  // whose body we do not read must not have that body taken as the next request).
  static void close_after_response();
  explicit GuardedServer(const Limits& l);
  size_t active_connections() const { return active_.load(); }
  uint64_t refused_connections() const { return refused_.load(); }
  uint64_t dropped_slow() const { return dropped_slow_.load(); }

 private:
  bool process_and_close_socket(socket_t sock) override;
  Limits limits_;
  std::atomic<size_t> active_{0};
  std::atomic<uint64_t> refused_{0}, dropped_slow_{0};
};

}  // namespace dw::api
