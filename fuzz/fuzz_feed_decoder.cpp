// libFuzzer target: a stream of route-event frames (feed/codec.h), decoded
// frame by frame; each event that decodes must encode to a frame that
// decodes to the same bytes again (the codec is its own inverse).
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "feed/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dw::feed::FeedDecoder d;
  std::span<const uint8_t> rest(data, size);
  while (!rest.empty()) {
    dw::feed::RouteEvent e;
    auto n = d.decode(rest, e);
    if (!n) return 0;
    rest = rest.subspan(*n);
    std::vector<uint8_t> once, twice;
    dw::feed::encode(e, once);
    dw::feed::RouteEvent again;
    auto m = d.decode(once, again);
    if (!m || *m != once.size()) abort();
    dw::feed::encode(again, twice);
    if (once != twice) abort();
  }
  return 0;
}
