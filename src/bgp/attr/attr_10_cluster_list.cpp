// CLUSTER_LIST (RFC 4456): a list of four-byte cluster ids.
#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {
Status decode_cluster_list(Reader r, const DecodeContext&, Attributes& a) {
  if (r.remaining() % 4) return fail(ErrorCode::BadLength, "CLUSTER_LIST length", r.offset(), 4, r.remaining() % 4);
  a.cluster_list.clear();
  while (!r.empty()) a.cluster_list.push_back(r.u32_unchecked());
  return {};
}
}  // namespace dw::bgp::attr
