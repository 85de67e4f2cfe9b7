// MRT records written (RFC 6396, RFC 8050): the encoders beside the decoders
// of decode.h, for recording what darkwatch hears.
// - BGP4MP_ET (type 17) MESSAGE_AS4 (4) / MESSAGE_AS4_ADDPATH (9) and
//   STATE_CHANGE_AS4 (5): our side (local AS and address) is unknown to an
//   element and written as 0 / the zero address of the peer's family.
// - TABLE_DUMP_V2 (13) PEER_INDEX_TABLE and RIB_IPV4/IPV6_UNICAST/MULTICAST
//   (2-5), and their RFC 8050 _ADDPATH forms (8-11) when entries carry path ids.
// UpdateEncoder turns a stream of Announce / Withdraw / PeerState elements
// back into BGP4MP_ET records: consecutive announcements of one peer, time,
// family and attributes share one UPDATE (as do withdrawals), split so that
// no message passes 4096 bytes; IPv6 (and any non-unicast SAFI) travels in
// MP_REACH / MP_UNREACH. A prefix with a non-zero path id makes its UPDATE an
// ADD-PATH one (an element cannot tell path id 0 from no path id).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "bgp/element.h"
#include "bgp/encode.h"
#include "bgp/writer.h"

namespace dw::mrt {

// Header of a BGP4MP_ET record; the body follows, then finish_record.
size_t begin_record(bgp::Writer& w, uint32_t ts, uint16_t type, uint16_t subtype, bool et, uint32_t usec);
void finish_record(bgp::Writer& w, size_t start);

// A whole BGP message (marker included) as BGP4MP_ET MESSAGE_AS4(_ADDPATH).
void write_bgp4mp_message(bgp::Writer& w, uint32_t ts, uint32_t usec, const bgp::IpAddr& peer_ip, uint32_t peer_as,
                          std::span<const uint8_t> message, bool addpath);
void write_state_change(bgp::Writer& w, uint32_t ts, uint32_t usec, const bgp::IpAddr& peer_ip, uint32_t peer_as,
                        uint16_t old_state, uint16_t new_state);

struct RibPeer {
  bgp::IpAddr bgp_id, ip;
  uint32_t asn = 0;
};
void write_peer_index(bgp::Writer& w, uint32_t ts, const bgp::IpAddr& collector_id, std::string_view view,
                      std::span<const RibPeer> peers);

struct RibEntryOut {
  uint16_t peer_index = 0;
  uint32_t originated = 0;
  uint32_t path_id = 0;
  std::span<const uint8_t> attrs;  // the RIB form: an IPv6 next hop in RFC 6396's abbreviated MP_REACH
};
// One RIB_* record for prefix p (its path id ignored: each entry has its own).
void write_rib_record(bgp::Writer& w, uint32_t ts, uint32_t seq, const bgp::Prefix& p, uint8_t safi, bool addpath,
                      std::span<const RibEntryOut> entries);

// The attributes of a route as a RIB entry holds them (RFC 6396 4.3.4).
void encode_rib_attributes(const bgp::Attributes& a, bgp::Afi afi, bgp::Writer& w);

class UpdateEncoder {
 public:
  // Appends records to out (flushed groups only: call flush() to end the last).
  explicit UpdateEncoder(std::vector<uint8_t>& out) : out_(out) {}
  // Announce, Withdraw or PeerState; Rib elements are not updates (ignored).
  void add(const bgp::Element& e);
  // Writes the pending UPDATE, if any.
  void flush();
  uint64_t messages() const { return messages_; }

 private:
  bool same_group(const bgp::Element& e, bool addpath) const;
  void start_group(const bgp::Element& e, bool addpath);
  std::vector<uint8_t>& out_;
  // the pending group
  bool open_ = false;
  bgp::ElemType type_ = bgp::ElemType::Announce;
  uint32_t ts_ = 0, usec_ = 0, peer_as_ = 0;
  bgp::IpAddr peer_ip_;
  bgp::Afi afi_ = bgp::Afi::Ipv4;
  uint8_t safi_ = 1;
  bool addpath_ = false;
  bool classic_ = false;  // IPv4 unicast: NLRI / withdrawn routes fields, not MP_*
  bgp::NextHop nh_;
  std::vector<uint8_t> attrs_;    // the group's path attributes (NEXT_HOP in them when classic_)
  std::vector<uint8_t> scratch_;  // the element's, to compare
  std::vector<bgp::Prefix> prefixes_;
  size_t size_ = 0;  // message size so far
  std::vector<uint8_t> msg_;
  uint64_t messages_ = 0;
};

}  // namespace dw::mrt
