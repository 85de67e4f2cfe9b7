// COMMUNITIES (RFC 1997): a list of four-byte values.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_communities(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() % 4) return fail(ErrorCode::BadLength, "COMMUNITIES length", r.offset(), 4, r.remaining() % 4);
  a.communities.clear();
  while (!r.empty()) a.communities.push_back(r.u32_unchecked());
  return {};
}
}  // namespace dw::bgp::attr
