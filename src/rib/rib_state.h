// Routing state per vantage point (collector, peer): which prefixes each peer
// holds, which peers are up, full-feed and trusted to vote, and for every
// prefix how many voting peers see it. A prefix is visible when more than half
// of the voting peers of its family hold a route to it (see README).
#pragma once
#include <cstdint>
#include <algorithm>
#include <functional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "bgp/element.h"
#include "bgp/result.h"
#include "rib/prefix_index.h"

namespace dw::rib {

using PrefixId = uint32_t;
using PeerId = uint32_t;

struct Route {
  uint32_t origin = 0;
  uint32_t upstream = 0;
};
// A peer's table is a dense array indexed by PrefixId (8 bytes a prefix): for
// full-feed peers, the common case, that is several times smaller and faster
// than a hash map, and a million prefixes from hundreds of peers fit in memory.
inline constexpr uint32_t kNoRoute = 0xffffffffu;  // origin value of an empty slot (AS 4294967295 is reserved)

class PeerTable {
 public:
  bool has(PrefixId id) const { return id < r_.size() && r_[id].origin != kNoRoute; }
  const Route& get(PrefixId id) const { return r_[id]; }
  // true when the slot was empty
  bool put(PrefixId id, const Route& r) {
    if (id >= r_.size()) r_.resize(std::max<size_t>(id + 1, r_.size() + r_.size() / 2), Route{kNoRoute, 0});
    bool fresh = r_[id].origin == kNoRoute;
    r_[id] = r;
    size_ += fresh;
    return fresh;
  }
  bool erase(PrefixId id) {
    if (!has(id)) return false;
    r_[id].origin = kNoRoute;
    --size_;
    return true;
  }
  size_t size() const { return size_; }
  template <class S>
  void state_io(S& s);  // rib/state_checkpoint.cpp
  template <typename F>
  void for_each(F&& f) const {
    for (PrefixId id = 0; id < r_.size(); ++id)
      if (r_[id].origin != kNoRoute) f(id, r_[id]);
  }

 private:
  std::vector<Route> r_;
  size_t size_ = 0;
};

// One of a peer's ADD-PATH (RFC 7911) paths to a prefix.
struct PathRoute {
  uint32_t path_id = 0;
  Route route;
};

struct PeerInfo {
  std::string collector;
  bgp::IpAddr ip;
  uint32_t asn = 0;
  bool up = true;        // session Established (as far as the archive says)
  bool full4 = false, full6 = false;  // holds a full table of the family
  bool stale = false;    // its collector lost data: not trusted until a RIB dump repairs it
  uint32_t warm_until = 0;  // just came up and is re-sending its table: not voting before this
  uint32_t count4 = 0, count6 = 0;  // routes held
  uint32_t count_before_down = 0, count6_before_down = 0;
  uint32_t down_at = 0;  // when the session last dropped
  bool voting4 = false, voting6 = false;
  PeerTable routes;
  // After a restart from a checkpoint (RibState::await_refresh): the peer's
  // routes are as they were when the checkpoint was taken, but whatever it
  // withdrew while we were away is still among them. Not checkpointed: a
  // resumed state always awaits its refresh anew.
  bool resuming = false;     // not heard from since the restart
  uint32_t refresh_until = 0;  // its session came back: routes not sent again by then are swept
  std::vector<uint64_t> unrefreshed;  // a bit per PrefixId: held at the restart, not sent again yet
  // ADD-PATH: a peer holds a prefix while any of its paths remains. The paths
  // are listed here only when they are anything but the single path 0 (so a
  // peer without ADD-PATH never has an entry); the dense table then holds the
  // route of the most recently announced remaining path (origin, upstream).
  std::unordered_map<PrefixId, std::vector<PathRoute>> paths;
};

struct PrefixInfo {
  bgp::Prefix prefix;
  uint32_t origin = 0;   // from the latest announcement
  uint16_t seen = 0;     // voting peers of its family holding a route
  bool visible = false;
  // upstream AS -> routes through it; a handful at most, so a flat list
  std::vector<std::pair<uint32_t, uint32_t>> upstreams;
};

// Why a prefix's visibility changed: only a route moving is evidence about
// the networks; the other causes change who votes or repair our view.
enum class ChangeCause : uint8_t {
  Route,           // a voting peer's route to the prefix came or went
  SessionRecount,  // a session came, went or finished warming up: who votes changed
  Stale,           // a collector lost data: its peers stopped voting
  RibRepair,       // a RIB dump replaced routes the updates had left wrong (and its stale peers vote again)
};

// What the state tells the stages after it.
struct RibListener {
  virtual ~RibListener() = default;
  virtual void on_new_prefix(PrefixId) {}
  virtual void on_visibility(PrefixId, bool visible, uint32_t ts, ChangeCause cause) = 0;
  virtual void on_route_event(PrefixId, PeerId, bool /*announce*/, bool /*voting*/, uint32_t /*ts*/) {}
  virtual void on_peer_state(PeerId, bool /*up*/, uint32_t /*ts*/) {}
  // An upstream AS appeared on (or left) the routes to a prefix.
  virtual void on_upstream(PrefixId, uint32_t /*upstream*/, bool /*added*/) {}
};

class RibState {
 public:
  explicit RibState(RibListener* l = nullptr) : listener_(l) {}
  void set_listener(RibListener* l) { listener_ = l; }

  PeerId peer(const std::string& collector, const bgp::IpAddr& ip, uint32_t asn);
  PrefixId intern(const bgp::Prefix& p);
  // Warms the cache for a prefix about to be applied (Engine::prefetch).
  void prefetch(const bgp::Prefix& p) const { prefix_index_.prefetch(p); }

  // An element from updates (Announce/Withdraw/PeerState) of a collector.
  void apply(const std::string& collector, const bgp::Element& e);
  // A RIB dump of a collector at time ts: routes given by add(); finish()
  // replaces each listed peer's table with what the dump says and returns how
  // many (peer, prefix) entries differed from the state built from updates.
  void rib_begin(const std::string& collector, uint32_t ts);
  void rib_add(const std::string& collector, const bgp::Element& e);
  uint64_t rib_finish(std::vector<std::string>* differences = nullptr);

  // Marks every peer of a collector stale (data lost) or trusted again.
  void set_collector_stale(const std::string& collector, bool stale, uint32_t ts);
  // Recomputes full-feed flags and voters (a peer is full-feed when it holds at
  // least full_share of the largest table of its family).
  void refresh_voters(uint32_t ts, ChangeCause cause);
  void tick(uint32_t ts);  // lets warming peers start voting; ends refreshes after a restart

  // After restoring a checkpoint of a live view (watch): every peer up then
  // keeps its routes and its vote, but is not trusted for ever. A peer whose
  // session comes up again re-sends its table (a BMP router's or a BGP
  // peer's initial dump); what it does not send again within
  // warmup_seconds of coming up was withdrawn while we were away, and is
  // swept (ChangeCause::RibRepair, as a RIB dump repairs a view). A peer
  // heard without a session message (RIS Live, a Loc-RIB feed) keeps its
  // routes. A peer not heard at all within `hold` seconds of the first time
  // the clock moves after the restart is taken as down then, when its source
  // either brought other sessions up again (a router back without it) or was
  // not heard at all (gone); a source heard only through routes (RIS Live)
  // says nothing of its silent peers, and they stay.
  void await_refresh(uint32_t hold);
  size_t refreshing() const { return resuming_ + refreshing_; }  // peers still awaited or refreshing

  const std::vector<PeerInfo>& peers() const { return peers_; }
  const std::vector<PrefixInfo>& prefixes() const { return prefixes_; }
  uint32_t voters(bool v6) const { return v6 ? voters6_ : voters4_; }
  uint32_t full_peers_up() const;

  // Checkpoint and restore of one collector's share of the state (its peers:
  // tables, session, stale and warm-up state), so that an engine partitioned
  // by collector can resume after a restart (docs/engine.md). restore()
  // replaces the tables of those peers and recounts who votes at ts.
  std::vector<uint8_t> checkpoint(const std::string& collector) const;
  bgp::Status restore(std::span<const uint8_t> data, uint32_t ts);
  // The whole state, every collector, with prefix and peer ids as they are
  // (the signals and the detector refer to them): the engine's checkpoint
  // (rib/state_checkpoint.cpp). load_state is for a fresh RibState and calls
  // no listener: the stages after it restore their own state.
  void save_state(std::vector<uint8_t>& out) const;
  bgp::Status load_state(std::span<const uint8_t> data);
  template <class S>
  void state_io(S& s);
  double full_share = 0.5;
  uint32_t warmup_seconds = 600;

 private:
  PeerId peer_slow(const std::string& collector, const bgp::IpAddr& ip, uint32_t asn);
  void add_route(PeerId, PrefixId, const Route&, uint32_t ts, ChangeCause);
  void remove_route(PeerId, PrefixId, uint32_t ts, ChangeCause);
  void announce_path(PeerId, PrefixId, uint32_t path_id, const Route&, uint32_t ts);
  void withdraw_path(PeerId, PrefixId, uint32_t path_id, uint32_t ts);
  template <typename Entry>
  uint64_t rib_replace(PeerId, std::vector<Entry>& want, uint32_t ts, std::vector<std::string>* diffs);
  void upstream_add(PrefixId, uint32_t upstream);
  void upstream_remove(PrefixId, uint32_t upstream);
  void count(PeerInfo& p, PrefixId id, int d);
  void set_visible(PrefixId id, uint32_t ts, ChangeCause);
  void set_voting(PeerId id, bool v4, bool v6, uint32_t ts, ChangeCause);
  void revisit_all(uint32_t ts, ChangeCause);
  void drop_session(PeerId, uint32_t ts);
  void begin_refresh(PeerId, uint32_t ts);
  void heard(PeerInfo& p, PrefixId id);
  void end_refresh(PeerId, uint32_t ts);
  void check_refreshes(uint32_t ts);
  size_t resuming_ = 0, refreshing_ = 0;
  enum : uint8_t { kHeard = 1, kSessionUp = 2 };
  std::unordered_map<std::string, uint8_t> resume_sources_;  // what each source did since the restart
  uint32_t resume_hold_ = 0, resume_deadline_ = 0;  // deadline 0: set by the first tick after await_refresh
  RibListener* listener_;
  std::vector<PeerInfo> peers_;
  struct PeerKey {
    uint16_t collector;
    bgp::IpAddr ip;
    bool operator==(const PeerKey& o) const { return collector == o.collector && ip == o.ip; }
  };
  struct PeerKeyHash {
    size_t operator()(const PeerKey& k) const {
      uint64_t h = 1469598103934665603ull ^ k.collector;
      for (auto b : k.ip.b) h = (h ^ b) * 1099511628211ull;
      return static_cast<size_t>(h);
    }
  };
  std::unordered_map<PeerKey, PeerId, PeerKeyHash> peer_index_;
  std::vector<std::string> collectors_;
  PeerId last_peer_ = UINT32_MAX;
  const std::string* last_collector_ = nullptr;
  std::vector<PrefixInfo> prefixes_;
  PrefixIndex prefix_index_;  // keys: prefixes_[id].prefix
  uint32_t voters4_ = 0, voters6_ = 0;
  // RIB dump in progress
  std::string rib_collector_;
  uint32_t rib_ts_ = 0;
  std::unordered_map<PeerId, std::vector<std::pair<PrefixId, Route>>> rib_tables_;
  // entries with a path id other than 0, apart so that dumps without ADD-PATH
  // keep their 12 bytes an entry
  struct RibPath {
    PrefixId id;
    PathRoute path;
  };
  std::unordered_map<PeerId, std::vector<RibPath>> rib_paths_;
};

}  // namespace dw::rib
