// A compact binary form of the route-event stream: what sources will send the
// engine over a queue or NATS JetStream. Every event is one frame:
//
//   frame   := varint(length of body) body
//   body    := u8 version(1)  u8 kind  str(source)  varint(seq)  u32(ts)  payload
//   Element := u8 elem_type  u8 safi  u8 flags(1: parse_withdraw, 2: attributes follow)
//              varint(usec)  ip(peer)  varint(peer_as)  prefix  [PeerState: varint(old) varint(new)]  [attrs]
//   RibBegin, RibEnd := u8 initial     Gap := u32(until)     Damage := str(text)     Tick := nothing
//   ip      := u8 (4 | 6)  4 or 16 bytes          prefix := ip-family u8(len) ceil(len/8) bytes  varint(path_id)
//   str     := varint(n) n bytes                  varint := LEB128, at most 10 bytes
//   attrs   := varint(present bits, of those carried)  u8 origin  u8 outcome  as_path
//              [NEXT_HOP: ip] [MP_REACH: u8 afi u8 safi u8 nh_len ip [ip link-local when nh_len is 32]]
//              [MED: varint] [LOCAL_PREF: varint] [COMMUNITIES: varint(n) n x varint]
//              [LARGE_COMMUNITY: varint(n) n x 3 varint]
//   as_path := varint(segments) (u8 type varint(count))...  varint(asns) varint...  (asns = sum of counts)
//
// Carried: what the engine and an analyst need (origin, path, next hop, MED,
// LOCAL_PREF, communities, ATOMIC_AGGREGATE's presence). Other attributes are
// not (their presence bits are cleared). Big-endian fixed fields; big frames
// are rejected (a source never sends one: 1 MiB bounds a 4-byte AS path of
// 250k hops).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "bgp/result.h"
#include "feed/route_event.h"

namespace dw::feed {

inline constexpr uint8_t kCodecVersion = 1;
inline constexpr size_t kMaxFrame = 1 << 20;

// Appends one frame for e to out.
void encode(const RouteEvent& e, std::vector<uint8_t>& out);

// Decodes frames; source names are kept here, so the events' string_views
// stay valid for the decoder's life, and attributes are owned by each event.
class FeedDecoder {
 public:
  // Decodes the frame at the start of data into out; returns the bytes it
  // took. Errors name the field and the byte offset within data.
  bgp::Result<size_t> decode(std::span<const uint8_t> data, RouteEvent& out);

 private:
  std::string_view intern(std::string_view s);
  std::unordered_set<std::string> names_;
};

}  // namespace dw::feed
