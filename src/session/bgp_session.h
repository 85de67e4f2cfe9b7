// A passive BGP speaker (RFC 4271) for one TCP connection accepted from a
// configured peer, as a state machine without I/O: the caller feeds it the
// bytes it read and the time, writes out what take_output() returns, and
// closes the socket when done(). Routes it hears become feed events (peer
// state, announcements, withdrawals) delivered to a sink in order; it never
// announces a route (End-of-RIB markers, which are empty UPDATEs, aside).
// Times are seconds (any epoch, e.g. UNIX time); the caller passes them in.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bgp/element.h"
#include "bgp/ip.h"
#include "feed/route_event.h"

namespace dw::session {

// A neighbour we accept connections from.
struct PeerConfig {
  bgp::IpAddr address;
  std::optional<uint32_t> asn;  // the AS it must open with (NOTIFICATION 2/2 otherwise); any when empty
  uint32_t max_prefixes = 0;    // routes held at once, all families, each path id apart; 0: no limit
  std::string name;             // source name of its events; its address when empty
};

// What we say about ourselves in our OPEN.
struct SessionConfig {
  uint32_t local_asn = 0;
  uint32_t router_id = 0;          // our BGP identifier, host order (must not be 0)
  uint16_t hold_time = 90;         // offered; the session uses the smaller of ours and the peer's; 0: no hold timer
  bool extended_messages = true;   // RFC 8654: offer 65535-byte messages
  uint32_t gr_restart_time = 120;  // RFC 4724 restart time we advertise (helper only); 0: no GR capability
  uint32_t gr_stale_time = 360;    // after the peer is back, how long stale routes wait for its End-of-RIB
};

// Counters since the session object was made.
struct SessionStats {
  uint64_t bytes_in = 0, bytes_out = 0;
  uint64_t messages_in = 0, messages_out = 0;
  uint64_t updates_in = 0, keepalives_in = 0, notifications_in = 0, route_refresh_in = 0;
  uint64_t announced = 0, withdrawn = 0;  // route elements delivered
  uint64_t treat_as_withdraw = 0;         // UPDATEs whose routes RFC 7606 made withdrawals
  uint64_t attribute_discard = 0;         // UPDATEs with an attribute dropped (RFC 7606)
  uint64_t end_of_rib_in = 0;
  uint64_t stale_swept = 0;               // stale routes withdrawn (RFC 4724)
};

// What `status` shows for a session.
struct SessionStatus {
  bgp::FsmState state = bgp::FsmState::Active;
  uint32_t established_at = 0;  // 0 while not Established
  uint32_t peer_asn = 0;        // from its OPEN (4-byte when it has the capability)
  bgp::IpAddr peer_id;          // its BGP identifier
  uint16_t hold_time = 0;       // negotiated
  uint64_t prefixes_v4 = 0, prefixes_v6 = 0;  // routes held per family (unicast, path ids apart)
  uint64_t stale = 0;           // of those, routes kept from a previous connection (RFC 4724)
  bool as4 = false, route_refresh = false, enhanced_route_refresh = false, extended_messages = false;
  bool graceful_restart = false;               // the peer advertised GR
  bool addpath_v4 = false, addpath_v6 = false; // it sends path ids for IPv4 / IPv6 unicast
};

class BgpSession {
 public:
  // A TCP connection from `peer` was accepted at `now`: our OPEN is queued at
  // once (RFC 4271 8.2.2, passive TCP establishment) and we wait in OpenSent.
  BgpSession(const SessionConfig& cfg, const PeerConfig& peer, feed::EventSink& sink, uint32_t now);
  ~BgpSession();
  BgpSession(const BgpSession&) = delete;
  BgpSession& operator=(const BgpSession&) = delete;

  // A new connection from the same peer replaces `previous` (call right after
  // constructing this one): if it was still open it is closed as if its TCP
  // went away; its routes (stale ones under graceful restart) and its event
  // sequence carry over to this session. `previous` is finished() after.
  void take_over(BgpSession& previous, uint32_t now);

  // Bytes read from the socket, in order. Frames and handles whole messages,
  // keeps a partial one for the next call; may queue output and end the session.
  void on_bytes(std::span<const uint8_t> bytes, uint32_t now);
  // Hold timer, keepalives, graceful-restart sweep of stale routes.
  void on_timer(uint32_t now);
  // The TCP connection went away (read EOF or error). Without graceful
  // restart the session is down at once; with it, its routes are kept as
  // stale for the peer's restart time, then swept (on_timer).
  void on_closed(uint32_t now);
  // Ends the session from our side: NOTIFICATION Cease with `subcode`
  // (RFC 4486: 2 administrative shutdown, 3 peer de-configured).
  void shutdown(uint32_t now, uint8_t subcode = 2);
  // Asks the peer to send its routes again (RFC 2918), each family we share.
  void request_route_refresh();

  // Bytes to write to the socket (OPEN, KEEPALIVE, NOTIFICATION, ROUTE-REFRESH, End-of-RIB).
  std::vector<uint8_t> take_output();
  // The connection is over: write what take_output() still returns, then close it.
  bool done() const;
  // done(), and no stale routes are waiting for their sweep: the object may go.
  bool finished() const;
  // Why it ended: peer, state, message type and byte offset, NOTIFICATION
  // sent or received (code/subcode). Empty while the session runs.
  const std::string& close_reason() const;
  // When on_timer must run next; 0 when nothing is pending.
  uint32_t next_deadline() const;

  const SessionStats& stats() const;
  SessionStatus status() const;
  // The source name of its events (PeerConfig::name, else the peer's address).
  const std::string& source() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// Who may connect: the configured peer with this address, or nullptr (the
// caller refuses the connection and logs it).
const PeerConfig* find_peer(const std::vector<PeerConfig>& peers, const bgp::IpAddr& addr);

}  // namespace dw::session
