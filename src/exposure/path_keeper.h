// Keeps the whole AS path of every (peer, prefix) route, beside the routing
// state, for exposure profiles. It sits in front of the engine (or anything
// that applies the stream to a RibState): each event goes on first, then the
// path of an announcement or RIB entry is recorded. Whether a peer holds a
// route is still RibState's to say (withdrawals, session drops and RIB dump
// repairs are its work); this only remembers the path the route came with.
// Off the stream it costs nothing: replay without profiles never builds one.
#pragma once
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bgp/result.h"
#include "exposure/path_table.h"
#include "feed/route_event.h"
#include "rib/rib_state.h"

namespace dw::exposure {

class PathKeeper : public feed::EventSink {
 public:
  PathKeeper(rib::RibState& rib, feed::EventSink* next) : rib_(rib), next_(next) {}
  void on_event(const feed::RouteEvent& e) override;

  // Direct recording (tests; sources that feed a RibState themselves).
  void record(rib::PeerId peer, rib::PrefixId prefix, PathIndex path);
  // The path of the peer's latest route to the prefix; kNoPath when none was
  // recorded. Only meaningful while the RibState says the peer holds it.
  PathIndex path(rib::PeerId peer, rib::PrefixId prefix) const {
    if (peer >= by_peer_.size() || prefix >= by_peer_[peer].size()) return kNoPath;
    return by_peer_[peer][prefix];
  }
  PathTable& table() { return table_; }
  const PathTable& table() const { return table_; }
  const rib::RibState& rib() const { return rib_; }
  size_t bytes() const;

  // Checkpoint (watch: a restart keeps its profiles' paths, docs/watch.md
  // "Restarts"): the paths and the path of every route, as versioned bytes.
  // load_state is for a fresh keeper beside the restored RibState it was
  // saved with: a damaged checkpoint, or one naming peers, prefixes or paths
  // that state does not have, is refused with the reason and leaves it empty.
  void save_state(std::vector<uint8_t>& out) const;
  bgp::Status load_state(std::span<const uint8_t> data);
  template <class S>
  void state_io(S& s);

 private:
  rib::RibState& rib_;
  feed::EventSink* next_;
  PathTable table_;
  std::vector<std::vector<PathIndex>> by_peer_;  // dense by PrefixId, like the peer tables
  // RibState keys collectors by string: one stable copy per source name
  std::deque<std::string> sources_;  // a deque: names never move
  const char* last_src_ = nullptr;
  size_t last_len_ = 0;
  const std::string* last_name_ = nullptr;
};

}  // namespace dw::exposure
