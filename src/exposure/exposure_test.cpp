// Exposure profiles on hand-built topologies: a multihomed stub, two
// providers sharing one upstream, a domestic transit single-homed abroad,
// prepending and AS_SETs; the path table; the tiers and the ranking.
#include <gtest/gtest.h>

#include <map>

#include "exposure/path_keeper.h"
#include "exposure/profile.h"

using namespace dw;
using exposure::Entity;

namespace {

// 175.0.0.0/8 is KP (so 175.x prefixes are the country's), the rest US;
// AS registrations as listed, others unknown.
class TestGeo : public geo::CountryDb {
 public:
  std::map<uint32_t, std::string> as_cc;
  geo::CountryCode lookup(const bgp::IpAddr& a, unsigned* block_len) const override {
    if (block_len) *block_len = 8;
    if (!a.is_v4()) return geo::country_code("DE");
    return geo::country_code((a.v4_host() >> 24) == 175 ? "KP" : "US");
  }
  geo::CountryCode asn_country(uint32_t asn) const override {
    auto it = as_cc.find(asn);
    return it == as_cc.end() ? 0 : geo::country_code(it->second);
  }
  std::string describe() const override { return "test"; }
};

// Applies a route-event stream to a RibState, as the engine does.
struct RibApplier : feed::EventSink {
  explicit RibApplier(rib::RibState& r) : rib(r) {}
  void on_event(const feed::RouteEvent& e) override {
    std::string src(e.source);
    switch (e.kind) {
      case feed::EventKind::RibBegin: rib.rib_begin(src, e.ts); in_dump = true; break;
      case feed::EventKind::RibEnd: rib.rib_finish(); in_dump = false; break;
      case feed::EventKind::Element:
        if (in_dump) rib.rib_add(src, e.elem);
        else rib.apply(src, e.elem);
        break;
      default: break;
    }
  }
  rib::RibState& rib;
  bool in_dump = false;
};

bgp::AsPath seq(std::vector<uint32_t> asns) {
  bgp::AsPath p;
  p.segs.push_back({bgp::SegType::Sequence, static_cast<uint16_t>(asns.size())});
  p.asns = std::move(asns);
  return p;
}

struct Route {
  std::string peer;  // vantage point address
  uint32_t peer_as;
  std::string prefix;
  bgp::AsPath path;
};

struct World {
  World() : applier(rib), keeper(rib, &applier) {}
  // one RIB dump with these routes
  void dump(const std::vector<Route>& routes, uint32_t ts = 1000) {
    feed::RouteEvent b;
    b.kind = feed::EventKind::RibBegin, b.source = "c", b.ts = ts;
    keeper.on_event(b);
    for (const auto& r : routes) send(bgp::ElemType::Rib, r, ts);
    b.kind = feed::EventKind::RibEnd;
    keeper.on_event(b);
  }
  void send(bgp::ElemType t, const Route& r, uint32_t ts) {
    bgp::Attributes a;
    a.as_path = r.path;
    feed::RouteEvent e;
    e.kind = feed::EventKind::Element, e.source = "c", e.ts = ts;
    e.elem.type = t, e.elem.ts = ts;
    e.elem.peer_ip = *bgp::IpAddr::parse(r.peer);
    e.elem.peer_as = r.peer_as;
    e.elem.prefix = *bgp::Prefix::parse(r.prefix);
    e.elem.attrs = t == bgp::ElemType::Withdraw ? nullptr : &a;
    keeper.on_event(e);
  }
  exposure::Profile profile(const std::string& entity, std::vector<uint32_t> without = {}) {
    exposure::Profiler pr(keeper, &geo, nullptr);
    return pr.profile(*Entity::parse(entity), without);
  }
  TestGeo geo;
  rib::RibState rib;
  RibApplier applier;
  exposure::PathKeeper keeper;
};

double share_of(const std::vector<exposure::AsShare>& v, uint32_t asn) {
  for (const auto& s : v)
    if (s.as.asn == asn) return s.share;
  return -1;
}

}  // namespace

TEST(PathTable, PrependingRemovedSetsUnknownVantageFirst) {
  exposure::PathTable t;
  auto a = t.intern(1000, seq({1000, 1000, 200, 200, 200, 100}));
  auto b = t.intern(1000, seq({200, 100}));  // the vantage point's AS added
  EXPECT_EQ(a, b);
  EXPECT_EQ(std::vector<uint32_t>(t.hops(a).begin(), t.hops(a).end()), (std::vector<uint32_t>{1000, 200, 100}));
  bgp::AsPath with_set;
  with_set.segs = {{bgp::SegType::Sequence, 1}, {bgp::SegType::Set, 2}, {bgp::SegType::Sequence, 1}};
  with_set.asns = {1000, 300, 301, 100};
  auto c = t.intern(1000, with_set);
  EXPECT_EQ(std::vector<uint32_t>(t.hops(c).begin(), t.hops(c).end()),
            (std::vector<uint32_t>{1000, exposure::kUnknownHop, 100}));
  bgp::AsPath confed;
  confed.segs = {{bgp::SegType::ConfedSequence, 2}, {bgp::SegType::Sequence, 2}};
  confed.asns = {65001, 65002, 200, 100};
  EXPECT_EQ(t.intern(1000, confed), a) << "confederation members are inside one AS";
  EXPECT_EQ(t.size(), 2u);
}

TEST(EntityParse, CountriesAndAses) {
  EXPECT_EQ(Entity::parse("country:kp")->str(), "country:KP");
  EXPECT_EQ(Entity::parse("asn:AS131279")->str(), "asn:131279");
  EXPECT_FALSE(Entity::parse("country:ZZ"));
  EXPECT_FALSE(Entity::parse("asn:12x"));
  EXPECT_FALSE(Entity::parse("asn:99999999999"));
  EXPECT_FALSE(Entity::parse("KP"));
}

TEST(Tiers, AsDynPublishedThem) {
  EXPECT_EQ(exposure::tier_of(1), "severe");
  EXPECT_EQ(exposure::tier_of(2), "severe");
  EXPECT_EQ(exposure::tier_of(3), "significant");
  EXPECT_EQ(exposure::tier_of(9), "significant");
  EXPECT_EQ(exposure::tier_of(10), "low");
  EXPECT_EQ(exposure::tier_of(39), "low");
  EXPECT_EQ(exposure::tier_of(40), "resistant");
  EXPECT_EQ(exposure::tier_of(0), "unknown");
}

// AS100 (KP) buys transit from AS200 (CN) and AS300 (RU); one vantage point
// reaches it through each.
TEST(Profile, MultihomedStubHasNoSinglePointOfFailure) {
  World w;
  w.geo.as_cc = {{100, "KP"}, {200, "CN"}, {300, "RU"}, {1000, "US"}, {2000, "DE"}};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/24", seq({1000, 200, 100})},
          {"192.0.2.2", 2000, "175.45.0.0/24", seq({2000, 300, 100})},
          {"192.0.2.1", 1000, "175.45.1.0/24", seq({1000, 200, 100})},
          {"192.0.2.2", 2000, "175.45.1.0/24", seq({2000, 300, 100})}});
  auto p = w.profile("country:KP");
  EXPECT_EQ(p.space.prefixes, 2u);
  EXPECT_EQ(p.space.addresses, 512u);
  EXPECT_EQ(p.space.slash24, 2u);
  ASSERT_EQ(p.origins.size(), 1u);
  EXPECT_EQ(p.origins[0].as.asn, 100u);
  EXPECT_EQ(p.vantage_points, 2u);
  EXPECT_EQ(p.international_upstreams.size(), 2u);
  EXPECT_DOUBLE_EQ(share_of(p.international_upstreams, 200), 1.0);
  EXPECT_DOUBLE_EQ(share_of(p.international_upstreams, 300), 1.0);
  EXPECT_TRUE(p.dependence.empty()) << "no AS is on both paths";
  EXPECT_TRUE(p.single_points_of_failure.empty());
  EXPECT_EQ(p.tier, "severe");

  auto one = w.profile("country:KP", {200});
  ASSERT_TRUE(one.what_if);
  EXPECT_DOUBLE_EQ(one.what_if->space, 1.0) << "AS300 still carries it";
  ASSERT_EQ(one.what_if->per_vantage.size(), 2u);
  EXPECT_DOUBLE_EQ(one.what_if->per_vantage[0].share, 0.0);
  EXPECT_DOUBLE_EQ(one.what_if->per_vantage[1].share, 1.0);
  auto both = w.profile("country:KP", {200, 300});
  EXPECT_DOUBLE_EQ(both.what_if->space, 0.0);
  EXPECT_DOUBLE_EQ(both.what_if->origins, 0.0);
  ASSERT_EQ(both.what_if->cut_off.size(), 1u);
  EXPECT_EQ(both.what_if->cut_off[0].asn, 100u);

  // the second vantage point's routes go: AS200 now carries every path
  w.send(bgp::ElemType::Withdraw, {"192.0.2.2", 2000, "175.45.0.0/24", {}}, 1100);
  w.send(bgp::ElemType::Withdraw, {"192.0.2.2", 2000, "175.45.1.0/24", {}}, 1100);
  w.rib.refresh_voters(1100, rib::ChangeCause::Route);
  auto after = w.profile("country:KP");
  EXPECT_DOUBLE_EQ(share_of(after.dependence, 200), 1.0);
  ASSERT_FALSE(after.single_points_of_failure.empty());
}

// AS100 (KP) has two providers, AS200 (CN) and AS300 (RU), which both reach
// the world through AS400 (US): AS400 is the single point of failure.
TEST(Profile, TwoProvidersSharingOneUpstream) {
  World w;
  w.geo.as_cc = {{100, "KP"}, {200, "CN"}, {300, "RU"}, {400, "US"}, {1000, "US"}, {2000, "DE"}};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/24", seq({1000, 400, 200, 100})},
          {"192.0.2.2", 2000, "175.45.0.0/24", seq({2000, 400, 300, 100})}});
  auto p = w.profile("country:KP");
  EXPECT_DOUBLE_EQ(share_of(p.dependence, 400), 1.0);
  EXPECT_EQ(share_of(p.dependence, 200), -1) << "AS200 is on one path only";
  EXPECT_EQ(share_of(p.dependence, 100), -1) << "the origin itself is not a dependence";
  ASSERT_EQ(p.single_points_of_failure.size(), 1u);
  EXPECT_EQ(p.single_points_of_failure[0].as.asn, 400u);
  EXPECT_EQ(p.single_points_of_failure[0].text, "every path to KP crosses AS400: losing it leaves 0% reachable");
  EXPECT_EQ(p.international_upstreams.size(), 2u) << "the first foreign ASes are AS200 and AS300";
  EXPECT_DOUBLE_EQ(w.profile("country:KP", {400}).what_if->space, 0.0);
}

// Two KP origins reach the world only through a KP transit, AS150, which is
// single-homed to AS4837 (CN).
TEST(Profile, DomesticTransitSingleHomedAbroad) {
  World w;
  w.geo.as_cc = {{100, "KP"}, {101, "KP"}, {150, "KP"}, {4837, "CN"}, {3356, "US"}, {1000, "US"}, {2000, "DE"}};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/23", seq({1000, 3356, 4837, 150, 100})},
          {"192.0.2.2", 2000, "175.45.0.0/23", seq({2000, 4837, 150, 100})},
          {"192.0.2.1", 1000, "175.45.2.0/24", seq({1000, 3356, 4837, 150, 101})},
          {"192.0.2.2", 2000, "175.45.2.0/24", seq({2000, 4837, 150, 101})},
          // US space of the same vantage points, to see it is not KP's
          {"192.0.2.1", 1000, "20.0.0.0/16", seq({1000, 3356})},
          {"192.0.2.2", 2000, "20.0.0.0/16", seq({2000, 3356})}});
  auto p = w.profile("country:KP");
  EXPECT_EQ(p.space.prefixes, 2u);
  EXPECT_EQ(p.space.addresses, 768u);
  EXPECT_EQ(p.origins.size(), 2u);
  ASSERT_EQ(p.international_upstreams.size(), 1u);
  EXPECT_EQ(p.international_upstreams[0].as.asn, 4837u);
  EXPECT_DOUBLE_EQ(p.international_upstreams[0].share, 1.0);
  ASSERT_EQ(p.domestic_transit.size(), 1u);
  EXPECT_EQ(p.domestic_transit[0].as.asn, 150u);
  EXPECT_DOUBLE_EQ(share_of(p.dependence, 150), 1.0);
  EXPECT_DOUBLE_EQ(share_of(p.dependence, 4837), 1.0);
  EXPECT_EQ(share_of(p.dependence, 3356), -1);
  EXPECT_EQ(p.single_points_of_failure.size(), 2u);
  EXPECT_EQ(p.tier, "severe");
  auto j = exposure::to_json(p);
  EXPECT_EQ(exposure::summary(j),
            "KP had a single international upstream (AS4837, 100% of its space); every path to it crossed AS150");
  // one origin's own profile: told against its registration country
  auto o = w.profile("asn:101");
  EXPECT_EQ(o.country, "KP");
  EXPECT_EQ(o.space.prefixes, 1u);
  EXPECT_EQ(o.international_upstreams.size(), 1u);
  // without the domestic transit both origins are cut off
  auto cut = w.profile("country:KP", {150});
  EXPECT_EQ(cut.what_if->cut_off.size(), 2u);
  EXPECT_DOUBLE_EQ(cut.what_if->prefixes, 0.0);
}

// Prepending does not hide an upstream; an AS_SET is passed over (it is no
// AS and no dependence): the known ASes of the path still count.
TEST(Profile, PrependingAndAsSets) {
  World w;
  w.geo.as_cc = {{100, "KP"}, {200, "CN"}, {300, "RU"}, {301, "RU"}, {1000, "US"}, {2000, "DE"}};
  bgp::AsPath with_set;
  with_set.segs = {{bgp::SegType::Sequence, 1}, {bgp::SegType::Set, 2}, {bgp::SegType::Sequence, 1}};
  with_set.asns = {2000, 300, 301, 100};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/24", seq({1000, 200, 200, 200, 100, 100})},
          {"192.0.2.2", 2000, "175.45.0.0/24", with_set}});
  auto p = w.profile("country:KP");
  ASSERT_EQ(p.international_upstreams.size(), 2u);
  EXPECT_DOUBLE_EQ(share_of(p.international_upstreams, 200), 1.0);
  EXPECT_DOUBLE_EQ(share_of(p.international_upstreams, 2000), 1.0) << "the first known AS abroad past the set";
  EXPECT_EQ(share_of(p.international_upstreams, exposure::kUnknownHop), -1);
  EXPECT_TRUE(p.dependence.empty()) << "an unknown hop matches no AS";
  EXPECT_TRUE(p.domestic_transit.empty()) << "prepending of the origin is no domestic transit";
}

bgp::AsPath then_set(std::vector<uint32_t> seq_asns, std::vector<uint32_t> set_asns) {
  bgp::AsPath p = seq(seq_asns);
  p.segs.push_back({bgp::SegType::Set, static_cast<uint16_t>(set_asns.size())});
  p.asns.insert(p.asns.end(), set_asns.begin(), set_asns.end());
  return p;
}

bool lists_as(const std::vector<exposure::AsShare>& v, uint32_t asn) { return share_of(v, asn) != -1; }

// An aggregate: KP's AS150 aggregates 175.45.0.0/24 from AS101 and AS102 and
// announces it as "150 {101 102}" through AS200 (CN); the path ends in an
// AS_SET, so the prefix has no single origin (the routing state says AS 0).
// 175.45.1.0/24 is AS100's, multihomed to AS200 and AS300 (RU). The unknown
// hop is never an AS: no origin AS0, no AS0 upstream or dependence, and the
// known ASes before the set still count (AS200 is the upstream of both).
TEST(Profile, AggregateEndingInAsSetHasNoAs0) {
  World w;
  w.geo.as_cc = {{100, "KP"}, {101, "KP"}, {102, "KP"}, {150, "KP"}, {200, "CN"},
                 {300, "RU"}, {1000, "US"}, {2000, "DE"}};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/24", then_set({1000, 200, 150}, {101, 102})},
          {"192.0.2.2", 2000, "175.45.0.0/24", then_set({2000, 200, 150}, {101, 102})},
          {"192.0.2.1", 1000, "175.45.1.0/24", seq({1000, 200, 100})},
          {"192.0.2.2", 2000, "175.45.1.0/24", seq({2000, 300, 100})}});
  auto p = w.profile("country:KP");
  EXPECT_EQ(p.space.prefixes, 2u) << "the aggregate is KP's space";
  EXPECT_EQ(p.space.addresses, 512u);
  EXPECT_EQ(p.origin_count, 1u) << "an AS_SET is no origin";
  ASSERT_EQ(p.origins.size(), 1u);
  EXPECT_EQ(p.origins[0].as.asn, 100u);
  EXPECT_DOUBLE_EQ(share_of(p.international_upstreams, 200), 1.0) << "the aggregate's paths cross AS200 too";
  EXPECT_DOUBLE_EQ(share_of(p.international_upstreams, 300), 0.5);
  EXPECT_EQ(p.international_upstreams.size(), 2u);
  EXPECT_EQ(p.tier, "severe");
  EXPECT_DOUBLE_EQ(share_of(p.domestic_transit, 150), 0.5) << "the aggregator is a known KP AS on the way";
  EXPECT_DOUBLE_EQ(share_of(p.dependence, 200), 0.5);
  EXPECT_DOUBLE_EQ(share_of(p.dependence, 150), 0.5);
  for (const auto* v : {&p.international_upstreams, &p.domestic_transit, &p.dependence})
    EXPECT_FALSE(lists_as(*v, exposure::kUnknownHop));
  EXPECT_TRUE(p.single_points_of_failure.empty()) << "no AS carries more than half";
  // without AS200 only AS100's prefix keeps a path (through AS300)
  auto wi = w.profile("country:KP", {200, exposure::kUnknownHop});
  EXPECT_DOUBLE_EQ(wi.what_if->space, 0.5) << "an unknown hop matches nothing, not even --without 0";
  EXPECT_DOUBLE_EQ(wi.what_if->origins, 1.0);
  EXPECT_TRUE(wi.what_if->cut_off.empty()) << "the aggregate's space is cut off, but it is no origin AS0";
  // the rank names a real AS as the largest dependence (AS150 and AS200 tie
  // at 50%: the lower number first)
  auto rows = exposure::rank({exposure::to_json(p)});
  ASSERT_FALSE(rows[0]["largest_dependence"].is_null());
  EXPECT_EQ(rows[0]["largest_dependence"]["asn"], 150);
  EXPECT_EQ(rows[0]["largest_dependence"]["share"], 0.5);
  EXPECT_EQ(rows[0]["networks"], 1);
}

// An aggregate alone: every KP path ends in a set. The known ASes still give
// the upstream (the old walk stopped at the set and found none: tier unknown).
TEST(Profile, OnlyAggregatesStillHaveAnUpstream) {
  World w;
  w.geo.as_cc = {{101, "KP"}, {102, "KP"}, {150, "KP"}, {4837, "CN"}, {1000, "US"}};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/22", then_set({1000, 4837, 150}, {101, 102})}});
  auto p = w.profile("country:KP");
  EXPECT_EQ(p.origin_count, 0u);
  EXPECT_TRUE(p.origins.empty());
  ASSERT_EQ(p.international_upstreams.size(), 1u);
  EXPECT_EQ(p.international_upstreams[0].as.asn, 4837u);
  EXPECT_EQ(p.tier, "severe");
  ASSERT_FALSE(p.single_points_of_failure.empty());
  for (const auto& f : p.single_points_of_failure) EXPECT_NE(f.as.asn, exposure::kUnknownHop);
}

// A multihomed country has no dependence of 1%: the rank says none (null),
// not "AS0 0.0%".
TEST(Rank, NoDependenceIsNoneNotAs0) {
  World w;
  w.geo.as_cc = {{100, "KP"}, {200, "CN"}, {300, "RU"}, {1000, "US"}, {2000, "DE"}};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/24", seq({1000, 200, 100})},
          {"192.0.2.2", 2000, "175.45.0.0/24", seq({2000, 300, 100})}});
  auto p = w.profile("country:KP");
  ASSERT_TRUE(p.dependence.empty());
  auto rows = exposure::rank({exposure::to_json(p)});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_TRUE(rows[0]["largest_dependence"].is_null()) << rows[0].dump();
}

TEST(Rank, MostExposedFirst) {
  World w;
  w.geo.as_cc = {{100, "KP"}, {200, "CN"}, {300, "RU"}, {500, "US"}, {1000, "US"}, {2000, "DE"}, {3000, "FR"}};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/24", seq({1000, 200, 100})},
          {"192.0.2.2", 2000, "175.45.0.0/24", seq({2000, 200, 100})},
          {"192.0.2.3", 3000, "175.45.0.0/24", seq({3000, 200, 100})},
          {"192.0.2.1", 1000, "20.0.0.0/16", seq({1000, 500})},
          {"192.0.2.2", 2000, "20.0.0.0/16", seq({2000, 500})},
          {"192.0.2.3", 3000, "20.0.0.0/16", seq({3000, 500})}});
  exposure::Profiler pr(w.keeper, &w.geo, nullptr);
  std::vector<nlohmann::json> ps;
  for (const auto& e : pr.countries()) ps.push_back(exposure::to_json(pr.profile(e, {}, false)));
  auto rows = exposure::rank(ps);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["country"], "KP");
  EXPECT_EQ(rows[0]["tier"], "severe");
  EXPECT_EQ(rows[0]["largest_dependence"]["asn"], 200);
  EXPECT_EQ(rows[0]["networks"], 1) << "counted without the per-origin list";
  EXPECT_EQ(rows[1]["country"], "US");
  EXPECT_EQ(rows[1]["international_upstreams"], 2) << "AS2000 and AS3000, the foreign vantage points";
  EXPECT_EQ(rows[1]["tier"], "severe");
}

// watch keeps the paths through a restart: a keeper restored from its
// checkpoint, beside the routing state restored from its own, profiles as
// the original does; damage, or a state without the routes' peers or
// prefixes, is refused and leaves the keeper empty.
TEST(PathKeeperCheckpoint, RestoredKeeperProfilesAsTheOriginal) {
  World w;
  w.geo.as_cc = {{100, "KP"}, {200, "CN"}, {300, "RU"}, {1000, "US"}, {2000, "DE"}};
  w.dump({{"192.0.2.1", 1000, "175.45.0.0/24", seq({1000, 200, 100})},
          {"192.0.2.2", 2000, "175.45.0.0/24", seq({2000, 300, 100})},
          {"192.0.2.1", 1000, "175.45.1.0/24", seq({1000, 1000, 200, 100})},
          {"192.0.2.2", 2000, "175.45.1.0/24", seq({2000, 200, 100})}});
  std::vector<uint8_t> rib, paths;
  w.rib.save_state(rib);
  w.keeper.save_state(paths);

  World r;
  r.geo.as_cc = w.geo.as_cc;
  ASSERT_TRUE(r.rib.load_state(rib));
  ASSERT_TRUE(r.keeper.load_state(paths));
  EXPECT_EQ(r.keeper.table().size(), w.keeper.table().size());
  EXPECT_EQ(exposure::to_json(r.profile("country:KP")), exposure::to_json(w.profile("country:KP")));
  EXPECT_EQ(exposure::to_json(r.profile("country:KP", {200})), exposure::to_json(w.profile("country:KP", {200})));

  // a new path after the restore is interned next to the restored ones
  r.send(bgp::ElemType::Announce, {"192.0.2.2", 2000, "175.45.0.0/24", seq({2000, 200, 100})}, 1200);
  EXPECT_EQ(r.keeper.table().size(), w.keeper.table().size()) << "a path it already had";

  World damaged;
  ASSERT_TRUE(damaged.rib.load_state(rib));
  auto cut = paths;
  cut.resize(cut.size() - 2);
  EXPECT_FALSE(damaged.keeper.load_state(cut));
  EXPECT_EQ(damaged.keeper.table().size(), 0u);
  World empty;  // the routing state was not restored: the routes name peers it lacks
  auto st = empty.keeper.load_state(paths);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().describe().find("peers"), std::string::npos) << st.error().describe();
  EXPECT_EQ(empty.keeper.path(0, 0), exposure::kNoPath);
}
