#include "watch/runtime.h"

#include <algorithm>
#include <ctime>

#include "net/source_names.h"

namespace dw::watch {

Runtime::Runtime(engine::Engine& eng, net::EventQueue& q, RuntimeConfig cfg) : eng_(eng), q_(q), cfg_(std::move(cfg)) {
  started_ = static_cast<uint32_t>(std::time(nullptr));
}

Runtime::~Runtime() {
  if (thread_.joinable()) stop(std::chrono::steady_clock::now());
}

void Runtime::start() {
  snapshot(started_);
  thread_ = std::thread([this] { run(); });
}

void Runtime::stop(std::chrono::steady_clock::time_point deadline) {
  deadline_ = deadline;
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

feed::RouteEvent Runtime::tick(const std::string& source, uint32_t ts) {
  feed::RouteEvent t;
  t.kind = feed::EventKind::Tick;
  t.source = source;
  t.seq = ++tick_seq_;
  t.ts = ts;
  return t;
}

void Runtime::run() {
  using clock = std::chrono::steady_clock;
  net::Batch b;
  auto next_second = clock::now(), last_snapshot = next_second;
  const std::string& tick_source = net::intern_source("watch");
  // The status is also taken when the queue runs dry (at most every 10 ms):
  // what `status` shows then is what was applied, not up to a second behind.
  bool owed = false;
  auto drained = [&] {
    snapshot(static_cast<uint32_t>(std::time(nullptr)));
    last_snapshot = clock::now();
    owed = false;
  };
  for (;;) {
    bool got = q_.pop(b, std::chrono::milliseconds(owed ? 10 : 100));
    if (!got && owed) drained();
    if (got) {
      // past the stop deadline what is still queued is counted, not applied:
      // a router that keeps flooding must not hold the exit (SIGTERM: 5 s)
      if (stopping_ && clock::now() >= deadline_) {
        discarded_ += b.size();
        break;
      }
      constexpr size_t kAhead = 8, kLate = 4;  // events prefetched ahead of the one applied
      for (size_t i = 0; i < std::min(kAhead, b.size()); ++i) eng_.prefetch(b[i]);
      for (size_t i = 0; i < std::min(kLate, b.size()); ++i) eng_.prefetch_late(b[i]);
      for (size_t i = 0; i < b.size(); ++i) {
        if (i + kAhead < b.size()) eng_.prefetch(b[i + kAhead]);
        if (i + kLate < b.size()) eng_.prefetch_late(b[i + kLate]);
        const auto& e = b[i];
        for (auto* t : tees_) t->on_event(e);
        if (e.kind == feed::EventKind::Element) {
          if (e.ts > data_ts_ && e.elem.type != bgp::ElemType::Rib) {
            // the data's own time moves the engine's clock, as an archive's
            // records do in replay (mrt::ArchiveSource ticks before each
            // newer record): bins close on a recorded feed too, and watch
            // sees what a replay of its recording sees
            data_ts_ = e.ts;
            eng_.on_event(tick(tick_source, e.ts));
          }
          auto t = e.elem.type;
          announcements_ += t == bgp::ElemType::Announce;
          withdrawals_ += t == bgp::ElemType::Withdraw;
          peer_states_ += t == bgp::ElemType::PeerState;
        }
        eng_.on_event(e);
      }
      if (cfg_.engine_delay.count()) std::this_thread::sleep_for(cfg_.engine_delay);
      if (q_.empty()) {
        if (clock::now() - last_snapshot >= std::chrono::milliseconds(10)) drained();
        else owed = true;
      }
    }
    auto now = clock::now();
    if (now >= next_second) {
      next_second = now + std::chrono::seconds(1);
      auto wall = static_cast<uint32_t>(std::time(nullptr));
      // a live feed moves the clock on; a recorded one keeps its own time
      if (cfg_.wall_clock_ticks && data_ts_ && wall >= data_ts_ && wall - data_ts_ < 3600) {
        auto t = tick(tick_source, wall);
        for (auto* s : tees_) s->on_event(t);
        eng_.on_event(t);
      }
      if (second_) second_(eng_, wall);
      snapshot(wall);
      last_snapshot = now, owed = false;
    }
    if (cfg_.end_with_inputs && !got && q_.idle()) break;  // every input ended and was drained
    if (stopping_ && !got && (q_.open_lanes() == 0 || clock::now() >= deadline_)) break;
  }
  snapshot(static_cast<uint32_t>(std::time(nullptr)));
  finished_ = true;
}

void Runtime::snapshot(uint32_t now) {
  Status s;
  s.version = cfg_.version;
  s.started = started_;
  s.now = now;
  s.elements = eng_.elements();
  s.announcements = announcements_;
  s.withdrawals = withdrawals_;
  s.peer_states = peer_states_;
  s.damaged = eng_.damaged();
  s.notices = eng_.notices().size();
  s.prefixes = eng_.rib().prefixes().size();
  for (const auto& p : eng_.rib().peers())
    s.peers.push_back({p.collector, p.ip.str(), p.asn, p.up, p.down_at, p.count4, p.count6,
                       p.resuming ? "session" : p.refresh_until ? "table" : ""});
  const auto& det = eng_.detector();
  for (const auto& e : det.events())
    if (!e.end) {
      auto r = det.record(e);
      s.open_events.push_back({detect::kind_name(r.kind), r.entity.str(), r.start, r.severity});
    }
  if (collector_) {
    s.connections = collector_->connections();
    s.refused = collector_->refused();
  }
  s.lanes = q_.stats();
  // the rate over the last second or more (snapshots also come when the queue drains)
  auto t = std::chrono::steady_clock::now();
  double dt = std::chrono::duration<double>(t - rate_since_).count();
  std::lock_guard lock(m_);
  if (dt >= 1) {
    s.elements_per_second = static_cast<double>(s.elements - last_elements_) / dt;
    last_elements_ = s.elements;
    rate_since_ = t;
  } else {
    s.elements_per_second = status_.elements_per_second;
  }
  status_ = std::move(s);
}

// The engine's part as of its last snapshot (at most a second old); the
// connections and queues as they are now (both are safe to read from any thread).
Status Runtime::status() const {
  Status s;
  {
    std::lock_guard lock(m_);
    s = status_;
  }
  if (collector_) {
    s.connections = collector_->connections();
    s.refused = collector_->refused();
  }
  s.lanes = q_.stats();
  return s;
}

}  // namespace dw::watch
