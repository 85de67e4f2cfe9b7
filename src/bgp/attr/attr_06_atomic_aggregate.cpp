// ATOMIC_AGGREGATE (RFC 4271 5.1.6): no value.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_atomic_aggregate(Reader r, const DecodeContext&, Attributes&) {
  if (r.remaining() != 0)
    return fail(ErrorCode::BadLength, "ATOMIC_AGGREGATE length", r.offset(), 0, r.remaining());
  return {};
}
}  // namespace dw::bgp::attr
