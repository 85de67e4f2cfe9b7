// libFuzzer target: one MRT record body of any type through the length check
// and the decoder, then through the bgpdump formatter and the element walk.
#include <cstdint>
#include <string>

#include "mrt/bgpdump_format.h"
#include "mrt/body_lengths.h"
#include "mrt/decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  static const uint16_t types[] = {5, 12, 13, 16, 17};
  static dw::mrt::MrtDecoder decoder;  // keeps a peer table across inputs, as a file does
  dw::mrt::RawRecord raw;
  raw.type = types[data[0] % 5];
  raw.subtype = static_cast<uint16_t>(data[1] % 13);
  raw.ts = 1419264900;
  raw.body = std::span<const uint8_t>(data + 2, size - 2);
  dw::mrt::MrtRecord rec;
  // the length check decides which thread decodes a record in `dump`: it
  // must survive anything, and a record it passes must not hide a failure
  // that only the framing thread could act on (checked by the dump tests)
  bool agree = dw::mrt::body_lengths_agree(raw);
  (void)agree;
  if (decoder.decode(raw, rec)) {
    std::string out;
    dw::mrt::format_bgpdump(rec, decoder.peers(), out);
    size_t n = 0;
    dw::mrt::for_each_element(rec, decoder.peers(), [&](const dw::bgp::Element&) { ++n; });
  }
  return 0;
}
