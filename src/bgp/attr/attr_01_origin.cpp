// ORIGIN (RFC 4271 5.1.1): one byte, 0 IGP, 1 EGP, 2 INCOMPLETE.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_origin(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() != 1) return fail(ErrorCode::BadLength, "ORIGIN length", r.offset(), 1, r.remaining());
  a.origin = r.u8_unchecked();
  if (a.origin > 2) return fail(ErrorCode::BadValue, "ORIGIN value", r.offset() - 1);
  return {};
}
}  // namespace dw::bgp::attr
