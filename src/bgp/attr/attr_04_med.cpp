// MULTI_EXIT_DISC (RFC 4271 5.1.4): four bytes.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_med(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() != 4) return fail(ErrorCode::BadLength, "MULTI_EXIT_DISC length", r.offset(), 4, r.remaining());
  a.med = r.u32_unchecked();
  return {};
}
}  // namespace dw::bgp::attr
