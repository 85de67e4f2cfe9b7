// Live I/O: TCP listeners (standalone Asio) for BMP routers and BGP peers.
// One I/O thread reads every socket into a BOUNDED per-connection queue of
// byte chunks; one decoding thread per connection runs its sans-I/O decoder
// (ConnectionDecoder) and hands the events, batched, to the engine's
// EventQueue. When a connection's chunk queue is full its socket is not read
// until the decoder catches up: TCP back-pressure on the router, never
// unbounded buffering. Each pause, and every byte not decoded at shutdown,
// is counted. A decoder error, an idle timeout or an expired hold timer ends
// only that connection, with its reason logged.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/connection_decoder.h"
#include "net/event_queue.h"

namespace dw::net {

struct ListenerConfig {
  std::string kind;     // "bmp", "bgp": for logs and status
  std::string address;  // "127.0.0.1", "::", "0.0.0.0"
  uint16_t port = 0;    // 0: any free port (listen() returns it)
  DecoderFactory factory;
  uint32_t idle_seconds = 0;  // end a connection silent this long (BMP); 0: never
};

struct CollectorConfig {
  size_t chunk_bytes = 64 * 1024;         // one read
  size_t max_buffered = 4 * 1024 * 1024;  // per connection: bytes read but not yet decoded
  // all connections together (0: none), shared evenly among those open; a
  // connection keeps at least kMinBuffered (or max_buffered if smaller)
  size_t total_buffered = 0;
  static constexpr size_t kMinBuffered = 256 * 1024;
};

struct ConnectionStats {
  uint64_t id = 0;
  std::string kind, remote, source, end_reason;
  bool open = false;
  uint32_t since = 0;          // unix time it connected
  uint64_t bytes_in = 0;       // read from the socket
  uint64_t bytes_decoded = 0;  // handed to the decoder
  uint64_t bytes_dropped = 0;  // read but never decoded (shutdown)
  uint64_t read_pauses = 0;    // times reading stopped because the chunk queue was full
  size_t buffered = 0, peak_buffered = 0;
};

class Collector {
 public:
  explicit Collector(EventQueue& q, CollectorConfig cfg = {});
  ~Collector();
  Collector(const Collector&) = delete;
  Collector& operator=(const Collector&) = delete;

  // Binds now (throws std::runtime_error naming the address when it cannot);
  // returns the port bound. Call before start().
  uint16_t listen(ListenerConfig l);
  void start();  // the I/O thread starts accepting
  // Stops accepting and closes every connection; what was read but not
  // decoded is counted as dropped. Waits for the decoding threads, which may
  // wait for room in the event queue: stop the queue after `grace` so they
  // cannot wait for ever.
  void stop();
  // Closes the open connections `which` selects (SIGHUP: a peer removed from
  // the configuration), with that reason.
  void close_where(const std::function<bool(const Remote&)>& which, const std::string& reason);

  std::vector<ConnectionStats> connections() const;
  uint64_t refused() const { return refused_; }
  void set_log(std::function<void(const std::string&)> f) { log_ = std::move(f); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::function<void(const std::string&)> log_;
  std::atomic<uint64_t> refused_{0};
};

}  // namespace dw::net
