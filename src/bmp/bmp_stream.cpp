#include "bmp/bmp_stream.h"
namespace dw::bmp {
struct BmpStream::Impl {
  std::string router;
  feed::EventSink& sink;
  StreamConfig cfg;
  StreamStats stats;
  RouterInfo info;
};
BmpStream::BmpStream(std::string router, feed::EventSink& sink, StreamConfig cfg)
    : impl_(new Impl{std::move(router), sink, cfg, {}, {}}) {}
BmpStream::~BmpStream() = default;
bgp::Status BmpStream::feed(std::span<const uint8_t>, uint32_t) { return {}; }
void BmpStream::close(uint32_t, std::string_view) {}
bgp::Status BmpStream::end_of_stream() const { return {}; }
size_t BmpStream::buffered() const { return 0; }
uint64_t BmpStream::offset() const { return 0; }
const StreamStats& BmpStream::stats() const { return impl_->stats; }
const RouterInfo& BmpStream::router_info() const { return impl_->info; }
const std::string& BmpStream::router() const { return impl_->router; }
std::vector<PeerStatus> BmpStream::peers() const { return {}; }
bool looks_like_bmp(std::span<const uint8_t>) { return false; }
const char* to_string(View) { return ""; }
const char* to_string(RibView) { return ""; }
}  // namespace dw::bmp
namespace dw::bmp {
std::optional<View> parse_view(std::string_view) { return std::nullopt; }
}
