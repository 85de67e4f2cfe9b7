// libFuzzer target: a BGP session (src/session) after a valid OPEN exchange,
// fed the input as the peer's byte stream. The first byte chooses what the
// peer's OPEN offered (bit 0 4-byte AS, 1 ADD-PATH IPv4, 2 ADD-PATH IPv6,
// 3 extended messages, 4 graceful restart, 5 a prefix limit of 50; 6-7 where
// the stream is cut in two: at 0, 1/4, 1/2 or 3/4). The rest is the stream,
// so fuzz_bgp_message's seeds (flag byte, one message) fit. Then the timers
// run, the TCP connection goes away, and a new connection takes over.
#include <cstdint>
#include <string>

#include "session/bgp_session.h"
#include "session/test_peer.h"

namespace {

struct TouchSink : dw::feed::EventSink {
  size_t n = 0;
  std::string scratch;
  void on_event(const dw::feed::RouteEvent& e) override {
    ++n;
    scratch.clear();
    if (e.elem.attrs) e.elem.attrs->as_path.format(scratch);
    scratch += e.elem.prefix.str();
    scratch += e.text;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dw::session;
  if (size < 1) return 0;
  uint8_t f = data[0];
  SessionConfig cfg;
  cfg.local_asn = 64512;
  cfg.router_id = 0x7f000001;
  PeerConfig pc;
  pc.address = dw::bgp::IpAddr::v4(0x0a000001);
  pc.asn = 65001;
  pc.max_prefixes = (f & 32) ? 50 : 0;
  test::PeerOpen o;
  o.as4 = f & 1;
  o.addpath_v4 = (f & 2) ? 2 : 0;
  o.addpath_v6 = (f & 4) ? 2 : 0;
  o.extended = f & 8;
  o.gr = f & 16;
  TouchSink sink;
  uint32_t t = 1000;
  auto s = std::make_unique<BgpSession>(cfg, pc, sink, t);
  s->on_bytes(o.bytes(), t);
  s->on_bytes(test::keepalive(), t);
  std::span<const uint8_t> in(data + 1, size - 1);
  size_t cut = in.size() * (f >> 6) / 4;
  s->on_bytes(in.first(cut), t);
  s->on_bytes(in.subspan(cut), t + 1);
  (void)s->take_output();
  s->on_timer(t + 30);
  s->on_closed(t + 31);
  BgpSession next(cfg, pc, sink, t + 32);
  next.take_over(*s, t + 32);
  next.on_bytes(o.bytes(), t + 32);
  next.on_bytes(test::keepalive(), t + 32);
  next.on_bytes(in, t + 33);
  next.on_timer(t + 500);
  (void)next.status();
  (void)next.take_output();
  return 0;
}
