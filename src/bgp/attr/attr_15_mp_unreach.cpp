// MP_UNREACH_NLRI (RFC 4760 4).
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_mp_unreach(Reader r, const DecodeContext& ctx, Attributes& a) {
  MpUnreach& m = a.mp_unreach;
  m.nlri.clear();
  DW_TRY(r.require(3, "MP_UNREACH header"));
  uint16_t afi = r.u16_unchecked();
  m.safi = r.u8_unchecked();
  if (afi != 1 && afi != 2) return fail(ErrorCode::Unsupported, "MP_UNREACH AFI", r.offset() - 3);
  m.afi = static_cast<Afi>(afi);
  if (m.safi != 1 && m.safi != 2 && m.safi != 3) return {};
  bool guessed = false;
  auto st = decode_nlri(r.rest(), m.afi, addpath_for(ctx, m.afi, m.safi), m.nlri, r.offset(), ctx.per_family ? nullptr : &guessed);
  if (guessed) a.warnings.push_back("MP NLRI carry ADD-PATH path ids the record type does not announce");
  return st;
}
}  // namespace dw::bgp::attr
