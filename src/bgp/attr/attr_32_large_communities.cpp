// LARGE_COMMUNITY (RFC 8092): a list of twelve-byte values.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_large_communities(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() % 12)
    return fail(ErrorCode::BadLength, "LARGE_COMMUNITY length", r.offset(), 12, r.remaining() % 12);
  a.large_communities.clear();
  while (!r.empty()) {
    LargeCommunity c;
    c.global = r.u32_unchecked();
    c.local1 = r.u32_unchecked();
    c.local2 = r.u32_unchecked();
    a.large_communities.push_back(c);
  }
  return {};
}
}  // namespace dw::bgp::attr
