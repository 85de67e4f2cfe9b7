// BGP messages (RFC 4271 4): header framing and the five message types.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "bgp/attributes.h"

namespace dw::bgp {

enum class MsgType : uint8_t { Open = 1, Update = 2, Notification = 3, Keepalive = 4, RouteRefresh = 5 };

struct Update {
  std::vector<Prefix> withdrawn;
  Attributes attrs;
  std::vector<Prefix> nlri;
  void clear() { withdrawn.clear(), attrs.clear(), nlri.clear(); }
};

struct Capability {
  uint8_t code;
  std::vector<uint8_t> value;
};

struct Open {
  uint8_t version = 0;
  uint32_t asn = 0;  // the 4-byte AS from the capability when present (RFC 6793)
  uint16_t hold_time = 0;
  IpAddr bgp_id;
  std::vector<Capability> capabilities;
};

struct Notification {
  uint8_t code = 0, subcode = 0;
  std::vector<uint8_t> data;
};

struct RouteRefresh {
  uint16_t afi = 0;
  uint8_t subtype = 0, safi = 0;
};

struct Message {
  MsgType type = MsgType::Keepalive;
  Update update;
  Open open;
  Notification notification;
  RouteRefresh route_refresh;
};

constexpr size_t kHeaderLen = 19;
constexpr size_t kMaxMessageLen = 65535;  // RFC 8654 extended messages

// A whole message, marker and header included. Damage inside the UPDATE's
// attributes is reported in update.attrs.outcome; framing damage is an error.
Status decode_message(std::span<const uint8_t> data, const DecodeContext& ctx, Message& out,
                      size_t base_offset = 0);
// An UPDATE body without the 19-byte header (MRT's old type-5 BGP records).
Status decode_update_body(std::span<const uint8_t> body, const DecodeContext& ctx, Update& out,
                          size_t base_offset = 0);

}  // namespace dw::bgp

// Encoders, the other side of decode_message: each appends one whole message
// (marker and header included) to out. Used by the BGP session (src/session)
// and by tests that build byte streams. UPDATEs with routes and attributes
// are built with encode.h (encode_update, encode_nlri, encode_path_attributes).
namespace dw::bgp {

constexpr uint16_t kAsTrans = 23456;  // RFC 6793: the 2-byte stand-in for a 4-byte AS

// Capabilities in one optional parameter (type 2); a 4-byte asn goes out as AS_TRANS.
void encode_open(const Open& o, std::vector<uint8_t>& out);
void encode_keepalive(std::vector<uint8_t>& out);
void encode_notification(const Notification& n, std::vector<uint8_t>& out);
void encode_route_refresh(const RouteRefresh& r, std::vector<uint8_t>& out);
// An End-of-RIB marker (RFC 4724 2): empty UPDATE for IPv4 unicast, else an
// UPDATE holding only an empty MP_UNREACH_NLRI for the family.
void encode_end_of_rib(Afi afi, uint8_t safi, std::vector<uint8_t>& out);

}  // namespace dw::bgp
