// EXTENDED_COMMUNITIES (RFC 4360): a list of eight-byte values, kept raw.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_ext_communities(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() % 8)
    return fail(ErrorCode::BadLength, "EXTENDED_COMMUNITIES length", r.offset(), 8, r.remaining() % 8);
  a.ext_communities.clear();
  while (!r.empty()) {
    std::array<uint8_t, 8> v;
    r.copy_unchecked(v.data(), 8);
    a.ext_communities.push_back(v);
  }
  return {};
}
}  // namespace dw::bgp::attr
