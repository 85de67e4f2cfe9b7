// One BMP session (RFC 7854) from one router, decoded without I/O: feed()
// takes the bytes as they arrive on the TCP connection, in any split, frames
// complete BMP messages (common header v3, per-type length checks), decodes
// them and delivers feed::RouteEvents to the sink in arrival order. The socket,
// its thread and its queue belong to the caller (`watch`), so the same decoder
// serves `dump`, tests, the fuzz target and the live collector.
//
// Which routes feed the sink: peers are keyed by (distinguisher, address,
// view). The configured view (StreamConfig::view) is delivered under the
// router's name as source; peers of a non-zero distinguisher (a VRF) under
// "<router>/<distinguisher>", so that two VRFs' peers of the same address stay
// two peers. Other views are decoded, checked and counted (skipped_views) but
// not delivered, unless the view is All (dump), which delivers every view, the
// non-primary ones under "<router>/<view>[/<distinguisher>]".
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bgp/ip.h"
#include "bgp/result.h"
#include "feed/route_event.h"

namespace dw::bmp {

// Which routes feed the sink.
enum class View : uint8_t {
  PrePolicyElseLocRib,  // Adj-RIB-In pre-policy; Loc-RIB while the router sends none (default)
  PrePolicy,            // Adj-RIB-In pre-policy only
  PostPolicy,           // Adj-RIB-In post-policy only (L flag)
  LocRib,               // RFC 9069 Loc-RIB only (peer type 3)
  AdjRibOut,            // RFC 8671 Adj-RIB-Out (O flag), pre and post policy
  All,                  // every view (dump): non-primary ones under their own source name
};
const char* to_string(View v);
// "pre-policy-else-loc-rib", "pre-policy", "post-policy", "loc-rib", "adj-rib-out", "all"
std::optional<View> parse_view(std::string_view s);

// The RIB a per-peer message describes (from peer type and the L and O flags).
enum class RibView : uint8_t { AdjInPre, AdjInPost, LocRib, AdjOutPre, AdjOutPost };
const char* to_string(RibView v);

struct StreamConfig {
  View view = View::PrePolicyElseLocRib;
};

struct StreamStats {
  uint64_t bytes = 0;             // consumed by framing
  uint64_t messages = 0;          // whole BMP messages framed
  uint64_t route_monitoring = 0;
  uint64_t elements = 0;          // route elements decoded (every view)
  uint64_t delivered = 0;         // events delivered to the sink
  uint64_t peers_up = 0, peers_down = 0;
  uint64_t stats_reports = 0;     // Statistics Report messages
  uint64_t stats_counters = 0;    // statistics counters read (known types)
  uint64_t stats_unknown = 0;     // counters of a type we do not know (skipped, never an error)
  uint64_t stats_malformed = 0;   // known counters of the wrong length (skipped, counted)
  uint64_t route_mirroring = 0;   // skipped, counted
  uint64_t initiations = 0, terminations = 0;
  uint64_t skipped_views = 0;     // route elements of views not delivered
  uint64_t damaged = 0;           // messages that did not decode (each also a Damage event)
  uint64_t rfc7606 = 0;           // UPDATEs whose routes RFC 7606 turned into withdrawals
  uint64_t unsupported_nlri = 0;  // UPDATEs of families we do not decode (labelled, VPN, ...)
  uint64_t unknown_messages = 0;  // BMP message types we do not know (skipped, counted)
};

// What the router said about itself (Initiation, RFC 7854 4.3 / 4.4).
struct RouterInfo {
  std::string sys_name, sys_descr;
  std::vector<std::string> strings;  // type 0 information strings
  std::string termination;           // the Termination reason, when one came
};

// The last value of one Statistics Report counter (RFC 7854 4.8, RFC 8671,
// RFC 9069); afi/safi only for the per-family gauges (types 9, 10, 16, 17).
struct StatValue {
  uint16_t type = 0;
  uint16_t afi = 0;
  uint8_t safi = 0;
  uint64_t value = 0;
};

// One peer as `status` shows it.
struct PeerStatus {
  RibView view = RibView::AdjInPre;
  uint8_t peer_type = 0;        // 0 global, 1 RD instance, 2 local instance, 3 Loc-RIB
  uint64_t distinguisher = 0;
  bgp::IpAddr address;          // Loc-RIB: zero in the header; the BGP id stands in as peer_ip
  uint32_t asn = 0;
  bgp::IpAddr bgp_id;
  std::string table_name;       // RFC 9069 Table-Name TLV (Loc-RIB)
  bool up = false;              // a PeerUp came and no PeerDown after it
  uint32_t up_since = 0;        // time of the PeerUp (0: routes came without one)
  uint32_t down_reason = 0;     // last PeerDown reason (1-6), 0 when none
  bool as4 = true;              // 4-byte AS paths (A flag clear and the OPENs agree)
  // ADD-PATH receive per family for routes the router got from this peer
  // (peer's OPEN says send, router's OPEN says receive): "ipv4/1", "ipv6/1", ...
  std::vector<std::string> addpath;
  // route elements seen per family (the table sizes are routing state's:
  // keeping a prefix set per peer here would double the memory of 100 full tables)
  uint64_t announced_v4 = 0, announced_v6 = 0, withdrawn_v4 = 0, withdrawn_v6 = 0;
  uint32_t last_update = 0;     // time of the last Route Monitoring message
  std::vector<StatValue> stats; // latest value of each counter the router reported
};

class BmpStream {
 public:
  BmpStream(std::string router, feed::EventSink& sink, StreamConfig cfg = {});
  ~BmpStream();
  BmpStream(const BmpStream&) = delete;
  BmpStream& operator=(const BmpStream&) = delete;

  // Takes the next bytes of the connection. An error means the session must
  // end: it names the router, message type, peer and stream offset.
  //  - a framing error (not version 3, an impossible length) is final: every
  //    later call returns it again;
  //  - a well-framed message whose content does not decode is passed over (a
  //    Damage event says what and where) and decoding stops after it: the
  //    unread bytes stay buffered, and feed({}, now) resumes (dump does;
  //    watch closes the session).
  // RFC 7606 damage inside an UPDATE's attributes is not an error: its routes
  // are withdrawn (parse_withdraw), as in MRT.
  bgp::Status feed(std::span<const uint8_t> bytes, uint32_t now);
  // The connection ended (EOF, error, idle): every peer of the router still
  // up goes down (PeerState), after whatever was decoded.
  void close(uint32_t now, std::string_view why);
  // At end of stream: an error when it stopped inside a message (which type,
  // its offset, bytes present and missing); ok when on a message boundary.
  bgp::Status end_of_stream() const;

  bool failed() const;      // a framing error ended the stream (feed() returns it again)
  size_t buffered() const;  // bytes of an incomplete message held
  uint64_t offset() const;  // stream offset of the next byte feed() will see
  const StreamStats& stats() const;
  const RouterInfo& router_info() const;
  const std::string& router() const;
  std::vector<PeerStatus> peers() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True when data begins like a BMP v3 stream (version 3, a known message type,
// a sane length): `dump` recognises BMP by content, not by name.
bool looks_like_bmp(std::span<const uint8_t> data);

}  // namespace dw::bmp
