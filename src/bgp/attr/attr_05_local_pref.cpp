// LOCAL_PREF (RFC 4271 5.1.5): four bytes.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_local_pref(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() != 4) return fail(ErrorCode::BadLength, "LOCAL_PREF length", r.offset(), 4, r.remaining());
  a.local_pref = r.u32_unchecked();
  return {};
}
}  // namespace dw::bgp::attr
