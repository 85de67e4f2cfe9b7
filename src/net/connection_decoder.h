// What the live I/O runs per TCP connection: a sans-I/O decoder (a BMP
// stream, a BGP session) that takes bytes as they arrive and delivers route
// events to a sink. The net stage knows no protocol; cmd_watch adapts
// bmp::BmpStream and session::BgpSession to this interface.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "feed/route_event.h"

namespace dw::net {

class ConnectionDecoder {
 public:
  virtual ~ConnectionDecoder() = default;
  // Bytes as they came (any split). An error text ends the connection: it
  // names router, peer, message type and byte offset.
  virtual std::optional<std::string> feed(std::span<const uint8_t> bytes, uint32_t now) = 0;
  // The connection ended (by the remote side, an error or an idle timeout).
  virtual void close(uint32_t now, std::string_view why) = 0;
  // Bytes to send back (a BGP speaker's OPEN, KEEPALIVE, NOTIFICATION).
  virtual std::vector<uint8_t> take_output() { return {}; }
  // When on_timer must run next (unix seconds; 0: no timer). BGP hold timer.
  virtual uint32_t next_deadline() const { return 0; }
  // An error text ends the connection (hold timer expired).
  virtual std::optional<std::string> on_timer(uint32_t /*now*/) { return std::nullopt; }
  // The decoder asks for the connection to end after its output is sent.
  virtual bool done() const { return false; }
};

// Who connected, and the name its events carry.
struct Remote {
  std::string kind;     // the listener's: "bmp", "bgp"
  std::string address;  // the remote IP, text form
  uint16_t port = 0;
  std::string source;   // the events' source name (unique among open connections; a factory may rename it)
};

// Builds the decoder for an accepted connection, delivering to sink; nullptr
// refuses the connection (why says why: "not a configured peer").
using DecoderFactory =
    std::function<std::unique_ptr<ConnectionDecoder>(Remote& remote, feed::EventSink& sink, std::string& why)>;

}  // namespace dw::net
