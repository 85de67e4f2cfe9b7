// ONLY_TO_CUSTOMER (RFC 9234 5): a four-byte AS number.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_only_to_customer(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() != 4) return fail(ErrorCode::BadLength, "ONLY_TO_CUSTOMER length", r.offset(), 4, r.remaining());
  a.only_to_customer = r.u32_unchecked();
  return {};
}
}  // namespace dw::bgp::attr
