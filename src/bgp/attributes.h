// BGP path attributes (RFC 4271 and successors): the model, and the decoder
// entry point. One decoder file per attribute lives in attr/, named by type code.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bgp/ip.h"
#include "bgp/result.h"

namespace dw::bgp {

enum class AttrType : uint8_t {
  Origin = 1, AsPath = 2, NextHop = 3, Med = 4, LocalPref = 5, AtomicAggregate = 6,
  Aggregator = 7, Communities = 8, OriginatorId = 9, ClusterList = 10, MpReach = 14,
  MpUnreach = 15, ExtCommunities = 16, As4Path = 17, As4Aggregator = 18,
  LargeCommunities = 32, OnlyToCustomer = 35,
};

enum class SegType : uint8_t { Set = 1, Sequence = 2, ConfedSequence = 3, ConfedSet = 4 };

// An AS path stored flat: all ASNs in one vector, segments as (type, count).
struct AsPath {
  struct Seg {
    SegType type;
    uint16_t count;
  };
  std::vector<Seg> segs;
  std::vector<uint32_t> asns;

  void clear() { segs.clear(), asns.clear(); }
  bool empty() const { return segs.empty(); }
  // RFC 4271 9.1.2.2 length: a set counts 1, confederation segments 0.
  size_t path_length() const;
  // The origin AS: the last AS of a final AS_SEQUENCE, 0 when none (a set ends it).
  uint32_t origin() const;
  // The AS next to the origin (the origin's upstream), 0 when none; prepending skipped.
  uint32_t upstream() const;
  // bgpdump's text form: "1 2 {3,4} (5 6) [7,8]".
  void format(std::string& out) const;
  std::string str() const;
};

struct Aggregator {
  uint32_t asn = 0;
  IpAddr ip;
};

struct LargeCommunity {
  uint32_t global, local1, local2;
};

struct MpReach {
  Afi afi = Afi::Ipv4;
  uint8_t safi = 1;
  uint8_t nh_len = 0;
  IpAddr next_hop;
  IpAddr next_hop_local;  // the link-local one when nh_len is 32
  std::vector<Prefix> nlri;
};

struct MpUnreach {
  Afi afi = Afi::Ipv4;
  uint8_t safi = 1;
  std::vector<Prefix> nlri;
};

struct RawAttr {
  uint8_t flags, type;
  std::vector<uint8_t> value;
};

// What RFC 7606 says to do with a message whose attributes were damaged.
enum class Outcome : uint8_t { Ok, AttributeDiscard, TreatAsWithdraw, SessionReset };
const char* to_string(Outcome o);

struct Attributes {
  // Hot fields first: a RIB dump holds one of these per entry, and what a
  // decode and a format touch should share as few cache lines as possible.
  uint64_t present = 0;  // bit n set when attribute type n was seen (n < 64)
  uint64_t dirty = 0;    // bit n set when attribute type n was written (clear() resets only those)
  uint8_t origin = 0;
  Outcome outcome = Outcome::Ok;
  AsPath as_path;   // effective path: AS4_PATH already merged in (RFC 6793 4.2.3)
  std::vector<std::string> warnings;
  std::vector<RawAttr> unknown;
  IpAddr next_hop;
  uint32_t med = 0, local_pref = 0;
  std::vector<uint32_t> communities;
  std::vector<LargeCommunity> large_communities;
  Aggregator aggregator, as4_aggregator;
  AsPath as4_path;  // as received, kept for display and checks
  std::vector<std::array<uint8_t, 8>> ext_communities;
  IpAddr originator_id;
  std::vector<uint32_t> cluster_list;
  uint32_t only_to_customer = 0;
  MpReach mp_reach;
  MpUnreach mp_unreach;

  bool has(AttrType t) const { return (present >> static_cast<unsigned>(t)) & 1; }
  void set(AttrType t) { present |= uint64_t{1} << static_cast<unsigned>(t); }
  void clear();
};

// How to read the attributes of one message: what the surrounding framing says.
struct DecodeContext {
  bool as4 = true;         // AS_PATH and AGGREGATOR carry 4-byte ASNs
  bool addpath = false;    // NLRI carry RFC 7911 path identifiers
  // RFC 7911 negotiates ADD-PATH per AFI/SAFI (and BMP per direction): when
  // per_family is set, bit addpath_bit(afi, safi) of addpath_families decides
  // for each family, the IPv4-unicast NLRI fields included; else addpath does.
  bool per_family = false;
  uint8_t addpath_families = 0;
  bool mrt_rib = false;    // MRT RIB entry: MP_REACH may be RFC 6396's abbreviated form
  Afi rib_afi = Afi::Ipv4; // AFI/SAFI implied by the RIB record, for that form
  uint8_t rib_safi = 1;
};

// The bit of DecodeContext::addpath_families for a family (unicast, multicast).
inline unsigned addpath_bit(Afi afi, uint8_t safi) {
  return (afi == Afi::Ipv6 ? 2u : 0u) + (safi == 2 ? 1u : 0u);
}
inline bool addpath_for(const DecodeContext& ctx, Afi afi, uint8_t safi) {
  return ctx.per_family ? ((ctx.addpath_families >> addpath_bit(afi, safi)) & 1u) != 0 : ctx.addpath;
}

// Decodes a whole path-attribute block into out (which is cleared first).
// Damage inside one attribute is recorded in out.outcome/out.warnings and
// decoding continues; only an unusable block as a whole returns an error.
Status decode_attributes(std::span<const uint8_t> data, const DecodeContext& ctx, Attributes& out,
                         size_t base_offset = 0);

// NLRI list (RFC 4271 4.3 / RFC 7911): appended to out.
// When a list without path ids fails to parse but parses with them, the writer
// used ADD-PATH without saying so (BIRD does this in MRT): *guessed is set.
Status decode_nlri(std::span<const uint8_t> data, Afi afi, bool addpath, std::vector<Prefix>& out,
                   size_t base_offset = 0, bool* guessed = nullptr);

}  // namespace dw::bgp
