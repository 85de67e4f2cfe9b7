// What watch sends on /v2/stream (server-sent events), from the engine
// thread: "event.open" and "event.close" as outages and instability open and
// close (the event's JSON from detect::to_json, the one encoder the store and
// alerts use), and "bin" as each bin closes: every country's visible /24s
// and /48s with its share of the day's highest (as /v2/entities/query
// computes it), and the entities with an event open. Nothing is encoded
// while no client listens; publishing only queues text (api::EventHub), so
// the engine never waits for a client.
#pragma once
#include <cstdint>
#include <vector>

#include "api/server.h"
#include "engine/engine.h"

namespace dw::cli {

class LiveStream : public signal::SignalListener {
 public:
  LiveStream(api::Server& server, engine::Engine& eng);  // attaches itself to eng
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool, uint32_t,
                 rib::ChangeCause) override {}
  void on_bin(uint32_t bin_start, uint32_t bin_end) override;

 private:
  void on_event(const detect::Event& e, bool closed);
  struct Country {
    signal::EntityId id;
    std::vector<int64_t> v4, v6;  // the last day's bins, a ring
  };
  api::Server& server_;
  engine::Engine& eng_;
  std::vector<Country> countries_;
  size_t seen_entities_ = 0, ring_ = 1, pos_ = 0;
};

}  // namespace dw::cli
