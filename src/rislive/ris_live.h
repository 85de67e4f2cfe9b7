// RIPE RIS Live messages (JSON, one per line, as the websocket or a recorded
// file gives them) as route events. Each `ris_message` names its collector
// (`host`, e.g. rrc00): that is the event's source. UPDATE announcements and
// withdrawals become elements, RIS_PEER_STATE becomes a PeerState element;
// OPEN, KEEPALIVE, NOTIFICATION and the rest are counted and skipped. A line
// that is not a usable message becomes a Damage event naming its line number,
// and decoding goes on with the next line.
#pragma once
#include <atomic>
#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <string_view>

#include "feed/route_event.h"

namespace dw::rislive {

struct Stats {
  uint64_t lines = 0;        // non-empty lines seen
  uint64_t updates = 0;      // UPDATE messages decoded
  uint64_t elements = 0;     // announce / withdraw elements emitted
  uint64_t peer_states = 0;  // RIS_PEER_STATE messages turned into PeerState elements
  uint64_t skipped = 0;      // well-formed messages of other types (OPEN, KEEPALIVE, ...)
  uint64_t damaged = 0;      // lines (or parts of lines) lost: Damage events emitted
};

class RisLiveDecoder {
 public:
  // `name` is the source of Damage events that no collector can be named for.
  explicit RisLiveDecoder(feed::EventSink& sink, std::string name = "ris-live");

  // One line (without its newline); line_no counts from 1.
  void line(std::string_view text, uint64_t line_no);
  const Stats& stats() const { return stats_; }

 private:
  struct Source {
    uint64_t seq = 0;
  };
  void emit(feed::RouteEvent& e, const std::string& source);
  void damage(const std::string& source, uint64_t line_no, const std::string& why);
  const std::string& source(std::string_view host);

  feed::EventSink& sink_;
  std::string name_;
  // node-based: the keys are the events' (borrowed) source names, stable while the decoder lives
  std::map<std::string, uint64_t, std::less<>> seq_;
  Stats stats_;
};

// Reads lines from in until its end (or until *stop turns true, checked per
// line) and hands them to d. Returns the number of lines read.
uint64_t read_stream(std::istream& in, RisLiveDecoder& d, const std::atomic<bool>* stop = nullptr);

}  // namespace dw::rislive
