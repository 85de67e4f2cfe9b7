// Engine checkpoints on a hand-made stream: stopped in the middle of an
// outage, an open session drop and a local loss, checkpointed, restored into
// a fresh engine and fed the rest, the engine gives the same events, notices
// and signal rows as one uninterrupted run. A damaged, truncated, older or
// foreign checkpoint is refused with its reason and leaves the engine cold.
#include <gtest/gtest.h>

#include <random>

#include "bgp/attributes.h"
#include "detect/event_json.h"
#include "engine/engine.h"

using namespace dw;

namespace {

constexpr uint32_t kStart = 1400000000;  // a bin boundary (300 s)
constexpr uint32_t kDark = 64496, kOther = 64497;

bgp::Attributes path(std::initializer_list<uint32_t> asns) {
  bgp::Attributes a;
  a.set(bgp::AttrType::AsPath);
  a.as_path.segs.push_back({bgp::SegType::Sequence, static_cast<uint16_t>(asns.size())});
  a.as_path.asns = asns;
  return a;
}

// The whole stream as events, so that it can be cut anywhere.
struct Script {
  bgp::Attributes dark = path({3356, kDark}), other = path({3356, kOther});
  std::vector<feed::RouteEvent> events;
  std::map<std::string, uint64_t> seq;
  static std::string prefix(uint32_t as, int i) { return (as == kDark ? "20.1." : "20.2.") + std::to_string(i) + ".0/24"; }
  feed::RouteEvent& ev(std::string_view src, feed::EventKind k, uint32_t ts) {
    feed::RouteEvent e;
    e.kind = k;
    e.source = src;
    e.seq = ++seq[std::string(src)];
    e.ts = ts;
    events.push_back(e);
    return events.back();
  }
  static bgp::IpAddr peer_ip(std::string_view src, int peer) {
    return bgp::IpAddr::v4(0xc0000200u + static_cast<uint32_t>(peer) + (src == "B" ? 16 : 0));
  }
  void elem(std::string_view src, bgp::ElemType t, int peer, const std::string& p, uint32_t ts, const bgp::Attributes* a) {
    auto& e = ev(src, feed::EventKind::Element, ts);
    e.elem.type = t;
    e.elem.ts = ts;
    e.elem.peer_ip = peer_ip(src, peer);
    e.elem.peer_as = 65000 + static_cast<uint32_t>(peer);
    e.elem.prefix = *bgp::Prefix::parse(p);
    e.elem.attrs = a;
  }
  void state(std::string_view src, int peer, bool up, uint32_t ts) {
    auto& e = ev(src, feed::EventKind::Element, ts);
    e.elem.type = bgp::ElemType::PeerState;
    e.elem.ts = ts;
    e.elem.peer_ip = peer_ip(src, peer);
    e.elem.peer_as = 65000 + static_cast<uint32_t>(peer);
    e.elem.old_state = up ? 1 : 6;
    e.elem.new_state = up ? 6 : 1;
  }
  void ticks(uint32_t from, uint32_t to) {
    for (uint32_t t = from; t < to; t += 30) ev("A", feed::EventKind::Tick, t);
  }
  void all(std::string_view src, bgp::ElemType t, uint32_t as, uint32_t ts) {
    for (int peer = 1; peer <= 3; ++peer)
      for (int i = 0; i < 10; ++i)
        elem(src, t, peer, prefix(as, i), ts + static_cast<uint32_t>(peer), t == bgp::ElemType::Withdraw ? nullptr : as == kDark ? &dark : &other);
  }
  // Two collectors of three peers, a day of quiet for the baselines, then an
  // outage of kDark, a session drop at B and a loss seen by one peer of A.
  Script() {
    for (std::string_view src : {"A", "B"}) {
      auto& b = ev(src, feed::EventKind::RibBegin, kStart);
      b.initial = true;
      for (int peer = 1; peer <= 3; ++peer)
        for (int i = 0; i < 10; ++i) {
          elem(src, bgp::ElemType::Rib, peer, prefix(kDark, i), kStart, &dark);
          elem(src, bgp::ElemType::Rib, peer, prefix(kOther, i), kStart, &other);
        }
      ev(src, feed::EventKind::RibEnd, kStart).initial = true;
    }
    uint32_t t = kStart + 25 * 3600;
    ticks(kStart, t);
    all("A", bgp::ElemType::Withdraw, kDark, t);
    all("B", bgp::ElemType::Withdraw, kDark, t);
    ticks(t, t + 600);
    state("B", 3, false, t + 600);
    elem("A", bgp::ElemType::Withdraw, 1, prefix(kOther, 0), t + 610, nullptr);
    ticks(t + 610, t + 3600);
    all("A", bgp::ElemType::Announce, kDark, t + 3600);
    all("B", bgp::ElemType::Announce, kDark, t + 3600);
    state("B", 3, true, t + 3700);
    elem("A", bgp::ElemType::Announce, 1, prefix(kOther, 0), t + 3710, &other);
    ticks(t + 3600, t + 7200);
  }
  // the index of the first event at or after ts
  size_t at(uint32_t ts) const {
    size_t i = 0;
    while (i < events.size() && (events[i].ts < ts || events[i].kind != feed::EventKind::Tick)) ++i;
    return i;
  }
};

// Every closed bin's row of every entity, as text.
struct Rows : signal::SignalListener {
  explicit Rows(const signal::VisibilityCounter& v) : vis(v) {}
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool, uint32_t,
                 rib::ChangeCause) override {}
  void on_bin(uint32_t start, uint32_t) override {
    for (const auto& e : vis.entities()) {
      const auto& r = e.closed;
      out.push_back(e.key.str() + " " + std::to_string(start) + " " + std::to_string(r.end.v4) + " " +
                    std::to_string(r.low.v4) + " " + std::to_string(r.announcements) + " " +
                    std::to_string(r.withdrawals) + " " + std::to_string(r.peers) + " " + std::to_string(e.changed));
    }
  }
  const signal::VisibilityCounter& vis;
  std::vector<std::string> out;
};

std::vector<std::string> reported(const engine::Engine& eng) {
  std::vector<std::string> v;
  for (const auto& e : eng.detector().events()) v.push_back(eng.detector().to_json(e));
  for (const auto& n : eng.notices()) v.push_back(detect::to_json(n));
  return v;
}

void feed_range(engine::Engine& eng, const Script& s, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) eng.on_event(s.events[i]);
}

uint64_t fnv1a(std::span<const uint8_t> b) {
  uint64_t h = 1469598103934665603ull;
  for (uint8_t x : b) h = (h ^ x) * 1099511628211ull;
  return h;
}
// what a damaged checkpoint whose checksum was made to match looks like
void reseal(std::vector<uint8_t>& b) {
  uint64_t h = fnv1a(std::span(b).subspan(13));
  for (int i = 0; i < 8; ++i) b[5 + i] = static_cast<uint8_t>(h >> (56 - 8 * i));
}

std::vector<uint8_t> checkpoint_in_the_outage(const Script& s) {
  engine::Engine eng(nullptr, {});
  feed_range(eng, s, 0, s.at(kStart + 25 * 3600 + 1200));
  auto ck = eng.checkpoint();
  EXPECT_TRUE(ck) << (ck ? "" : ck.error().describe());
  return ck ? *ck : std::vector<uint8_t>{};
}

}  // namespace

TEST(EngineCheckpoint, RestoredEngineContinuesLikeOneRun) {
  Script s;
  size_t cut = s.at(kStart + 25 * 3600 + 1200);  // 20 min into the outage, B's peer down, A's peer lost one
  uint32_t cut_ts = s.events[cut].ts;

  engine::Engine whole(nullptr, {});
  Rows whole_rows(whole.visibility());
  whole.add_output(&whole_rows);
  feed_range(whole, s, 0, s.events.size());
  whole.finish();

  engine::Engine first(nullptr, {});
  feed_range(first, s, 0, cut);
  auto ck = first.checkpoint();
  ASSERT_TRUE(ck) << ck.error().describe();

  engine::Engine second(nullptr, {});
  auto st = second.restore(*ck);
  ASSERT_TRUE(st) << st.error().describe();
  EXPECT_EQ(second.positions(), first.positions());
  EXPECT_EQ(second.now(), first.now());
  Rows rows(second.visibility());
  second.add_output(&rows);
  feed_range(second, s, cut, s.events.size());
  second.finish();

  auto want = reported(whole), got = reported(second);
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(got, want);
  int outages = 0, downs = 0, local = 0;
  for (const auto& n : whole.notices()) downs += n.kind == detect::NoticeKind::PeerDown, local += n.kind == detect::NoticeKind::LocalLoss;
  for (const auto& e : whole.detector().events()) outages += e.kind == detect::EventKind::Outage;
  EXPECT_GE(outages, 1) << "the stream has an outage across the cut";
  EXPECT_EQ(downs, 1) << "and a session drop across it";
  EXPECT_EQ(local, 1) << "and a local loss across it";
  // the rows of the bins that closed after the cut
  std::vector<std::string> tail;
  for (const auto& r : whole_rows.out)
    if (std::stoul(r.substr(r.find(' ') + 1)) + 300 > cut_ts) tail.push_back(r);
  EXPECT_EQ(rows.out, tail);
  EXPECT_EQ(second.elements(), whole.elements());

  // the checkpoint of a restored engine is the same bytes
  engine::Engine third(nullptr, {});
  ASSERT_TRUE(third.restore(*ck));
  EXPECT_EQ(*third.checkpoint(), *ck);
}

TEST(EngineCheckpoint, DamagedCheckpointIsRefusedAndLeavesTheEngineCold) {
  Script s;
  auto ck = checkpoint_in_the_outage(s);
  ASSERT_GT(ck.size(), 100u);
  auto refused = [&](std::vector<uint8_t> b, const std::string& says) {
    engine::Engine eng(nullptr, {});
    auto st = eng.restore(b);
    EXPECT_FALSE(st) << says;
    if (st) return;
    EXPECT_NE(st.error().describe().find(says), std::string::npos) << st.error().describe();
    EXPECT_FALSE(eng.started());
    EXPECT_TRUE(eng.rib().peers().empty());
    EXPECT_TRUE(eng.positions().empty());
    // and it works cold
    feed_range(eng, s, 0, s.events.size());
    eng.finish();
    EXPECT_FALSE(eng.detector().events().empty());
  };
  refused({ck.begin(), ck.begin() + static_cast<std::ptrdiff_t>(ck.size() / 2)}, "checksum");
  refused({ck.begin(), ck.begin() + 7}, "checkpoint header");
  auto flipped = ck;
  flipped[ck.size() / 3] ^= 0x10;
  refused(flipped, "checksum");
  auto old = ck;
  old[4] = 0;
  refused(old, "version 0");
  auto magic = ck;
  magic[0] = 'X';
  refused(magic, "magic");
  auto longer = ck;
  longer.push_back(0);
  reseal(longer);
  refused(longer, "bytes after the end");

  engine::EngineConfig other;
  other.detector.min_duration = 600;
  engine::Engine eng(nullptr, other);
  auto st = eng.restore(ck);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().describe().find("another configuration"), std::string::npos) << st.error().describe();

  engine::Engine used(nullptr, {});
  feed_range(used, s, 0, 10);
  EXPECT_FALSE(used.restore(ck)) << "only into a fresh engine";
}

// Damage that passes the checksum (as a bug of ours would) must still end in
// an error or a consistent restore, never a crash (run under ASan in CI).
TEST(EngineCheckpoint, ResealedDamageNeverCrashes) {
  Script s;
  auto ck = checkpoint_in_the_outage(s);
  std::mt19937 rng(7);
  int refused = 0;
  for (int i = 0; i < 40; ++i) {
    auto b = ck;
    size_t at = 13 + rng() % (b.size() - 13);
    if (i % 2) b[at] = static_cast<uint8_t>(rng());
    else b.resize(at);
    reseal(b);
    engine::Engine eng(nullptr, {});
    auto st = eng.restore(b);
    if (!st) {
      ++refused;
      EXPECT_FALSE(eng.started());
    }
  }
  EXPECT_GT(refused, 20) << "cut checkpoints are all refused";
}
