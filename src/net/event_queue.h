// The bounded hand-over from the decoding threads to the single engine
// thread. Each source (a router's connection, a BGP peer, a RIS Live input)
// has its own lane with its own cap, and the engine takes batches from the
// lanes in turn: a source that floods fills only its own lane and is slowed
// (its decoder waits, its socket is no longer read, TCP pushes back on the
// router), while the others' events keep their share of the engine.
// Order within a lane is kept: per-session order end to end.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "feed/route_event.h"

namespace dw::net {

using Batch = std::vector<feed::RouteEvent>;

struct LaneStats {
  std::string name;
  bool open = false;
  uint64_t events = 0;    // handed to the engine
  uint64_t waits = 0;     // pushes that had to wait for room (back-pressure)
  uint64_t dropped = 0;   // events refused because the queue was stopping
  size_t depth = 0;       // events queued now
  size_t applying = 0;    // events taken by the engine and not yet applied (its current batch)
  size_t peak_depth = 0;  // the most ever queued
};

class EventQueue {
 public:
  // lane_capacity: events a lane may hold before its producer waits.
  // total_capacity (0: none): what all open lanes may hold together, shared
  // evenly, so that a hundred routers at once do not hold a hundred lanes'
  // worth (a lane keeps at least kMinLane, or lane_capacity if smaller).
  explicit EventQueue(size_t lane_capacity, size_t total_capacity = 0);
  static constexpr size_t kMinLane = 4096;

  size_t open_lane(std::string name);
  // The producer is finished; the lane goes once the engine has drained it.
  void close_lane(size_t lane);
  // Waits while the lane is full. After stop() nothing waits: what cannot be
  // queued is dropped and counted. Returns false when the batch was dropped.
  bool push(size_t lane, Batch&& batch);
  // The next batch, lanes in turn; waits up to `wait` for one. False: none.
  // The engine calls it once it applied the batch before: until then that
  // batch counts as `applying`, so depth + applying is what it still owes.
  bool pop(Batch& out, std::chrono::milliseconds wait);
  // No producer waits any more (shutdown; or the engine is gone).
  void stop();
  bool idle() const;  // every lane closed and drained
  bool empty() const;  // nothing queued in any lane (lanes may be open)
  size_t open_lanes() const;
  std::vector<LaneStats> stats() const;
  size_t capacity() const { return cap_; }

 private:
  struct Lane {
    LaneStats st;
    std::deque<Batch> q;
    bool closed = false;
  };
  size_t cap_locked() const;  // what a lane may hold now (the shared budget over the open lanes), m_ held
  const size_t cap_, total_;
  size_t open_ = 0;  // lanes not closed
  mutable std::mutex m_;
  std::condition_variable has_room_, has_data_;
  std::deque<Lane> lanes_;  // never shrinks: lane ids stay valid (a handful per connection ever made)
  size_t next_ = 0;
  size_t applying_lane_ = SIZE_MAX;  // the lane of the batch the engine holds
  bool stopped_ = false;
};

}  // namespace dw::net
