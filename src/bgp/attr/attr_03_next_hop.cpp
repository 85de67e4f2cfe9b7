// NEXT_HOP (RFC 4271 5.1.3): an IPv4 address.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Result<IpAddr> read_addr(Reader& r, Afi afi, const char* field) {
  IpAddr a;
  a.afi = afi;
  size_t n = afi == Afi::Ipv4 ? 4 : 16;
  DW_TRY(r.require(n, field));
  r.copy_unchecked(a.b.data(), n);
  return a;
}
Status decode_next_hop(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() != 4) return fail(ErrorCode::BadLength, "NEXT_HOP length", r.offset(), 4, r.remaining());
  DW_TRY_ASSIGN(a.next_hop, read_addr(r, Afi::Ipv4, "NEXT_HOP"));
  return {};
}
}  // namespace dw::bgp::attr
