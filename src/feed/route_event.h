// The source-neutral stream every input produces and the engine consumes:
// archives (MRT), and later BMP routers, BGP sessions and RIS Live. One event
// is a route element (RIB entry, announcement, withdrawal, or a peer's session
// state), the begin or end of a RIB dump, a data gap, damage (something lost,
// with its text) or a clock tick. Each carries its source (collector or
// router) and a sequence number per source, so that a consumer across a
// queue or a network can tell what it missed and where to resume.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bgp/element.h"

namespace dw::feed {

enum class EventKind : uint8_t {
  Element = 1,   // elem: Rib / Announce / Withdraw, or PeerState (session up/down)
  RibBegin = 2,  // a RIB dump of the source at ts; its entries follow as Rib elements
  RibEnd = 3,    // that dump is complete
  Gap = 4,       // the source published nothing for [ts, until)
  Damage = 5,    // a record or message was lost; text says what and where
  Tick = 6,      // the source's clock reached ts (the first tick starts the run)
};
const char* to_string(EventKind k);

struct RouteEvent {
  EventKind kind = EventKind::Element;
  // Collector or router name. Borrowed: it stays valid for as long as its
  // producer (an ArchiveSource, a FeedDecoder) lives.
  std::string_view source;
  uint64_t seq = 0;       // per source, from 1, without holes
  uint32_t ts = 0;        // Element: elem.ts; RibBegin/RibEnd: the dump's time; Gap: its start; Tick: now
  uint32_t until = 0;     // Gap: its end (exclusive)
  bool initial = false;   // RibBegin/RibEnd: the dump the source starts from (no differences to report)
  // Element; elem.attrs is borrowed from the producer unless elem.owned_attrs
  // holds it (a decoded event, or one made to cross a thread)
  bgp::Element elem;
  std::string text;       // Damage: what was lost and where; Gap: why (a file not read to its end, files missing)
};

// Copies borrowed attributes into the event, so that it outlives its producer's
// buffers and can cross a thread.
void own_attributes(RouteEvent& e);

// Where a source delivers its events, in order.
struct EventSink {
  virtual ~EventSink() = default;
  virtual void on_event(const RouteEvent& e) = 0;
};

}  // namespace dw::feed
