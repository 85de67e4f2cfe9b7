// MP_REACH_NLRI (RFC 4760 3). In MRT RIB entries RFC 6396 4.3.4 abbreviates it
// to next-hop length and next hop; FRR writes the full form there, so both are read:
// the abbreviated form is exactly 1 + its next-hop length long.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {

static Status read_next_hops(Reader& r, uint8_t nh_len, Afi afi, MpReach& m) {
  m.nh_len = nh_len;
  auto nh = r.sub(nh_len, "MP_REACH next hop");
  if (!nh) return tl::unexpected(nh.error());
  if (nh_len == 4) {
    DW_TRY_ASSIGN(m.next_hop, read_addr(*nh, Afi::Ipv4, "MP_REACH next hop"));
  } else if (nh_len == 16 || nh_len == 32) {
    DW_TRY_ASSIGN(m.next_hop, read_addr(*nh, Afi::Ipv6, "MP_REACH next hop"));
    if (nh_len == 32) {
      DW_TRY_ASSIGN(m.next_hop_local, read_addr(*nh, Afi::Ipv6, "MP_REACH link-local next hop"));
    }
  } else if (nh_len == 12 || nh_len == 24) {  // VPN: 8-byte route distinguisher first
    DW_TRY(nh->skip(8, "MP_REACH next hop RD"));
    DW_TRY_ASSIGN(m.next_hop, read_addr(*nh, nh_len == 12 ? Afi::Ipv4 : Afi::Ipv6, "MP_REACH next hop"));
  } else if (nh_len != 0) {
    (void)afi;
    return fail(ErrorCode::BadLength, "MP_REACH next hop length", nh->offset() - 1);
  }
  return {};
}

Status decode_mp_reach(Reader r, const DecodeContext& ctx, Attributes& a) {
  MpReach& m = a.mp_reach;
  m.nlri.clear();
  m.next_hop = {};
  m.next_hop_local = {};
  DW_TRY(r.require(1, "MP_REACH"));
  if (ctx.mrt_rib && r.rest()[0] + 1u == r.remaining()) {
    m.afi = ctx.rib_afi;
    m.safi = ctx.rib_safi;
    uint8_t nh_len = r.u8_unchecked();
    return read_next_hops(r, nh_len, m.afi, m);
  }
  DW_TRY(r.require(5, "MP_REACH header"));
  uint16_t afi = r.u16_unchecked();
  m.safi = r.u8_unchecked();
  uint8_t nh_len = r.u8_unchecked();
  if (afi != 1 && afi != 2) return fail(ErrorCode::Unsupported, "MP_REACH AFI", r.offset() - 4);
  m.afi = static_cast<Afi>(afi);
  DW_TRY(read_next_hops(r, nh_len, m.afi, m));
  DW_TRY(r.require(1, "MP_REACH reserved"));
  r.u8_unchecked();
  if (m.safi != 1 && m.safi != 2 && m.safi != 3) return {};  // labelled/VPN NLRI: not decoded
  bool guessed = false;
  auto st = decode_nlri(r.rest(), m.afi, addpath_for(ctx, m.afi, m.safi), m.nlri, r.offset(), ctx.per_family ? nullptr : &guessed);
  if (guessed) a.warnings.push_back("MP NLRI carry ADD-PATH path ids the record type does not announce");
  return st;
}

}  // namespace dw::bgp::attr
