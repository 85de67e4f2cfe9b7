// libFuzzer target: a BMP byte stream through BmpStream. The first byte picks
// the view and how the rest is split into feed() calls (framing must not
// depend on where reads end); every event's contents are touched, and the
// stream is ended and closed, so that all per-peer paths run.
#include <cstdint>
#include <string>

#include "bmp/bmp_stream.h"

namespace {
struct Touch : dw::feed::EventSink {
  std::string s;
  void on_event(const dw::feed::RouteEvent& e) override {
    s.clear();
    s += e.source;
    s += e.elem.prefix.str();
    s += e.elem.peer_ip.str();
    if (e.elem.attrs) e.elem.attrs->as_path.format(s);
    s += e.text;
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const dw::bmp::View views[] = {dw::bmp::View::PrePolicyElseLocRib, dw::bmp::View::PrePolicy,
                                        dw::bmp::View::PostPolicy,          dw::bmp::View::LocRib,
                                        dw::bmp::View::AdjRibOut,           dw::bmp::View::All};
  Touch sink;
  dw::bmp::BmpStream s("fuzz", sink, {views[(data[0] >> 5) % 6]});
  size_t chunk = (data[0] & 0x1f) ? (data[0] & 0x1f) : size;
  std::span<const uint8_t> in(data + 1, size - 1);
  for (size_t at = 0; at < in.size(); at += chunk) {
    auto st = s.feed(in.subspan(at, std::min(chunk, in.size() - at)), 1);
    for (int k = 0; !st && !s.failed() && k < 1000; ++k) st = s.feed({}, 1);
    if (s.failed()) break;
  }
  (void)s.end_of_stream();
  for (const auto& p : s.peers()) sink.s = p.address.str() + p.table_name;
  s.close(2, "fuzz");
  return 0;
}
