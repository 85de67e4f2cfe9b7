// AGGREGATOR (RFC 4271 5.1.7; 4-byte AS per RFC 6793) and AS4_AGGREGATOR (type 18).
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
// The length decides the AS width when it is unambiguous: OpenBGPD writes a
// 4-byte AGGREGATOR into 2-byte TABLE_DUMP records (bgpdump misreads it).
Status decode_aggregator(Reader r, Aggregator& out, bool four_byte) {
  if (r.remaining() == 6 || r.remaining() == 8) four_byte = r.remaining() == 8;
  size_t want = four_byte ? 8 : 6;
  if (r.remaining() != want) return fail(ErrorCode::BadLength, "AGGREGATOR length", r.offset(), want, r.remaining());
  out.asn = four_byte ? r.u32_unchecked() : r.u16_unchecked();
  DW_TRY_ASSIGN(out.ip, read_addr(r, Afi::Ipv4, "AGGREGATOR address"));
  return {};
}
}  // namespace dw::bgp::attr
