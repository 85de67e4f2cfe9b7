// The sink a decoder writes into on its own thread: each event is made to
// own its attributes (so it can cross to the engine thread), renamed to the
// connection's stable source name, and collected until flush() hands the
// batch to the event queue. Consecutive elements with equal attributes (the
// prefixes of one UPDATE, the same path re-announced) share one copy, so the
// copy costs one allocation per message, not per prefix.
#pragma once
#include <memory>
#include <string>

#include "net/event_queue.h"

namespace dw::net {

class BatchingSink : public feed::EventSink {
 public:
  BatchingSink(EventQueue& q, size_t lane, const std::string& source) : q_(q), lane_(lane), source_(&source) {}
  void on_event(const feed::RouteEvent& e) override;
  // Hands what was collected to the queue (waiting while the lane is full).
  // False when the queue refused it (stopping): the events were counted dropped.
  bool flush();
  size_t pending() const { return batch_.size(); }
  // Events from now on carry this (stable, interned) name.
  void rename(const std::string& source) { source_ = &source; }
  uint64_t seq() const { return seq_; }

 private:
  EventQueue& q_;
  size_t lane_;
  const std::string* source_;
  Batch batch_;
  uint64_t seq_ = 0;
  std::shared_ptr<const bgp::Attributes> last_;
};

// The attributes the engine and the feed encoding read are equal.
bool same_route_attributes(const bgp::Attributes& a, const bgp::Attributes& b);

}  // namespace dw::net
