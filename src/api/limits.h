// The server's bounds (docs/api.md "Limits"): how many connections it
// serves and queues, how long a client may take, how big a request may be.
#pragma once
#include <chrono>
#include <cstddef>

namespace dw::api {

struct Limits {
  size_t threads = 16;          // connections served at once
  size_t queued = 64;           // accepted and waiting for a thread; beyond: 503 and closed
  size_t stream_subscribers = 8;  // /v2/stream clients (each holds a thread)
  // a request's line and headers must have arrived this long after its first
  // byte was awaited: a client sending one byte a second is dropped (408)
  std::chrono::milliseconds head_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};      // per write of a response
  std::chrono::milliseconds keep_alive_timeout{10000};  // idle between requests
  size_t keep_alive_requests = 100;
  size_t max_header_lines = 50;       // beyond: 431
  size_t max_head_bytes = 16 * 1024;  // request line + headers; beyond: 431 (the line alone: 414 at 8 KiB)
  std::chrono::milliseconds stream_ping{15000};
  size_t cache_bytes = 64 * 1024 * 1024;  // answers kept while the store is unchanged (0: none)
};

}  // namespace dw::api
