#include "bgp/message.h"

#include "bgp/reader.h"

namespace dw::bgp {

Status decode_update_body(std::span<const uint8_t> body, const DecodeContext& ctx, Update& out,
                          size_t base_offset) {
  out.clear();
  Reader r(body, base_offset);
  DW_TRY_ASSIGN(uint16_t wlen, r.u16("withdrawn routes length"));
  DW_TRY_ASSIGN(Reader w, r.sub(wlen, "withdrawn routes"));
  DW_TRY_ASSIGN(uint16_t alen, r.u16("path attributes length"));
  DW_TRY_ASSIGN(Reader a, r.sub(alen, "path attributes"));
  bool guessed = false;
  const bool addpath = addpath_for(ctx, Afi::Ipv4, 1);
  DW_TRY(decode_nlri(w.rest(), Afi::Ipv4, addpath, out.withdrawn, w.offset(), ctx.per_family ? nullptr : &guessed));
  DW_TRY(decode_attributes(a.rest(), ctx, out.attrs, a.offset()));
  auto st = decode_nlri(r.rest(), Afi::Ipv4, addpath, out.nlri, r.offset(), ctx.per_family ? nullptr : &guessed);
  if (guessed) out.attrs.warnings.push_back("NLRI carry ADD-PATH path ids the record type does not announce");
  if (!st) {
    // RFC 7606 5.3: unparseable NLRI means the whole message is unusable
    out.attrs.warnings.push_back("NLRI: " + st.error().describe());
    out.attrs.outcome = Outcome::SessionReset;
  }
  return {};
}

static Status decode_open(Reader r, Open& o) {
  DW_TRY(r.require(10, "OPEN"));
  o.version = r.u8_unchecked();
  o.asn = r.u16_unchecked();
  o.hold_time = r.u16_unchecked();
  o.bgp_id = IpAddr::v4(r.u32_unchecked());
  uint8_t optlen = r.u8_unchecked();
  DW_TRY_ASSIGN(Reader opts, r.sub(optlen, "OPEN optional parameters"));
  o.capabilities.clear();
  while (!opts.empty()) {
    DW_TRY(opts.require(2, "OPEN parameter"));
    uint8_t ptype = opts.u8_unchecked();
    uint8_t plen = opts.u8_unchecked();
    DW_TRY_ASSIGN(Reader p, opts.sub(plen, "OPEN parameter value"));
    if (ptype != 2) continue;  // only capabilities (RFC 5492)
    while (!p.empty()) {
      DW_TRY(p.require(2, "capability"));
      uint8_t code = p.u8_unchecked();
      uint8_t clen = p.u8_unchecked();
      DW_TRY_ASSIGN(auto v, p.bytes(clen, "capability value"));
      o.capabilities.push_back({code, std::vector<uint8_t>(v.begin(), v.end())});
      if (code == 65 && clen == 4)
        o.asn = (uint32_t{v[0]} << 24) | (uint32_t{v[1]} << 16) | (uint32_t{v[2]} << 8) | v[3];
    }
  }
  return {};
}

Status decode_message(std::span<const uint8_t> data, const DecodeContext& ctx, Message& out,
                      size_t base_offset) {
  Reader r(data, base_offset);
  DW_TRY(r.require(kHeaderLen, "BGP header"));
  for (int i = 0; i < 16; ++i)
    if (r.u8_unchecked() != 0xff) return fail(ErrorCode::BadValue, "BGP marker", base_offset + static_cast<size_t>(i));
  uint16_t len = r.u16_unchecked();
  uint8_t type = r.u8_unchecked();
  if (len < kHeaderLen || len > data.size())
    return fail(ErrorCode::BadLength, "BGP message length", base_offset + 16, len, data.size());
  Reader body(data.subspan(kHeaderLen, len - kHeaderLen), base_offset + kHeaderLen);
  out.type = static_cast<MsgType>(type);
  switch (out.type) {
    case MsgType::Update:
      return decode_update_body(body.rest(), ctx, out.update, body.offset());
    case MsgType::Open:
      return decode_open(body, out.open);
    case MsgType::Keepalive:
      return {};
    case MsgType::Notification: {
      DW_TRY(body.require(2, "NOTIFICATION"));
      out.notification.code = body.u8_unchecked();
      out.notification.subcode = body.u8_unchecked();
      auto rest = body.rest();
      out.notification.data.assign(rest.begin(), rest.end());
      return {};
    }
    case MsgType::RouteRefresh: {
      DW_TRY(body.require(4, "ROUTE-REFRESH"));
      out.route_refresh.afi = body.u16_unchecked();
      out.route_refresh.subtype = body.u8_unchecked();
      out.route_refresh.safi = body.u8_unchecked();
      return {};
    }
  }
  return fail(ErrorCode::BadValue, "BGP message type", base_offset + 18);
}

}  // namespace dw::bgp
