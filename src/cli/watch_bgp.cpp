#include "cli/watch_bgp.h"

#include <ctime>
#include <utility>

#include "net/source_names.h"

namespace dw::cli {

void BgpPeers::set(const std::vector<BgpPeerConfig>& from) {
  std::vector<session::PeerConfig> v;
  for (const auto& p : from) {
    session::PeerConfig c;
    c.address = *bgp::IpAddr::parse(p.address);
    c.asn = p.asn;
    c.max_prefixes = p.max_prefixes;
    c.name = p.name;
    v.push_back(c);
  }
  std::lock_guard lock(m_);
  peers_ = std::move(v);
}

std::optional<session::PeerConfig> BgpPeers::find(const std::string& addr) const {
  auto ip = bgp::IpAddr::parse(addr);
  std::lock_guard lock(m_);
  const auto* p = ip ? session::find_peer(peers_, *ip) : nullptr;
  return p ? std::optional(*p) : std::nullopt;
}

struct SessionBox {
  // the session writes here; `to` is the connection's sink, then the parking lane's
  struct Relay : feed::EventSink {
    feed::EventSink* to;
    explicit Relay(feed::EventSink* t) : to(t) {}
    void on_event(const feed::RouteEvent& e) override { to->on_event(e); }
  };
  SessionBox(const session::SessionConfig& c, const session::PeerConfig& p, const std::string& source,
             feed::EventSink& sink, uint32_t now)
      : source(&net::intern_source(source)), relay(&sink), s(c, p, relay, now) {}
  const std::string* source;
  std::unique_ptr<net::BatchingSink> parked_sink;
  Relay relay;
  session::BgpSession s;
};

GracefulRestarts::GracefulRestarts(net::EventQueue& q) : q_(q), lane_(q.open_lane("bgp graceful restart")) {}

GracefulRestarts::~GracefulRestarts() { stop(); }

void GracefulRestarts::start() {
  thread_ = std::thread([this] { run(); });
}

void GracefulRestarts::stop() {
  {
    std::lock_guard lock(m_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void GracefulRestarts::park(const std::string& address, std::unique_ptr<SessionBox> box) {
  box->parked_sink = std::make_unique<net::BatchingSink>(q_, lane_, *box->source);
  box->relay.to = box->parked_sink.get();
  std::lock_guard lock(m_);
  parked_[address] = std::move(box);  // an older one left behind by the same address is over
}

std::unique_ptr<SessionBox> GracefulRestarts::take(const std::string& address) {
  std::lock_guard lock(m_);
  auto it = parked_.find(address);
  if (it == parked_.end()) return nullptr;
  auto box = std::move(it->second);
  parked_.erase(it);
  return box;
}

size_t GracefulRestarts::parked() const {
  std::lock_guard lock(m_);
  return parked_.size();
}

// Once a second: a peer that stayed away past its restart time has its
// stale routes swept (session::BgpSession::on_timer), into the parking lane.
void GracefulRestarts::run() {
  std::unique_lock lock(m_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    auto now = static_cast<uint32_t>(std::time(nullptr));
    for (auto it = parked_.begin(); it != parked_.end();) {
      auto& s = it->second->s;
      if (uint32_t d = s.next_deadline(); d && now >= d) s.on_timer(now);
      it->second->parked_sink->flush();
      it = s.finished() ? parked_.erase(it) : std::next(it);
    }
  }
}

BgpDecoder::BgpDecoder(const session::SessionConfig& c, const session::PeerConfig& p, const std::string& address,
                       const std::string& source, feed::EventSink& sink, GracefulRestarts& gr, uint32_t now)
    : box_(std::make_unique<SessionBox>(c, p, source, sink, now)), address_(address), gr_(gr) {
  if (auto old = gr_.take(address_)) {
    box_->s.take_over(old->s, now);  // its routes, stale, and its sequence: the End-of-RIB sweeps the rest
    old->parked_sink->flush();
  }
}

BgpDecoder::~BgpDecoder() = default;

std::optional<std::string> BgpDecoder::ended() const {
  if (box_ && box_->s.done() && !box_->s.close_reason().empty()) return box_->s.close_reason();
  return std::nullopt;
}

std::optional<std::string> BgpDecoder::feed(std::span<const uint8_t> b, uint32_t now) {
  box_->s.on_bytes(b, now);
  return ended();
}

std::optional<std::string> BgpDecoder::on_timer(uint32_t now) {
  box_->s.on_timer(now);
  return ended();
}

void BgpDecoder::close(uint32_t now, std::string_view why) {
  if (!box_) return;
  auto& s = box_->s;
  bool removed = why.starts_with(kRemoved);
  if (!s.done()) {
    if (removed) s.shutdown(now, 3);  // Cease, peer de-configured (RFC 4486)
    else s.on_closed(now);
  }
  if (s.finished()) return;
  if (!removed) {
    // graceful restart: the routes wait, stale, for the peer to come back
    gr_.park(address_, std::move(box_));
    return;
  }
  // a peer taken out of the configuration is not waited for
  for (int i = 0; i < 4 && !s.finished() && s.next_deadline(); ++i) s.on_timer(std::max(now, s.next_deadline()));
}

std::vector<uint8_t> BgpDecoder::take_output() { return box_ ? box_->s.take_output() : std::vector<uint8_t>{}; }
uint32_t BgpDecoder::next_deadline() const { return box_ ? box_->s.next_deadline() : 0; }
bool BgpDecoder::done() const { return !box_ || box_->s.done(); }

}  // namespace dw::cli
