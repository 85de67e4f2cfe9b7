// watch --bgp: the passive BGP sessions behind the net stage's decoder
// interface, the peer list SIGHUP changes, and graceful restart across
// connections (RFC 4724 helper): a peer whose TCP connection ends while it
// asked for graceful restart keeps its routes, marked stale, for its restart
// time; when it connects again its new session takes over the old one
// (session::BgpSession::take_over) and its End-of-RIB sweeps what it did not
// send again; when it does not come back in time, the routes are swept then.
#pragma once
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/watch_config.h"
#include "net/batching_sink.h"
#include "net/connection_decoder.h"
#include "net/event_queue.h"
#include "session/bgp_session.h"

namespace dw::cli {

// The BGP peers allowed to connect: changed by SIGHUP while the listener runs.
class BgpPeers {
 public:
  void set(const std::vector<BgpPeerConfig>& from);
  std::optional<session::PeerConfig> find(const std::string& addr) const;

 private:
  mutable std::mutex m_;
  std::vector<session::PeerConfig> peers_;
};

// A session with a sink it can be moved to: the connection's while it is
// open, the parking lane's while it waits for its peer to come back.
struct SessionBox;

// Sessions kept between connections (graceful restart). Their sweeps, when
// a peer stays away past its restart time, go to a lane of their own, each
// under its peer's source name; a thread looks at their deadlines once a second.
class GracefulRestarts {
 public:
  explicit GracefulRestarts(net::EventQueue& q);
  ~GracefulRestarts();
  void start();
  void stop();
  // The session of `address` (its connection ended, its routes kept stale).
  void park(const std::string& address, std::unique_ptr<SessionBox> box);
  // The session `address` left behind, if it still waits.
  std::unique_ptr<SessionBox> take(const std::string& address);
  size_t parked() const;

 private:
  void run();
  net::EventQueue& q_;
  size_t lane_;
  mutable std::mutex m_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::map<std::string, std::unique_ptr<SessionBox>> parked_;
  std::thread thread_;
};

// One BGP connection: session::BgpSession behind the decoder interface.
class BgpDecoder : public net::ConnectionDecoder {
 public:
  // Takes over the session `address` left parked in `gr`, if any.
  BgpDecoder(const session::SessionConfig& c, const session::PeerConfig& p, const std::string& address,
             const std::string& source, feed::EventSink& sink, GracefulRestarts& gr, uint32_t now);
  ~BgpDecoder() override;
  std::optional<std::string> feed(std::span<const uint8_t> b, uint32_t now) override;
  std::optional<std::string> on_timer(uint32_t now) override;
  void close(uint32_t now, std::string_view why) override;
  std::vector<uint8_t> take_output() override;
  uint32_t next_deadline() const override;
  bool done() const override;
  static constexpr std::string_view kRemoved = "peer removed from the configuration";

 private:
  std::optional<std::string> ended() const;
  std::unique_ptr<SessionBox> box_;  // null once parked
  std::string address_;
  GracefulRestarts& gr_;
};

}  // namespace dw::cli
