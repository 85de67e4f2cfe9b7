// The engine thread of `watch`: takes the sources' batches from the event
// queue (lanes in turn) and runs them through the one Engine, which no other
// thread touches. The data's own time ticks the engine's clock (an element
// newer than any before, as an archive's record in replay). While the feed is live (its newest time within an hour of
// the wall clock) it also ticks the engine's clock every second, so bins
// close and outages are raised when time passes without messages; a
// recorded feed's elements tick it with their own times instead. A snapshot
// of the state for `status` and `/metrics` is taken every second, and when
// the queue runs dry (at most every 10 ms).
#pragma once
#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/engine.h"
#include "net/collector.h"
#include "net/event_queue.h"
#include "watch/status.h"

namespace dw::watch {

struct RuntimeConfig {
  // Test knob (hidden flag --test-engine-delay-us): the engine sleeps this
  // long per batch, to show that a slow engine slows only the flooding source.
  std::chrono::microseconds engine_delay{0};
  bool wall_clock_ticks = true;
  // no listener: the run ends once every input ended and was drained
  bool end_with_inputs = false;
  std::string version;
};

class Runtime {
 public:
  Runtime(engine::Engine& eng, net::EventQueue& q, RuntimeConfig cfg);
  ~Runtime();
  // Hook for --record (cli/watch_record.h): every source event, before the
  // engine, on the engine thread, in the order the engine sees them, and the
  // wall-clock Ticks of a live feed (source "watch"); not the data-time
  // Ticks (a recorder follows each source's own element times).
  void add_tee(feed::EventSink* s) { tees_.push_back(s); }
  void set_collector(const net::Collector* c) { collector_ = c; }
  // Runs on the engine thread once a second (checkpoints: cli/watch_checkpoint.h).
  void on_second(std::function<void(engine::Engine&, uint32_t now)> f) { second_ = std::move(f); }
  void start();
  // Drains what the queue holds until it is idle or `deadline`, then ends
  // the thread. Events still queued at the deadline are counted (discarded()).
  void stop(std::chrono::steady_clock::time_point deadline);
  // The thread ends by itself once every lane is closed and drained (all
  // inputs were finite): true then.
  bool finished() const { return finished_; }
  Status status() const;
  uint64_t discarded() const { return discarded_; }

 private:
  void run();
  void snapshot(uint32_t now);
  feed::RouteEvent tick(const std::string& source, uint32_t ts);

  engine::Engine& eng_;
  net::EventQueue& q_;
  RuntimeConfig cfg_;
  std::vector<feed::EventSink*> tees_;
  const net::Collector* collector_ = nullptr;
  std::function<void(engine::Engine&, uint32_t)> second_;
  std::thread thread_;
  std::atomic<bool> stopping_{false}, finished_{false};
  std::chrono::steady_clock::time_point deadline_;
  std::atomic<uint64_t> discarded_{0};
  mutable std::mutex m_;
  Status status_;
  uint64_t last_elements_ = 0;
  std::chrono::steady_clock::time_point rate_since_ = std::chrono::steady_clock::now();
  uint32_t data_ts_ = 0, started_ = 0;
  uint64_t tick_seq_ = 0;
  uint64_t announcements_ = 0, withdrawals_ = 0, peer_states_ = 0;  // engine thread
};

}  // namespace dw::watch
