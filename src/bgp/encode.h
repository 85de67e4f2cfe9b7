// The wire forms the decoders read, written back: path attributes (RFC 4271
// 4.3 and successors), NLRI (with RFC 7911 path ids), MP_REACH / MP_UNREACH
// (RFC 4760, and RFC 6396's abbreviated RIB form) and whole UPDATE messages.
// Used to record what darkwatch hears as MRT (src/mrt/mrt_writer.h); the
// decoders in attributes.cpp / message.cpp read every byte of it back.
// AS numbers are always written in 4 bytes (RFC 6793 NEW speaker form):
// AS_PATH is the effective path (AS4_PATH already merged in), so AS4_PATH and
// AS4_AGGREGATOR are never written.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "bgp/attributes.h"
#include "bgp/writer.h"

namespace dw::bgp {

// The largest BGP message without RFC 8654 extended messages: what every
// reader accepts. UPDATEs are split to stay within it.
constexpr size_t kClassicMessageLen = 4096;

// One attribute: flags (extended length set when the value needs it), type,
// length, value.
void encode_attribute(Writer& w, uint8_t flags, uint8_t type, std::span<const uint8_t> value);

// Every attribute present in a except the next hop and the NLRI carriers
// (NEXT_HOP, MP_REACH, MP_UNREACH) and AS4_PATH / AS4_AGGREGATOR; unknown
// attributes as they came. In type order, NEXT_HOP in its place when
// next_hop is given (an IPv4 unicast announcement).
void encode_path_attributes(const Attributes& a, Writer& w, const IpAddr* next_hop = nullptr);

// The next hop an announcement of a prefix of this family travels with:
// NEXT_HOP for IPv4, MP_REACH's for the others (and for IPv4 that came only
// in MP_REACH). nh_local is the IPv6 link-local one, zero when none.
struct NextHop {
  IpAddr nh, nh_local;
  bool present = false;
  bool link_local = false;
};
NextHop next_hop_of(const Attributes& a, Afi afi);

// NLRI: (path id), length, the bytes that hold the prefix.
void encode_nlri(Writer& w, const Prefix& p, bool addpath);
size_t nlri_size(const Prefix& p, bool addpath);

void encode_next_hop_attr(Writer& w, const IpAddr& nh);
// Full MP_REACH_NLRI (RFC 4760 3) with these prefixes.
void encode_mp_reach(Writer& w, Afi afi, uint8_t safi, const NextHop& nh, std::span<const Prefix> nlri, bool addpath);
// RFC 6396 4.3.4's form in a RIB entry: next-hop length and next hop(s) only.
void encode_mp_reach_rib(Writer& w, const NextHop& nh);
void encode_mp_unreach(Writer& w, Afi afi, uint8_t safi, std::span<const Prefix> nlri, bool addpath);

// A whole UPDATE message (marker, length, type 2): withdrawn IPv4 routes, the
// path attribute block as given (already encoded), IPv4 NLRI.
void encode_update(Writer& w, std::span<const Prefix> withdrawn, std::span<const uint8_t> attrs,
                   std::span<const Prefix> nlri, bool addpath);

}  // namespace dw::bgp
