// The engine on hand-made route-event streams: the gap policy (issue 9 item
// 9: a gap blinds that collector's peers only), notices from session state,
// and the per-source positions.
#include <gtest/gtest.h>

#include "bgp/attributes.h"
#include "engine/engine.h"

using namespace dw;

namespace {

constexpr uint32_t kStart = 1400000000;  // a bin boundary (300 s)
constexpr uint32_t kDark = 64496, kOther = 64497;

class Stream {
 public:
  explicit Stream(engine::Engine& e) : eng(e) {
    dark = path({3356, kDark});
    other = path({3356, kOther});
  }
  static bgp::Attributes path(std::initializer_list<uint32_t> asns) {
    bgp::Attributes a;
    a.set(bgp::AttrType::AsPath);
    a.as_path.segs.push_back({bgp::SegType::Sequence, static_cast<uint16_t>(asns.size())});
    a.as_path.asns = asns;
    return a;
  }
  static std::string prefix(uint32_t as, int i) { return (as == kDark ? "20.1." : "20.2.") + std::to_string(i) + ".0/24"; }
  feed::RouteEvent ev(std::string_view src, feed::EventKind k, uint32_t ts) {
    feed::RouteEvent e;
    e.kind = k;
    e.source = src;
    e.seq = ++seq[std::string(src)];
    e.ts = ts;
    return e;
  }
  void elem(std::string_view src, bgp::ElemType t, int peer, const std::string& p, uint32_t ts,
            const bgp::Attributes* a) {
    auto e = ev(src, feed::EventKind::Element, ts);
    e.elem.type = t;
    e.elem.ts = ts;
    e.elem.peer_ip = bgp::IpAddr::v4(0xc0000200u + static_cast<uint32_t>(peer) + (src == "B" ? 16 : 0));
    e.elem.peer_as = 65000 + static_cast<uint32_t>(peer);
    e.elem.prefix = *bgp::Prefix::parse(p);
    e.elem.attrs = a;
    eng.on_event(e);
  }
  // each collector's three peers hold every prefix of both ASes
  void dumps() {
    for (std::string_view src : {"A", "B"}) {
      auto b = ev(src, feed::EventKind::RibBegin, kStart);
      b.initial = true;
      eng.on_event(b);
      for (int peer = 1; peer <= 3; ++peer)
        for (int i = 0; i < 10; ++i) {
          elem(src, bgp::ElemType::Rib, peer, prefix(kDark, i), kStart, &dark);
          elem(src, bgp::ElemType::Rib, peer, prefix(kOther, i), kStart, &other);
        }
      auto end = ev(src, feed::EventKind::RibEnd, kStart);
      end.initial = true;
      eng.on_event(end);
    }
    eng.on_event(ev("A", feed::EventKind::Tick, kStart));
  }
  void ticks(uint32_t from, uint32_t to) {
    for (uint32_t t = from; t < to; t += 30) eng.on_event(ev("A", feed::EventKind::Tick, t));
  }
  void gap(std::string_view src, uint32_t from, uint32_t to) {
    auto g = ev(src, feed::EventKind::Gap, from);
    g.until = to;
    eng.on_event(g);
  }
  engine::Engine& eng;
  bgp::Attributes dark, other;
  std::map<std::string, uint64_t> seq;
};

std::vector<const detect::Event*> outages_of(const engine::Engine& e, uint32_t asn) {
  std::vector<const detect::Event*> v;
  for (const auto& x : e.detector().events()) {
    auto& k = const_cast<engine::Engine&>(e).visibility().entities()[x.entity].key;
    if (x.kind == detect::EventKind::Outage && k.type == signal::EntityType::Asn && k.code == asn) v.push_back(&x);
  }
  return v;
}

}  // namespace

// An AS goes dark for 30 min inside a 90-min gap of collector B; collector A
// sees it all. The gap blinds B's peers only: the outage is found, dated
// from A's withdrawals. (Before, any gap blinded the whole detector, and an
// outage over before the gap ended was never reported.)
TEST(GapPolicy, GapBlindsOnlyThatCollectorsPeers) {
  engine::Engine eng(nullptr, {});
  Stream s(eng);
  s.dumps();
  uint32_t gap_from = kStart + 3 * 3600, gap_to = gap_from + 5400;
  uint32_t dark_at = gap_from + 900, back_at = dark_at + 1800;
  s.ticks(kStart + 30, gap_from);
  s.gap("B", gap_from, gap_to);
  s.ticks(gap_from, dark_at);
  for (int peer = 1; peer <= 3; ++peer)
    for (int i = 0; i < 10; ++i)
      s.elem("A", bgp::ElemType::Withdraw, peer, Stream::prefix(kDark, i), dark_at + static_cast<uint32_t>(peer), nullptr);
  s.ticks(dark_at + 30, back_at);
  for (int peer = 1; peer <= 3; ++peer)
    for (int i = 0; i < 10; ++i)
      s.elem("A", bgp::ElemType::Announce, peer, Stream::prefix(kDark, i), back_at, &s.dark);
  s.ticks(back_at + 30, gap_to + 3600);
  eng.finish();

  auto out = outages_of(eng, kDark);
  ASSERT_EQ(out.size(), 1u) << "the outage inside B's gap, seen by A";
  EXPECT_EQ(out[0]->start, dark_at + 1) << "dated from A's first withdrawal";
  ASSERT_TRUE(out[0]->end);
  EXPECT_EQ(*out[0]->end, back_at);
  EXPECT_TRUE(outages_of(eng, kOther).empty()) << "B's peers no longer voting is no outage";
  ASSERT_EQ(eng.notices().size(), 1u);
  EXPECT_EQ(eng.notices()[0].kind, detect::NoticeKind::CollectorGap);
  EXPECT_EQ(eng.positions().at("B"), s.seq["B"]) << "the sequence number reached per source";
}

// With no other collector voting, the whole view is blind during the gap (and
// a while after): nothing can be seen, so no outage may start.
TEST(GapPolicy, OnlyCollectorInAGapBlindsTheView) {
  engine::Engine eng(nullptr, {});
  Stream s(eng);
  s.dumps();
  uint32_t gap_from = kStart + 3 * 3600;
  s.ticks(kStart + 30, gap_from);
  s.gap("A", gap_from, gap_from + 5400);
  s.gap("B", gap_from, gap_from + 5400);
  EXPECT_EQ(eng.rib().voters(false), 0u);
  s.ticks(gap_from, gap_from + 7200);
  eng.finish();
  EXPECT_TRUE(outages_of(eng, kDark).empty());
  EXPECT_EQ(eng.notices().size(), 2u);
}

// A session that drops and comes back is one peer_down notice with its end;
// one still down at the end has none.
TEST(EngineNotices, PeerDownFromSessionState) {
  engine::Engine eng(nullptr, {});
  Stream s(eng);
  s.dumps();
  auto state = [&](int peer, bool up, uint32_t ts) {
    feed::RouteEvent e = s.ev("A", feed::EventKind::Element, ts);
    e.elem.type = bgp::ElemType::PeerState;
    e.elem.ts = ts;
    e.elem.peer_ip = bgp::IpAddr::v4(0xc0000200u + static_cast<uint32_t>(peer));
    e.elem.old_state = up ? 1 : 6;
    e.elem.new_state = up ? 6 : 1;
    eng.on_event(e);
  };
  s.ticks(kStart + 30, kStart + 600);
  state(1, false, kStart + 600);
  state(2, false, kStart + 700);
  s.ticks(kStart + 700, kStart + 1200);
  state(1, true, kStart + 1200);
  s.ticks(kStart + 1200, kStart + 1800);
  eng.finish();
  ASSERT_EQ(eng.notices().size(), 2u);
  EXPECT_EQ(eng.notices()[0].kind, detect::NoticeKind::PeerDown);
  EXPECT_EQ(eng.notices()[0].start, kStart + 600);
  EXPECT_EQ(eng.notices()[0].end, std::optional<uint32_t>(kStart + 1200));
  EXPECT_EQ(eng.notices()[1].start, kStart + 700);
  EXPECT_FALSE(eng.notices()[1].end) << "still down at the end";
}

namespace {
struct BinCounter : signal::SignalListener {
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool, uint32_t,
                 rib::ChangeCause) override {}
  void on_bin(uint32_t from, uint32_t) override { ++bins, last = from; }
  uint64_t bins = 0;
  uint32_t last = 0;
};
}  // namespace

// A recorded stream's old times, then live ones (watch_bmp's flood: M320 from
// 2010, then a router's PeerDown at the wall clock): the clock leaps 16 years.
// That is a gap in the data, not 1.7 million empty 5-minute bins to walk (the
// engine thread hung there), and the state before it is no baseline for the
// state after it: an AS that announces half what it did before the leap is
// not an outage, while a real loss after the leap is found.
TEST(ClockGuard, AJumpOfYearsIsAGapNotBinsToWalk) {
  engine::Engine eng(nullptr, {});
  BinCounter bins;
  eng.add_output(&bins);
  Stream s(eng);
  s.dumps();
  s.ticks(kStart + 30, kStart + 6 * 3600);
  uint64_t before = bins.bins;
  const uint32_t live = kStart + 16 * 365 * 86400 + 17;  // not a bin boundary
  eng.on_event(s.ev("watch", feed::EventKind::Tick, live));  // the live clock (the old code walked from here)
  EXPECT_LE(bins.bins - before, 1u) << "the open bin closes; none of the years between";
  // in the live data the AS holds 5 prefixes of its 10
  for (int peer = 1; peer <= 3; ++peer)
    for (int i = 5; i < 10; ++i)
      s.elem("A", bgp::ElemType::Withdraw, peer, Stream::prefix(kDark, i), live, nullptr);
  EXPECT_LE(bins.bins - before, 1u) << "the open bin closes; none of the years between";
  ASSERT_EQ(eng.notices().size(), 1u);
  const auto& n = eng.notices()[0];
  EXPECT_EQ(n.kind, detect::NoticeKind::CollectorGap);
  EXPECT_EQ(n.start, kStart + 6 * 3600 - 30) << "from the last time heard";
  EXPECT_EQ(n.end, std::optional<uint32_t>(live));
  EXPECT_NE(n.reason.find("jumped forward"), std::string::npos) << n.reason;
  EXPECT_EQ(eng.now(), live);
  s.ticks(live, live + 6 * 3600);
  EXPECT_LE(bins.bins - before, 6u * 12 + 2) << "bins from the leap on, one per 5 minutes";
  EXPECT_EQ(bins.last, (live + 6 * 3600 - 30) / 300 * 300 - 300);
  EXPECT_TRUE(outages_of(eng, kDark).empty()) << "the old state is no baseline for the live one";
  // a loss after the leap is an outage, against the baseline built after it
  uint32_t dark_at = live + 6 * 3600;
  for (int peer = 1; peer <= 3; ++peer)
    for (int i = 0; i < 5; ++i)
      s.elem("A", bgp::ElemType::Withdraw, peer, Stream::prefix(kDark, i), dark_at, nullptr);
  s.ticks(dark_at, dark_at + 3600);
  eng.finish();
  auto out = outages_of(eng, kDark);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]->start, dark_at);
  EXPECT_EQ(eng.notices().size(), 1u) << "one leap, one notice";
}

// A gap the source declared may be longer than a day: the clock moves over it
// as before (the archive's own gap notice, no second one).
TEST(ClockGuard, ADeclaredGapIsNoLeap) {
  engine::Engine eng(nullptr, {});
  Stream s(eng);
  s.dumps();
  s.ticks(kStart + 30, kStart + 3600);
  s.gap("A", kStart + 3600, kStart + 3 * 86400);
  s.gap("B", kStart + 3600, kStart + 3 * 86400);
  s.ticks(kStart + 3 * 86400, kStart + 3 * 86400 + 600);
  eng.finish();
  ASSERT_EQ(eng.notices().size(), 2u);
  for (const auto& n : eng.notices()) EXPECT_EQ(n.reason.find("jumped"), std::string::npos);
}
