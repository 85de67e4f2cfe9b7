// The visibility rule on hand-made tables: a prefix is visible when more than
// half of the voting peers of its family hold a route to it; partial, down,
// stale and warming peers do not vote.
#include <gtest/gtest.h>

#include <map>

#include "bgp/attributes.h"
#include "bgp/message.h"
#include "rib/rib_state.h"

using namespace dw;

namespace {

struct Recorder : rib::RibListener {
  std::map<std::string, bool> visible;
  std::map<std::string, rib::ChangeCause> why;  // the cause of each prefix's last flip
  int flips = 0;
  const rib::RibState* rib = nullptr;
  void on_visibility(rib::PrefixId p, bool v, uint32_t, rib::ChangeCause c) override {
    visible[rib->prefixes()[p].prefix.str()] = v;
    why[rib->prefixes()[p].prefix.str()] = c;
    ++flips;
  }
};

bgp::Attributes path(std::initializer_list<uint32_t> asns) {
  bgp::Attributes a;
  a.as_path.segs.push_back({bgp::SegType::Sequence, static_cast<uint16_t>(asns.size())});
  a.as_path.asns = asns;
  return a;
}

class Table {
 public:
  Table() {
    rec.rib = &rib;
    rib.set_listener(&rec);
    rib.warmup_seconds = 600;
  }
  bgp::Element elem(bgp::ElemType t, const std::string& peer, const std::string& prefix, uint32_t ts) {
    bgp::Element e;
    e.type = t;
    e.ts = ts;
    e.peer_ip = *bgp::IpAddr::parse(peer);
    e.peer_as = 64500 + static_cast<uint32_t>(peer.back() - '0');
    e.prefix = *bgp::Prefix::parse(prefix);
    e.attrs = &attrs;
    return e;
  }
  // A RIB dump in which each peer holds the listed prefixes.
  void dump(const std::map<std::string, std::vector<std::string>>& tables, uint32_t ts) {
    rib.rib_begin("rrc00", ts);
    for (const auto& [peer, prefixes] : tables)
      for (const auto& p : prefixes) rib.rib_add("rrc00", elem(bgp::ElemType::Rib, peer, p, ts));
    rib.rib_finish();
  }
  void announce(const std::string& peer, const std::string& p, uint32_t ts, const std::string& coll = "rrc00") {
    rib.apply(coll, elem(bgp::ElemType::Announce, peer, p, ts));
  }
  void withdraw(const std::string& peer, const std::string& p, uint32_t ts) {
    rib.apply("rrc00", elem(bgp::ElemType::Withdraw, peer, p, ts));
  }
  void session(const std::string& peer, bool up, uint32_t ts) {
    auto e = elem(bgp::ElemType::PeerState, peer, "0.0.0.0/0", ts);
    e.old_state = up ? 1 : 6;
    e.new_state = up ? 6 : 1;
    rib.apply("rrc00", e);
  }
  bool visible(const std::string& p) { return rec.visible[p]; }
  bgp::Attributes attrs = path({64500, 3356, 131279});
  rib::RibState rib;
  Recorder rec;
};

// Ten prefixes so that every full peer's table is the same size.
std::vector<std::string> full(std::initializer_list<std::string> extra = {}) {
  std::vector<std::string> v;
  for (int i = 0; i < 10; ++i) v.push_back("10.0." + std::to_string(i) + ".0/24");
  v.insert(v.end(), extra);
  return v;
}

}  // namespace

TEST(VisibilityRule, StrictMajorityOfVotingPeers) {
  Table t;
  t.dump({{"192.0.2.1", full({"203.0.113.0/24"})},
          {"192.0.2.2", full({"203.0.113.0/24"})},
          {"192.0.2.3", full()},
          {"192.0.2.4", full()}},
         1000);
  EXPECT_EQ(t.rib.voters(false), 4u);
  EXPECT_TRUE(t.visible("10.0.0.0/24"));
  EXPECT_FALSE(t.visible("203.0.113.0/24")) << "2 of 4 is not more than half";
  t.announce("192.0.2.3", "203.0.113.0/24", 1010);
  EXPECT_TRUE(t.visible("203.0.113.0/24")) << "3 of 4 is";
  t.withdraw("192.0.2.1", "203.0.113.0/24", 1020);
  EXPECT_FALSE(t.visible("203.0.113.0/24"));
}

TEST(VisibilityRule, PartialPeersDoNotVote) {
  Table t;
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}, {"192.0.2.3", {"10.0.0.0/24", "198.51.100.0/24"}}}, 1000);
  EXPECT_EQ(t.rib.voters(false), 2u) << "a peer with 2 of 10 routes is partial";
  EXPECT_FALSE(t.visible("198.51.100.0/24")) << "seen only by the partial peer";
  EXPECT_TRUE(t.visible("10.0.5.0/24"));
}

TEST(VisibilityRule, SessionDropIsNotAWithdrawal) {
  Table t;
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}, {"192.0.2.3", full({"203.0.113.0/24"})}}, 1000);
  int flips = t.rec.flips;
  t.session("192.0.2.1", false, 2000);
  EXPECT_EQ(t.rib.voters(false), 2u) << "the peer that went down no longer votes";
  EXPECT_TRUE(t.visible("10.0.3.0/24")) << "the other two still see it";
  EXPECT_EQ(t.rec.flips, flips) << "nothing the remaining majority sees may flip";
  EXPECT_EQ(t.rib.peers()[0].count4, 0u) << "its routes are gone from the state";
}

TEST(VisibilityRule, ReturningPeerWarmsUpBeforeVoting) {
  Table t;
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}, {"192.0.2.3", full()}}, 1000);
  t.session("192.0.2.3", false, 2000);
  EXPECT_EQ(t.rib.full_peers_up(), 2u);
  t.session("192.0.2.3", true, 2100);
  EXPECT_EQ(t.rib.full_peers_up(), 3u) << "up and full again the moment its session is back";
  for (const auto& p : full()) t.announce("192.0.2.3", p, 2101);
  t.rib.tick(2200);
  EXPECT_EQ(t.rib.voters(false), 2u) << "still re-sending its table";
  t.rib.tick(2100 + 600);
  EXPECT_EQ(t.rib.voters(false), 3u);
}

TEST(VisibilityRule, WholeCollectorDownKeepsWhatWasKnown) {
  Table t;
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}, {"192.0.2.3", full()}, {"192.0.2.9", {"10.0.0.0/24"}}},
         1000);
  int flips = t.rec.flips;
  for (auto p : {"192.0.2.1", "192.0.2.2", "192.0.2.3"}) t.session(p, false, 3000);
  EXPECT_EQ(t.rib.voters(false), 0u) << "the partial peer left alone must not become the reference table";
  EXPECT_EQ(t.rec.flips, flips) << "with nobody voting, visibility stays as it was";
  EXPECT_TRUE(t.visible("10.0.7.0/24"));
}

TEST(VisibilityRule, StaleCollectorStopsVotingUntilItsDump) {
  Table t;
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}}, 1000);
  t.rib.set_collector_stale("rrc00", true, 2000);
  EXPECT_EQ(t.rib.voters(false), 0u);
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}}, 3000);
  EXPECT_EQ(t.rib.voters(false), 2u) << "the dump repairs and trusts it again";
}

TEST(RibRepair, LaterDumpCountsAndRepairsDifferences) {
  Table t;
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}}, 1000);
  t.withdraw("192.0.2.1", "10.0.1.0/24", 1100);  // and an update lost: 10.0.2.0/24 was withdrawn too
  std::vector<std::string> diffs;
  t.rib.rib_begin("rrc00", 2000);
  for (const auto& p : full())
    if (p != "10.0.1.0/24" && p != "10.0.2.0/24") t.rib.rib_add("rrc00", t.elem(bgp::ElemType::Rib, "192.0.2.1", p, 2000));
  for (const auto& p : full()) t.rib.rib_add("rrc00", t.elem(bgp::ElemType::Rib, "192.0.2.2", p, 2000));
  EXPECT_EQ(t.rib.rib_finish(&diffs), 1u);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_NE(diffs[0].find("10.0.2.0/24 absent from RIB"), std::string::npos) << diffs[0];
  EXPECT_EQ(t.rib.peers()[0].count4, 8u);
}

TEST(RibState, UpstreamIsTheAsNextToTheOrigin) {
  Table t;
  t.attrs = path({64501, 174, 4837, 131279, 131279});
  t.dump({{"192.0.2.1", {"175.45.176.0/24"}}}, 1000);
  const auto& pi = t.rib.prefixes()[0];
  EXPECT_EQ(pi.origin, 131279u);
  ASSERT_EQ(pi.upstreams.size(), 1u);
  EXPECT_EQ(pi.upstreams.begin()->first, 4837u) << "prepending is skipped";
}

TEST(RibState, MulticastRoutesAreNotCounted) {
  Table t;
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}}, 1000);
  auto e = t.elem(bgp::ElemType::Announce, "192.0.2.1", "203.0.113.0/24", 1100);
  e.safi = 2;
  t.rib.apply("rrc00", e);
  e.peer_ip = *bgp::IpAddr::parse("192.0.2.2");
  t.rib.apply("rrc00", e);
  EXPECT_FALSE(t.visible("203.0.113.0/24")) << "a multicast route says nothing of unicast reachability";
  EXPECT_EQ(t.rib.peers()[0].count4, 10u);
  // a multicast withdrawal leaves the unicast route alone
  auto w = t.elem(bgp::ElemType::Withdraw, "192.0.2.1", "10.0.0.0/24", 1200);
  w.safi = 2;
  t.rib.apply("rrc00", w);
  EXPECT_EQ(t.rib.peers()[0].count4, 10u);
  // nor do multicast RIB entries enter the table
  t.rib.rib_begin("rrc00", 2000);
  for (const auto& p : full()) t.rib.rib_add("rrc00", t.elem(bgp::ElemType::Rib, "192.0.2.1", p, 2000));
  auto m = t.elem(bgp::ElemType::Rib, "192.0.2.1", "198.51.100.0/24", 2000);
  m.safi = 2;
  t.rib.rib_add("rrc00", m);
  t.rib.rib_finish();
  EXPECT_EQ(t.rib.peers()[0].count4, 10u);
}

namespace {
bgp::Element with_path(bgp::Element e, uint32_t path_id) {
  e.prefix.path_id = path_id;
  return e;
}
}  // namespace

TEST(RibState, AddPathPeerHoldsThePrefixWhileAnyPathRemains) {
  Table t;
  t.dump({{"192.0.2.1", full({"203.0.113.0/24"})}, {"192.0.2.2", full({"203.0.113.0/24"})}}, 1000);
  ASSERT_TRUE(t.visible("203.0.113.0/24"));
  auto a1 = t.attrs;  // path 1: through 3356
  auto a2 = path({64500, 174, 131279});  // path 2: through 174, announced last
  auto e = t.elem(bgp::ElemType::Announce, "192.0.2.1", "203.0.113.0/24", 1100);
  e.attrs = &a1;
  t.rib.apply("rrc00", with_path(e, 1));
  e.attrs = &a2;
  t.rib.apply("rrc00", with_path(e, 2));
  auto w = t.elem(bgp::ElemType::Withdraw, "192.0.2.1", "203.0.113.0/24", 1200);
  t.rib.apply("rrc00", with_path(w, 2));
  EXPECT_TRUE(t.visible("203.0.113.0/24")) << "paths 0 and 1 remain";
  t.rib.apply("rrc00", with_path(w, 0));
  EXPECT_TRUE(t.visible("203.0.113.0/24")) << "path 1 remains";
  EXPECT_EQ(t.rib.peers()[0].count4, 11u);
  t.rib.apply("rrc00", with_path(w, 7));
  EXPECT_TRUE(t.visible("203.0.113.0/24")) << "a path it never announced changes nothing";
  t.rib.apply("rrc00", with_path(w, 1));
  EXPECT_FALSE(t.visible("203.0.113.0/24")) << "the last path went";
  EXPECT_EQ(t.rib.peers()[0].count4, 10u);
  EXPECT_TRUE(t.rib.peers()[0].paths.empty());
}

TEST(RibState, AddPathRouteIsTheMostRecentRemainingPath) {
  Table t;
  auto a1 = path({64500, 3356, 131279});
  auto a2 = path({64500, 174, 131279});
  auto e = t.elem(bgp::ElemType::Announce, "192.0.2.1", "203.0.113.0/24", 1100);
  e.attrs = &a1;
  t.rib.apply("rrc00", with_path(e, 1));
  e.attrs = &a2;
  t.rib.apply("rrc00", with_path(e, 2));
  const auto& ups = [&]() -> const auto& { return t.rib.prefixes()[0].upstreams; };
  ASSERT_EQ(ups().size(), 1u);
  EXPECT_EQ(ups()[0].first, 174u);
  t.rib.apply("rrc00", with_path(t.elem(bgp::ElemType::Withdraw, "192.0.2.1", "203.0.113.0/24", 1200), 2));
  ASSERT_EQ(ups().size(), 1u);
  EXPECT_EQ(ups()[0].first, 3356u) << "back to the path that remains";
}

TEST(RibState, AddPathRibDumpKeepsEveryPath) {
  Table t;
  t.rib.rib_begin("rrc00", 1000);
  for (const auto& p : full()) t.rib.rib_add("rrc00", t.elem(bgp::ElemType::Rib, "192.0.2.2", p, 1000));
  for (const auto& p : full()) t.rib.rib_add("rrc00", with_path(t.elem(bgp::ElemType::Rib, "192.0.2.1", p, 1000), 1));
  for (const auto& p : full()) t.rib.rib_add("rrc00", with_path(t.elem(bgp::ElemType::Rib, "192.0.2.1", p, 1000), 2));
  EXPECT_EQ(t.rib.rib_finish(), 20u);  // all missing from the (empty) state
  EXPECT_EQ(t.rib.peers()[1].count4, 10u) << "two paths are one route of the peer";
  EXPECT_TRUE(t.visible("10.0.4.0/24"));
  t.rib.apply("rrc00", with_path(t.elem(bgp::ElemType::Withdraw, "192.0.2.1", "10.0.4.0/24", 1100), 1));
  EXPECT_EQ(t.rib.peers()[1].count4, 10u) << "path 2 still there";
  t.rib.apply("rrc00", with_path(t.elem(bgp::ElemType::Withdraw, "192.0.2.1", "10.0.4.0/24", 1100), 2));
  EXPECT_EQ(t.rib.peers()[1].count4, 9u);
  EXPECT_TRUE(t.rib.peers()[0].paths.empty()) << "a peer without ADD-PATH keeps no side list";
}

// Why a prefix flipped is told with the flip: a route moving, a session's
// coming or going, a collector losing data, a RIB dump repairing the view.
TEST(ChangeCause, EachFlipSaysWhyItHappened) {
  using rib::ChangeCause;
  Table t;
  t.dump({{"192.0.2.1", full({"203.0.113.0/24"})},
          {"192.0.2.2", full({"203.0.113.0/24"})},
          {"192.0.2.3", full()}},
         1000);
  ASSERT_TRUE(t.visible("203.0.113.0/24"));
  t.withdraw("192.0.2.1", "203.0.113.0/24", 1100);
  EXPECT_FALSE(t.visible("203.0.113.0/24"));
  EXPECT_EQ(t.rec.why["203.0.113.0/24"], ChangeCause::Route);
  t.session("192.0.2.3", false, 1200);  // 1 of 2 voters still holds it: no more than half
  t.announce("192.0.2.1", "203.0.113.0/24", 1300);
  EXPECT_TRUE(t.visible("203.0.113.0/24"));
  EXPECT_EQ(t.rec.why["203.0.113.0/24"], ChangeCause::Route);
  t.session("192.0.2.2", false, 1400);  // the other holder goes: 1 of 1 voter holds it, still visible
  t.session("192.0.2.1", false, 1500);  // nobody votes: kept as it was
  EXPECT_TRUE(t.visible("203.0.113.0/24"));
}

TEST(ChangeCause, SessionStaleAndRepairAreNotRoutes) {
  using rib::ChangeCause;
  Table t;
  t.dump({{"192.0.2.1", full({"203.0.113.0/24"})}, {"192.0.2.2", full({"203.0.113.0/24"})}, {"192.0.2.3", full()}},
         1000);
  t.session("192.0.2.1", false, 1100);  // 1 of 2 remaining voters: no longer visible
  EXPECT_FALSE(t.visible("203.0.113.0/24"));
  EXPECT_EQ(t.rec.why["203.0.113.0/24"], ChangeCause::SessionRecount);
  // a second collector's peers outvote rrc00's; then that collector loses data
  auto rv_dump = [&](uint32_t ts) {
    t.rib.rib_begin("route-views2", ts);
    for (auto peer : {"192.0.2.4", "192.0.2.5", "192.0.2.6"})
      for (const auto& p : full()) t.rib.rib_add("route-views2", t.elem(bgp::ElemType::Rib, peer, p, ts));
    t.rib.rib_add("route-views2", t.elem(bgp::ElemType::Rib, "192.0.2.4", "203.0.113.0/24", ts));
    t.rib.rib_add("route-views2", t.elem(bgp::ElemType::Rib, "192.0.2.5", "203.0.113.0/24", ts));
    t.rib.rib_finish();
  };
  rv_dump(1900);
  ASSERT_EQ(t.rib.voters(false), 5u);
  ASSERT_TRUE(t.visible("203.0.113.0/24")) << "3 of 5 voters";
  t.rib.set_collector_stale("route-views2", true, 2000);
  EXPECT_FALSE(t.visible("203.0.113.0/24")) << "1 of 2 rrc00 voters";
  EXPECT_EQ(t.rec.why["203.0.113.0/24"], ChangeCause::Stale);
  rv_dump(3000);
  EXPECT_TRUE(t.visible("203.0.113.0/24"));
  EXPECT_EQ(t.rec.why["203.0.113.0/24"], ChangeCause::RibRepair);
}

// One collector's share of the state checkpointed halfway, restored into a
// fresh state, and the second half fed to both: the same tables and the same
// visibility as one run.
TEST(Checkpoint, RestoredCollectorContinuesLikeOneRun) {
  auto first_half = [](Table& t) {
    t.dump({{"192.0.2.1", full({"203.0.113.0/24"})}, {"192.0.2.2", full({"203.0.113.0/24"})}, {"192.0.2.3", full()}},
           1000);
    t.withdraw("192.0.2.1", "10.0.4.0/24", 1100);
    t.session("192.0.2.3", false, 1200);
    t.session("192.0.2.3", true, 1300);  // warming up until 1900
    for (const auto& p : full()) t.announce("192.0.2.3", p, 1301);
  };
  auto second_half = [](Table& t) {
    t.withdraw("192.0.2.2", "10.0.4.0/24", 1400);
    t.announce("192.0.2.3", "203.0.113.0/24", 1500);
    t.rib.tick(1950);  // the warm-up ends: the third peer votes
    t.withdraw("192.0.2.1", "203.0.113.0/24", 2000);
  };
  Table one;
  first_half(one);
  Table before;
  first_half(before);
  auto bytes = before.rib.checkpoint("rrc00");
  Table restored;
  ASSERT_TRUE(restored.rib.restore(bytes, 1350)) << "a checkpoint restores";
  EXPECT_EQ(restored.rib.voters(false), one.rib.voters(false));
  second_half(one);
  second_half(restored);
  ASSERT_EQ(restored.rib.peers().size(), one.rib.peers().size());
  for (size_t i = 0; i < one.rib.peers().size(); ++i) {
    const auto &a = one.rib.peers()[i], &b = restored.rib.peers()[i];
    EXPECT_EQ(a.ip, b.ip);
    EXPECT_EQ(a.count4, b.count4) << a.ip.str();
    EXPECT_EQ(a.voting4, b.voting4) << a.ip.str();
    EXPECT_EQ(a.warm_until, b.warm_until) << a.ip.str();
  }
  for (const auto& p : one.rib.prefixes())
    EXPECT_EQ(one.visible(p.prefix.str()), restored.visible(p.prefix.str())) << p.prefix.str();
  EXPECT_FALSE(restored.visible("10.0.4.0/24")) << "2 of 3 voters withdrew it";
  auto table = [](const rib::RibState& r, size_t peer) {
    std::map<std::string, uint32_t> m;  // prefix -> origin (ids differ between the two states)
    r.peers()[peer].routes.for_each([&](rib::PrefixId id, const rib::Route& rt) { m[r.prefixes()[id].prefix.str()] = rt.origin; });
    return m;
  };
  for (size_t i = 0; i < one.rib.peers().size(); ++i) EXPECT_EQ(table(one.rib, i), table(restored.rib, i)) << i;
  // damage is an error naming where, and changes nothing
  Table t2;
  bytes.resize(bytes.size() - 3);
  auto r = t2.rib.restore(bytes, 1350);
  ASSERT_FALSE(r);
  EXPECT_EQ(t2.rib.peers().size(), 0u);
}

// A live feed that names no session (a BMP Loc-RIB, a RIS Live peer with no
// state message): the peer is known only by its announcements. It warms up
// like a peer whose session came up, then votes; before, it never voted, so
// such a feed saw nothing go dark.
TEST(VisibilityRule, PeerHeardOnlyThroughAnnouncementsVotesAfterWarmUp) {
  Table t;
  for (const auto& p : full()) t.announce("192.0.2.1", p, 1000);
  EXPECT_EQ(t.rib.voters(false), 0u) << "warming up";
  t.rib.tick(1500);
  EXPECT_EQ(t.rib.voters(false), 0u) << "still warming up (600 s)";
  t.rib.tick(1601);
  ASSERT_EQ(t.rib.voters(false), 1u) << "warm: it votes";
  EXPECT_TRUE(t.visible("10.0.3.0/24"));
  t.withdraw("192.0.2.1", "10.0.3.0/24", 1700);
  EXPECT_FALSE(t.visible("10.0.3.0/24")) << "and its withdrawal darkens the prefix";
}

// A dump that lists a peer still warming up since it was first heard of
// gives its whole table: it votes at once.
TEST(VisibilityRule, DumpEndsTheWarmUpOfAPeerFirstHeardOfByAnnouncements) {
  Table t;
  t.announce("192.0.2.1", "10.0.0.0/24", 1000);
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}}, 1100);
  EXPECT_EQ(t.rib.voters(false), 2u);
}

// The prefix index through its growth: 300k neighbouring /24s, then the same
// bytes as other lengths and as IPv6, all distinct; absent ones are absent.
TEST(PrefixIndex, DistinctThroughGrowthAndFamilies) {
  struct Info { bgp::Prefix prefix; };
  std::vector<Info> table;
  rib::PrefixIndex idx;
  auto add = [&](const bgp::Prefix& p) {
    ASSERT_EQ(idx.find(p, table), rib::PrefixIndex::kNone) << p.str();
    table.push_back({p});
    idx.insert(p, static_cast<uint32_t>(table.size() - 1), table);
  };
  for (uint32_t i = 0; i < 300000; ++i) add({bgp::IpAddr::v4(0x0B000000 + (i << 8)), 24});
  add({bgp::IpAddr::v4(0x0B000000), 23});
  bgp::Prefix v6{bgp::IpAddr::v4(0x0B000000), 24};
  v6.addr.afi = bgp::Afi::Ipv6;
  add(v6);
  ASSERT_EQ(idx.size(), table.size());
  for (uint32_t id = 0; id < table.size(); ++id) ASSERT_EQ(idx.find(table[id].prefix, table), id);
  EXPECT_EQ(idx.find({bgp::IpAddr::v4(0xC0000000), 24}, table), rib::PrefixIndex::kNone);  // 192.0.0.0: past the 300k
}

// After watch resumes from a checkpoint: the peers' tables are as they were
// at the checkpoint, though some routes were withdrawn while nobody listened.
// A peer whose session comes back re-sends its table; what it leaves out is
// swept when its warm-up ends (a repair of our view, not a route event).
// A source that comes back without one of its peers takes that peer down;
// a source heard only through routes (RIS Live) keeps its silent peers.
TEST(ResumeRefresh, RoutesNotSentAgainAreSweptAndAbsentPeersGoDown) {
  Table t;
  t.dump({{"192.0.2.1", full({"203.0.113.0/24"})}, {"192.0.2.2", full({"203.0.113.0/24"})},
          {"192.0.2.3", full({"203.0.113.0/24"})}},
         1000);
  ASSERT_TRUE(t.visible("203.0.113.0/24"));
  t.rib.await_refresh(900);
  EXPECT_EQ(t.rib.refreshing(), 3u);
  t.rib.tick(5000);  // the clock's first move after the restart: the peers have until 5900
  // peers 1 and 2 come back; while away, both had withdrawn 203.0.113.0/24
  for (auto peer : {"192.0.2.1", "192.0.2.2"}) {
    t.session(peer, true, 5010);
    for (const auto& p : full()) t.announce(peer, p, 5011);
  }
  EXPECT_EQ(t.rib.voters(false), 3u) << "the returning peers keep their vote: no blind spell";
  EXPECT_TRUE(t.visible("203.0.113.0/24")) << "still held until their warm-up ends";
  t.rib.tick(5010 + 600);
  EXPECT_EQ(t.rib.peers()[0].count4, 10u) << "the route not sent again is gone";
  EXPECT_EQ(t.rib.peers()[1].count4, 10u);
  EXPECT_FALSE(t.visible("203.0.113.0/24")) << "1 of 3 voters holds it now";
  EXPECT_EQ(t.rec.why["203.0.113.0/24"], rib::ChangeCause::RibRepair);
  EXPECT_TRUE(t.visible("10.0.3.0/24")) << "what they sent again stays";
  EXPECT_TRUE(t.rib.peers()[2].up) << "peer 3 still has until 5900";
  t.rib.tick(5900);
  EXPECT_FALSE(t.rib.peers()[2].up) << "its router brought the others back, not it";
  EXPECT_EQ(t.rib.peers()[2].count4, 0u);
  EXPECT_EQ(t.rib.refreshing(), 0u);
  EXPECT_TRUE(t.visible("10.0.3.0/24")) << "who votes changed: nothing else moved";
}

TEST(ResumeRefresh, SourceHeardOnlyThroughRoutesKeepsItsSilentPeers) {
  Table t;
  for (auto peer : {"192.0.2.1", "192.0.2.2"})
    for (const auto& p : full()) t.announce(peer, p, 1000, "rislive");
  t.rib.tick(2000);
  t.rib.await_refresh(900);
  t.rib.tick(5000);
  t.announce("192.0.2.1", "10.0.0.0/24", 5100, "rislive");  // the stream is back; peer 2 is quiet
  t.rib.tick(6000);
  EXPECT_TRUE(t.rib.peers()[1].up) << "silence on a feed of route changes is no news";
  EXPECT_EQ(t.rib.peers()[1].count4, 10u);
  EXPECT_EQ(t.rib.peers()[0].count4, 10u) << "a peer heard only through routes is not swept";
  EXPECT_EQ(t.rib.refreshing(), 0u);
}

TEST(ResumeRefresh, SourceNeverHeardAgainTakesItsPeersDown) {
  Table t;
  t.dump({{"192.0.2.1", full()}, {"192.0.2.2", full()}}, 1000);
  for (const auto& p : full()) t.announce("192.0.2.5", p, 1000, "rrc01");
  t.rib.await_refresh(900);
  t.rib.tick(5000);
  t.announce("192.0.2.1", "10.0.0.0/24", 5100);  // rrc00 speaks; rrc01 never comes back
  t.rib.tick(5900);
  EXPECT_FALSE(t.rib.peers()[2].up) << "a source gone since the restart: its sessions are down";
  EXPECT_TRUE(t.rib.peers()[0].up);
  EXPECT_TRUE(t.rib.peers()[1].up) << "its source spoke through routes only: no news of it";
}
