// Stub body: the interface is fixed, the state machine lands next.
#include "session/bgp_session.h"

namespace dw::session {

struct BgpSession::Impl {
  SessionStats stats;
  SessionStatus status;
  std::string name, reason;
  bool done = false;
};

BgpSession::BgpSession(const SessionConfig&, const PeerConfig& peer, feed::EventSink&, uint32_t)
    : impl_(std::make_unique<Impl>()) {
  impl_->name = peer.name.empty() ? peer.address.str() : peer.name;
}
BgpSession::~BgpSession() = default;
void BgpSession::take_over(BgpSession&, uint32_t) {}
void BgpSession::on_bytes(std::span<const uint8_t>, uint32_t) {}
void BgpSession::on_timer(uint32_t) {}
void BgpSession::on_closed(uint32_t) { impl_->done = true; }
void BgpSession::shutdown(uint32_t, uint8_t) { impl_->done = true; }
void BgpSession::request_route_refresh() {}
std::vector<uint8_t> BgpSession::take_output() { return {}; }
bool BgpSession::done() const { return impl_->done; }
bool BgpSession::finished() const { return impl_->done; }
const std::string& BgpSession::close_reason() const { return impl_->reason; }
uint32_t BgpSession::next_deadline() const { return 0; }
const SessionStats& BgpSession::stats() const { return impl_->stats; }
SessionStatus BgpSession::status() const { return impl_->status; }
const std::string& BgpSession::source() const { return impl_->name; }

const PeerConfig* find_peer(const std::vector<PeerConfig>& peers, const bgp::IpAddr& addr) {
  for (const auto& p : peers)
    if (p.address == addr) return &p;
  return nullptr;
}

}  // namespace dw::session
