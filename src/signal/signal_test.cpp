// Per-entity visibility from hand-made tables: /24s counted once however many
// prefixes cover them, prefixes split across countries, IPv6 /48s, upstreams.
#include <gtest/gtest.h>

#include "bgp/attributes.h"
#include "signal/visibility.h"

using namespace dw;

namespace {

// 20.0.0.0/16 is AT, 20.1.0.0/16 is BE, 20.2.0.0/16 the pseudo-code ZZ,
// 20.3.0.0/16 EU (a region), the rest unknown; IPv6 is DE but 2a01::/16 (ZZ);
// AS 65001 is in CH.
class TwoCountries : public geo::CountryDb {
 public:
  geo::CountryCode lookup(const bgp::IpAddr& a, unsigned* block_len) const override {
    if (block_len) *block_len = 16;
    if (!a.is_v4()) return geo::country_code(a.b[0] == 0x2a && a.b[1] == 0x01 ? "ZZ" : "DE");
    uint32_t h = a.v4_host();
    if ((h >> 16) == 0x1400) return geo::country_code("AT");
    if ((h >> 16) == 0x1401) return geo::country_code("BE");
    if ((h >> 16) == 0x1402) return geo::country_code("ZZ");
    if ((h >> 16) == 0x1403) return geo::country_code("EU");
    return 0;
  }
  geo::CountryCode asn_country(uint32_t asn) const override { return asn == 65001 ? geo::country_code("CH") : 0; }
  std::string describe() const override { return "test"; }
};

struct World {
  // start_first: bins start before the table is loaded (replay starts them after)
  explicit World(bool start_first = true) : vis(rib, &geo, 300) {
    rib.set_listener(&vis);
    if (start_first) vis.start(1000);
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
  w.table({{"20.0.0.0/22", 64601}, {"20.0.1.0/24", 64602}, {"20.0.2.0/23", 64601}});
  EXPECT_EQ(w.vis.entities()[0].cur.v4, 4) << "a /22 and two more-specifics inside it: 4 /24s";
  EXPECT_EQ(w.vis.entities()[0].cur.prefixes, 3);
  EXPECT_EQ(w.of(signal::EntityType::Country, "AT").v4, 4);
  // per origin AS the space is its own prefixes' (more-specifics of others included)
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64601").v4, 6);
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64602").v4, 1);
}

TEST(VisibilityCounter, PrefixSpanningCountriesIsSplit) {
  World w;
  w.table({{"20.0.0.0/15", 64601}});
  EXPECT_EQ(w.of(signal::EntityType::Country, "AT").v4, 256);
  EXPECT_EQ(w.of(signal::EntityType::Country, "BE").v4, 256);
  EXPECT_EQ(w.vis.entities()[0].cur.v4, 512);
}

TEST(VisibilityCounter, UnplacedSpaceFallsBackToTheOriginsCountry) {
  World w;
  w.table({{"21.0.2.0/24", 65001}, {"2a01:4f8::/32", 65001}, {"20.3.0.0/24", 65001}});
  EXPECT_EQ(w.of(signal::EntityType::Country, "CH").v4, 2) << "no answer, and the region code EU: the AS's country";
  EXPECT_EQ(w.of(signal::EntityType::Country, "CH").v6, 65536) << "a /32 is 65536 /48s";
  EXPECT_EQ(w.vis.find({signal::EntityType::Country, geo::country_code("EU")}), UINT32_MAX);
}

// Pseudo-codes (ZZ, EU, ...) and no answer at all, with an origin of no known
// country: one unplaced entity, never a "country ZZ".
TEST(VisibilityCounter, PseudoCodesAreUnplacedNotCountries) {
  World w;
  w.table({{"20.2.0.0/23", 64601}, {"20.3.0.0/24", 64601}, {"21.0.0.0/24", 64601}, {"2a01:4f8::/32", 64601},
           {"20.0.0.0/24", 64601}});
  EXPECT_EQ(w.vis.find({signal::EntityType::Country, geo::country_code("ZZ")}), UINT32_MAX);
  EXPECT_EQ(w.vis.find({signal::EntityType::Country, 0}), UINT32_MAX);
  const auto& u = w.of(signal::EntityType::Unplaced, "0");
  EXPECT_EQ(u.v4, 4) << "ZZ /23, EU /24, unknown /24";
  EXPECT_EQ(u.v6, 65536);
  EXPECT_EQ(u.prefixes, 4);
  EXPECT_EQ(w.of(signal::EntityType::Country, "AT").v4, 1);
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64601").v4, 5) << "the AS counts all of its space";
  auto id = w.vis.find({signal::EntityType::Unplaced, 0});
  EXPECT_FALSE(w.vis.entities()[id].key.has_events());
  EXPECT_EQ(w.vis.entities()[id].key.str(), "unplaced");
}

// Special-purpose space counts toward nothing: not the table, no country, no
// AS; each prefix is reported once under its registry entry.
TEST(VisibilityCounter, SpecialPurposeSpaceCountsTowardNothing) {
  World w;
  w.table({{"2002::/16", 64700},      {"2001::/32", 64700},       {"2001:db8::/32", 64700}, {"fc00::/7", 64700},
           {"0.0.0.0/0", 64700},      {"::/0", 64700},            {"10.0.0.0/8", 64700},    {"192.168.1.0/24", 64700},
           {"100.64.0.0/10", 64700},  {"192.88.99.0/24", 64700},  {"3fff::/20", 64700},     {"20.0.0.0/24", 64601},
           {"2a00:1450::/32", 64601}, {"2001:4:112::/48", 64702}, {"6.0.0.0/7", 64700}});
  const auto& table = w.vis.entities()[0].cur;
  EXPECT_EQ(table.v4, 1) << "20.0.0.0/24 only";
  EXPECT_EQ(table.v6, 65536 + 1) << "2a00:1450::/32, and AS112's /48 (globally reachable)";
  EXPECT_EQ(table.prefixes, 3);
  EXPECT_EQ(w.vis.find({signal::EntityType::Asn, 64700}), UINT32_MAX) << "the origin of special space is no entity";
  EXPECT_EQ(w.of(signal::EntityType::Country, "DE").v6, 65536 + 1);
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64702").v6, 1);
  const auto& ig = w.vis.ignored();
  EXPECT_EQ(ig.at("2002::/16 6to4 (RFC 3056)"), 1u);
  EXPECT_EQ(ig.at("2001::/32 Teredo (RFC 4380)"), 1u);
  EXPECT_EQ(ig.at("10.0.0.0/8 private-use (RFC 1918)"), 1u);
  EXPECT_EQ(ig.at("IPv4 shorter than /8 (default route or aggregate)"), 2u) << "0.0.0.0/0 and 6.0.0.0/7";
  EXPECT_EQ(ig.at("IPv6 shorter than /16 (default route or aggregate)"), 2u) << "::/0 and fc00::/7";
  uint64_t n = 0;
  for (const auto& [label, k] : ig) n += k;
  EXPECT_EQ(n, 12u) << "each prefix once, though three peers hold it";
  EXPECT_EQ(w.vis.ignored_summary().rfind("12 prefixes: ", 0), 0u) << w.vis.ignored_summary();
}

TEST(VisibilityCounter, CoveringPrefixCountsOnlyItsOrdinarySlash24s) {
  World w;
  // 192.0.0.0/22: 192.0.0.0/24 (IETF protocol assignments) and 192.0.2.0/24
  // (documentation) are special; 192.0.1.0/24 and 192.0.3.0/24 are not
  w.table({{"192.0.0.0/22", 65001}});
  EXPECT_EQ(w.vis.entities()[0].cur.v4, 2);
  EXPECT_EQ(w.of(signal::EntityType::Asn, "65001").v4, 2);
  EXPECT_EQ(w.of(signal::EntityType::Country, "CH").v4, 2);
  EXPECT_TRUE(w.vis.ignored().empty()) << "the prefix itself is counted";
}

TEST(VisibilityCounter, ShortIpv6PrefixWeighsAsOneSlash32) {
  World w;
  std::vector<std::pair<std::string, uint32_t>> t = {{"2a00::/19", 64601}};
  for (int i = 0; i < 3; ++i) t.push_back({"2a02:" + std::to_string(i + 1) + "::/48", 64602});
  w.table(t);
  EXPECT_EQ(w.of(signal::EntityType::Country, "DE").v6, 65536 + 3) << "a /19 is 2^29 /48s, weighed as 2^16";
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64601").v6, 65536);
}

// Item 7: the first bin of every entity showed a low of 0 (a false dip on
// every chart): the RIB loaded before the first bin is where entities start.
TEST(VisibilityCounter, FirstBinHasNoDipFromLoading) {
  World w(false);
  w.table({{"20.1.0.0/24", 64601}, {"20.1.1.0/24", 64601}, {"2a00:1450::/32", 64601}});
  w.vis.start(1000);
  w.vis.advance(1000);
  w.vis.advance(1300);
  for (auto id : {w.vis.find({signal::EntityType::Country, geo::country_code("BE")}), signal::EntityId{0},
                  w.vis.find({signal::EntityType::Asn, 64601})}) {
    const auto& row = w.vis.entities()[id].closed;
    EXPECT_EQ(row.start, 900u);
    EXPECT_EQ(row.low, row.end) << w.vis.entities()[id].key.str();
  }
}

// An entity that comes into existence inside a bin starts at its first value.
TEST(VisibilityCounter, NewEntityStartsAtItsFirstValue) {
  World w;
  w.table({{"20.1.0.0/24", 64601}});
  w.vis.advance(1200);
  for (const char* peer : {"192.0.2.1", "192.0.2.2", "192.0.2.3"})
    for (const char* p : {"20.0.0.0/24", "20.0.1.0/24"}) {
      bgp::Element e;
      e.type = bgp::ElemType::Announce;
      e.ts = 1210;
      e.peer_ip = *bgp::IpAddr::parse(peer);
      e.peer_as = 64500;
      e.prefix = *bgp::Prefix::parse(p);
      bgp::Attributes a;
      a.as_path.segs.push_back({bgp::SegType::Sequence, 2});
      a.as_path.asns = {174, 64603};
      e.attrs = &a;
      w.rib.apply("c", e);
    }
  w.vis.advance(1500);
  auto id = w.vis.find({signal::EntityType::Asn, 64603});
  ASSERT_NE(id, UINT32_MAX);
  const auto& row = w.vis.entities()[id].closed;
  EXPECT_EQ(row.end.v4, 2);
  EXPECT_EQ(row.low.v4, 1) << "its first value, not the 0 before it existed";
}

TEST(VisibilityCounter, WithdrawalByTheMajorityRemovesTheSpace) {
  World w;
  w.table({{"20.1.0.0/24", 64601}, {"20.1.1.0/24", 64601}});
  EXPECT_EQ(w.of(signal::EntityType::Country, "BE").v4, 2);
  for (const char* peer : {"192.0.2.1", "192.0.2.2"}) {
    bgp::Element e;
    e.type = bgp::ElemType::Withdraw;
    e.ts = 1500;
    e.peer_ip = *bgp::IpAddr::parse(peer);
    e.peer_as = 64500;
    e.prefix = *bgp::Prefix::parse("20.1.1.0/24");
    w.rib.apply("c", e);
  }
  EXPECT_EQ(w.of(signal::EntityType::Country, "BE").v4, 1);
  EXPECT_EQ(w.of(signal::EntityType::Asn, "64601").prefixes, 1);
}

TEST(VisibilityCounter, BinsCloseWithLowestValueAndChurn) {
  World w;
  w.table({{"20.1.0.0/24", 64601}});
  w.vis.advance(1200);
  for (int k = 0; k < 2; ++k)
    for (const char* peer : {"192.0.2.1", "192.0.2.2", "192.0.2.3"}) {
      bgp::Element e;
      e.type = k ? bgp::ElemType::Announce : bgp::ElemType::Withdraw;
      e.ts = 1210 + k;
      e.peer_ip = *bgp::IpAddr::parse(peer);
      e.peer_as = 64500;
      e.prefix = *bgp::Prefix::parse("20.1.0.0/24");
      bgp::Attributes a;
      a.as_path.segs.push_back({bgp::SegType::Sequence, 2});
      a.as_path.asns = {174, 64601};
      e.attrs = &a;
      w.rib.apply("c", e);
    }
  w.vis.advance(1500);
  auto id = w.vis.find({signal::EntityType::Country, geo::country_code("BE")});
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
  EXPECT_EQ(u.add(P("2a00::/12")), 65536) << "shorter than /32: weighs as the /32 it starts with";
  EXPECT_EQ(u.add(P("2a00::/20")), 0) << "the same /32";
  EXPECT_EQ(u.add(P("2a00:1::/32")), 65536) << "another /32 of the /12";
}

TEST(EntityKey, ParsesWhatUsersType) {
  using signal::EntityKey;
  EXPECT_EQ(EntityKey::parse("country:kp")->str(), "country:KP");
  EXPECT_EQ(EntityKey::parse("KP")->str(), "country:KP");
  EXPECT_EQ(EntityKey::parse("asn:131279")->str(), "asn:131279");
  EXPECT_EQ(EntityKey::parse("AS131279")->str(), "asn:131279");
  EXPECT_EQ(EntityKey::parse("4837")->code_str(), "4837");
  EXPECT_EQ(EntityKey::parse("table")->type_name(), std::string("table"));
  EXPECT_EQ(EntityKey::parse("unplaced")->str(), "unplaced");
  EXPECT_EQ(EntityKey::parse("unplaced:")->type, signal::EntityType::Unplaced) << "as the store's type:code reads";
  EXPECT_TRUE(EntityKey::parse("KP")->has_events());
  EXPECT_FALSE(EntityKey::parse("table")->has_events());
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
  w.table({{"20.1.0.0/24", 64601}, {"20.1.1.0/24", 64601}});
  uint32_t ts = 1500;
  for (int round = 0; round < 3; ++round)
    for (const char* p : {"20.1.0.0/24", "20.1.1.0/24"})
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
