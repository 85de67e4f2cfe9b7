// libFuzzer target: a BGP message (with header), an UPDATE body, and a bare
// attribute block, under each decoding context.
#include <cstdint>

#include "bgp/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  dw::bgp::DecodeContext ctx;
  ctx.as4 = data[0] & 1;
  ctx.addpath = data[0] & 2;
  ctx.mrt_rib = data[0] & 4;
  ctx.rib_afi = (data[0] & 8) ? dw::bgp::Afi::Ipv6 : dw::bgp::Afi::Ipv4;
  std::span<const uint8_t> in(data + 1, size - 1);
  dw::bgp::Message m;
  (void)dw::bgp::decode_message(in, ctx, m);
  dw::bgp::Update u;
  (void)dw::bgp::decode_update_body(in, ctx, u);
  dw::bgp::Attributes a;
  (void)dw::bgp::decode_attributes(in, ctx, a);
  std::string s;
  a.as_path.format(s);
  return 0;
}
