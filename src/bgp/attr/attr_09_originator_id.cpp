// ORIGINATOR_ID (RFC 4456): a four-byte router id.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_originator_id(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() != 4) return fail(ErrorCode::BadLength, "ORIGINATOR_ID length", r.offset(), 4, r.remaining());
  DW_TRY_ASSIGN(a.originator_id, read_addr(r, Afi::Ipv4, "ORIGINATOR_ID"));
  return {};
}
}  // namespace dw::bgp::attr
