// Per-entity visibility from hand-made tables: /24s counted once however many
// prefixes cover them, prefixes split across countries, IPv6 /48s, upstreams.
#include <gtest/gtest.h>

#include "bgp/attributes.h"
#include "signal/visibility.h"

using namespace dw;

namespace {

// 10.0.0.0/16 is AA, 10.1.0.0/16 is BB, the rest unknown; AS 65001 is in CC.
class TwoCountries : public geo::CountryDb {
 public:
  geo::CountryCode lookup(const bgp::IpAddr& a, unsigned* block_len) const override {
    if (block_len) *block_len = 16;
    if (!a.is_v4()) return geo::country_code("DD");
    uint32_t h = a.v4_host();
    if ((h >> 16) == 0x0a00) return geo::country_code("AA");
    if ((h >> 16) == 0x0a01) return geo::country_code("BB");
    return 0;
  }
  geo::CountryCode asn_country(uint32_t asn) const override { return asn == 65001 ? geo::country_code("CC") : 0; }
  std::string describe() const override { return "test"; }
};

struct World {
  World() : vis(rib, &geo, 300) {
    rib.set_listener(&vis);
    vis.start(1000);
  }
  void table(const std::vector<std::pair<std::string, uint32_t>>& prefixes, uint32_t ts = 1000) {
    rib.rib_begin("c", ts);  // one dump holds every peer's table
    for (const char* peer : {"192.0.2.1", "192.0.2.2", "192.0.2.3"}) {
      for (const auto& [p, origin] : prefixes) {
        bgp::Attributes a;
        a.as_path.segs.push_back({bgp::SegType::Sequence, 3});
        a.as_path.asns = {64500, 3356, origin};
        bgp::Element e;
        e.type = bgp::ElemType::Rib;
        e.ts = ts;
        e.peer_ip = *bgp::IpAddr::parse(peer);
        e.peer_as = 64500;
        e.prefix = *bgp::Prefix::parse(p);
        e.attrs = &a;
        rib.rib_add("c", e);
      }
    }
    rib.rib_finish();
  }
  const signal::Values& of(signal::EntityType t, const std::string& code) {
    uint32_t c = t == signal::EntityType::Country ? geo::country_code(code) : static_cast<uint32_t>(std::stoul(code));
    auto id = vis.find({t, c});
    EXPECT_NE(id, UINT32_MAX) << code;
    static signal::Values none;
    return id == UINT32_MAX ? none : vis.entities()[id].cur;
  }
  TwoCountries geo;
  rib::RibState rib;
  signal::VisibilityCounter vis;
};

}  // namespace

TEST(VisibilityCounter, SlashTwentyFoursCountOnce) {
  World w;
  w.table({{"10.0.0.0/22", 64601}, {"10.0.1.0/24", 64602}, {"10.0.2.0/23", 64601}});
  EXPECT_EQ(w.vis.entities()[0].cur.v4, 4) << "a /22 and two more-specifics inside it: 4 /24s";
  EXPECT_EQ(w.vis.entities()[0].cur.prefixes, 3);
  EXPECT_EQ(w.of(signal::EntityType::Country, "AA").v4, 4);
  // per origin AS the space is its own prefixes' (more-specifics of others included)
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64601").v4, 6);
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64602").v4, 1);
}

TEST(VisibilityCounter, PrefixSpanningCountriesIsSplit) {
  World w;
  w.table({{"10.0.0.0/15", 64601}});
  EXPECT_EQ(w.of(signal::EntityType::Country, "AA").v4, 256);
  EXPECT_EQ(w.of(signal::EntityType::Country, "BB").v4, 256);
  EXPECT_EQ(w.vis.entities()[0].cur.v4, 512);
}

TEST(VisibilityCounter, UnplacedSpaceFallsBackToTheOriginsCountry) {
  World w;
  w.table({{"192.0.2.0/24", 65001}, {"2001:db8::/32", 65001}});
  EXPECT_EQ(w.of(signal::EntityType::Country, "CC").v4, 1);
  EXPECT_EQ(w.of(signal::EntityType::Country, "CC").v6, 65536) << "a /32 is 65536 /48s";
}

TEST(VisibilityCounter, WithdrawalByTheMajorityRemovesTheSpace) {
  World w;
  w.table({{"10.1.0.0/24", 64601}, {"10.1.1.0/24", 64601}});
  EXPECT_EQ(w.of(signal::EntityType::Country, "BB").v4, 2);
  for (const char* peer : {"192.0.2.1", "192.0.2.2"}) {
    bgp::Element e;
    e.type = bgp::ElemType::Withdraw;
    e.ts = 1500;
    e.peer_ip = *bgp::IpAddr::parse(peer);
    e.peer_as = 64500;
    e.prefix = *bgp::Prefix::parse("10.1.1.0/24");
    w.rib.apply("c", e);
  }
  EXPECT_EQ(w.of(signal::EntityType::Country, "BB").v4, 1);
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64601").prefixes, 1);
}

TEST(VisibilityCounter, BinsCloseWithLowestValueAndChurn) {
  World w;
  w.table({{"10.1.0.0/24", 64601}});
  w.vis.advance(1200);
  for (int k = 0; k < 2; ++k)
    for (const char* peer : {"192.0.2.1", "192.0.2.2", "192.0.2.3"}) {
      bgp::Element e;
      e.type = k ? bgp::ElemType::Announce : bgp::ElemType::Withdraw;
      e.ts = 1210 + k;
      e.peer_ip = *bgp::IpAddr::parse(peer);
      e.peer_as = 64500;
      e.prefix = *bgp::Prefix::parse("10.1.0.0/24");
      bgp::Attributes a;
      a.as_path.segs.push_back({bgp::SegType::Sequence, 2});
      a.as_path.asns = {174, 64601};
      e.attrs = &a;
      w.rib.apply("c", e);
    }
  w.vis.advance(1500);
  auto id = w.vis.find({signal::EntityType::Country, geo::country_code("BB")});
  const auto& row = w.vis.entities()[id].closed;
  EXPECT_EQ(row.start, 1200u);
  EXPECT_EQ(row.end.v4, 1);
  EXPECT_EQ(row.low.v4, 0) << "the dip inside the bin is kept";
  EXPECT_EQ(row.withdrawals, 3u);
  EXPECT_EQ(row.announcements, 3u);
  EXPECT_EQ(row.upstreams, 1u) << "174 replaced 3356 on every route";
  EXPECT_TRUE(w.vis.entities()[id].changed);
}

TEST(V6Union, EachSlash48CountsOnce) {
  signal::V6Union u;
  auto P = [](const char* s) { return *bgp::Prefix::parse(s); };
  EXPECT_EQ(u.add(P("2001:db8:1::/48")), 1);
  EXPECT_EQ(u.add(P("2001:db8:1:ff00::/56")), 0) << "inside a visible /48";
  EXPECT_EQ(u.add(P("2001:db8:2::/48")), 1);
  EXPECT_EQ(u.add(P("2001:db8::/32")), 65536 - 2) << "the /32 covers both /48s already counted";
  EXPECT_EQ(u.size(), 65536);
  EXPECT_EQ(u.add(P("2001:db8::/32")), 0) << "the same prefix again (another path id) adds nothing";
  EXPECT_EQ(u.remove(P("2001:db8::/32")), 0) << "one copy is still visible";
  EXPECT_EQ(u.remove(P("2001:db8::/32")), -(65536 - 2)) << "back to the two /48s under it";
  EXPECT_EQ(u.remove(P("2001:db8:1::/48")), 0) << "the /56 still holds that /48";
  EXPECT_EQ(u.remove(P("2001:db8:1:ff00::/56")), -1);
  EXPECT_EQ(u.size(), 1);
  EXPECT_EQ(u.add(P("2a00::/12")), int64_t{1} << 36);
}

TEST(EntityKey, ParsesWhatUsersType) {
  using signal::EntityKey;
  EXPECT_EQ(EntityKey::parse("country:kp")->str(), "country:KP");
  EXPECT_EQ(EntityKey::parse("KP")->str(), "country:KP");
  EXPECT_EQ(EntityKey::parse("asn:131279")->str(), "asn:131279");
  EXPECT_EQ(EntityKey::parse("AS131279")->str(), "asn:131279");
  EXPECT_EQ(EntityKey::parse("4837")->code_str(), "4837");
  EXPECT_EQ(EntityKey::parse("table")->type_name(), std::string("table"));
  EXPECT_FALSE(EntityKey::parse("country:KPX"));
  EXPECT_FALSE(EntityKey::parse("asn:12x"));
  EXPECT_FALSE(EntityKey::parse("asn:4294967296")) << "beyond 32 bits";
  EXPECT_FALSE(EntityKey::parse("region:KP"));
}

// Two prefixes of one AS flap in turn: each comes back to the AS's prefix
// list at every flip, and each must be there once (slow-flap: an AS of 46
// prefixes listed one /24 forty times, so an outage said 78 prefixes lost and
// the flap counter's 1%-of-the-prefixes rule counted against a list of dupes).
TEST(VisibilityCounter, AnEntityListsEachPrefixOnce) {
  World w;
  w.table({{"10.1.0.0/24", 64601}, {"10.1.1.0/24", 64601}});
  uint32_t ts = 1500;
  for (int round = 0; round < 3; ++round)
    for (const char* p : {"10.1.0.0/24", "10.1.1.0/24"})
      for (bgp::ElemType t : {bgp::ElemType::Withdraw, bgp::ElemType::Announce})
        for (const char* peer : {"192.0.2.1", "192.0.2.2"}) {
          bgp::Attributes a;
          a.as_path.segs.push_back({bgp::SegType::Sequence, 3});
          a.as_path.asns = {64500, 3356, 64601};
          bgp::Element e;
          e.type = t;
          e.ts = ts++;
          e.peer_ip = *bgp::IpAddr::parse(peer);
          e.peer_as = 64500;
          e.prefix = *bgp::Prefix::parse(p);
          e.attrs = t == bgp::ElemType::Announce ? &a : nullptr;
          w.rib.apply("c", e);
        }
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64601").prefixes, 2) << "both back";
  auto id = w.vis.find({signal::EntityType::Asn, 64601});
  ASSERT_NE(id, UINT32_MAX);
  EXPECT_EQ(w.vis.entities()[id].prefixes.size(), 2u);
}
