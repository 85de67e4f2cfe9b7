// Geography from data no one here wrote: the bundled 2014 RIR snapshot (xz,
// read through the same input layer as archives), and AS names files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "geo/as_names.h"
#include "geo/country_codes.h"
#include "geo/country_db.h"
#include "geo/special_space.h"

using namespace dw;

#ifndef DW_SOURCE_DIR
#define DW_SOURCE_DIR DW_TEST_DATA "/../.."
#endif

TEST(DelegatedCountryDb, BundledSnapshotPlacesNorthKorea) {
  auto db = geo::CountryDb::open_delegated({std::string(DW_SOURCE_DIR) + "/data/geo/rir-delegated-2014.txt.xz"});
  EXPECT_EQ(geo::country_str(db->lookup(*bgp::IpAddr::parse("175.45.177.1"))), "KP");
  EXPECT_EQ(geo::country_str(db->asn_country(131279)), "KP");
  EXPECT_EQ(geo::country_str(db->lookup(*bgp::IpAddr::parse("8.8.8.8"))), "US");
  EXPECT_EQ(geo::country_str(db->lookup(*bgp::IpAddr::parse("2001:67c:2e8::1"))), "NL") << "RIPE NCC's own block";
  EXPECT_EQ(db->lookup(*bgp::IpAddr::parse("10.1.2.3")), 0) << "private space is nobody's";
}

TEST(CountriesOf, PrefixAcrossTwoAllocationsIsSplit) {
  auto dir = std::filesystem::temp_directory_path() / ("dw-geo-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "delegated") << "2|test|20140101|2|19700101|20140101|+00:00\n"
                                      "test|AA|ipv4|192.0.0.0|512|20100101|allocated\n"
                                      "test|BB|ipv4|192.0.2.0|256|20100101|assigned\n"
                                      "test|*|ipv4|*|2|summary\n";
  auto db = geo::CountryDb::open_delegated({(dir / "delegated").string()});
  auto parts = geo::countries_of(*db, *bgp::Prefix::parse("192.0.0.0/22"));
  std::map<std::string, uint64_t> got;
  for (auto [cc, n] : parts) got[geo::country_str(cc)] += n;
  EXPECT_EQ(got["AA"], 2u);
  EXPECT_EQ(got["BB"], 1u);
  EXPECT_EQ(got["ZZ"], 1u) << "192.0.3.0/24 is in no allocation";
  std::filesystem::remove_all(dir);
}

TEST(AsNames, JsonAndBothCsvForms) {
  auto dir = std::filesystem::temp_directory_path() / ("dw-names-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "n.json") << R"({"131279": "STAR-KP", "4837": "CHINA169", "x": "bad"})";
  std::ofstream(dir / "n.csv") << "13335,\"Cloudflare, Inc.\"\n2,University of Delaware\n";
  std::ofstream(dir / "ipdb.csv") << "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n";
  auto j = geo::AsNames::load((dir / "n.json").string());
  EXPECT_EQ(j.size(), 2u);
  EXPECT_EQ(*j.find(131279), "STAR-KP");
  auto c = geo::AsNames::load((dir / "n.csv").string());
  EXPECT_EQ(*c.find(13335), "Cloudflare, Inc.");
  auto i = geo::AsNames::load((dir / "ipdb.csv").string());
  EXPECT_EQ(*i.find(13335), "Cloudflare, Inc.");
  EXPECT_EQ(i.find(2), nullptr);
  EXPECT_THROW(geo::AsNames::load((dir / "missing").string()), std::runtime_error);
  std::filesystem::remove_all(dir);
}

// Every entry of the special-purpose table, inside and just outside its bounds.
TEST(SpecialSpace, EachRegistryEntryAndItsBoundaries) {
  struct Case {
    const char* inside;   // a prefix inside the entry (its first and last /24 or /48 where it matters)
    const char* outside;  // the ordinary prefix just past it
  };
  const Case cases[] = {
      {"0.255.255.0/24", "1.0.0.0/24"},        {"10.255.0.0/16", "11.0.0.0/24"},
      {"100.127.255.0/24", "100.128.0.0/24"},  {"100.64.0.0/24", "100.63.255.0/24"},
      {"127.0.0.0/8", "128.0.0.0/24"},         {"169.254.255.0/24", "169.255.0.0/24"},
      {"172.31.255.0/24", "172.32.0.0/24"},    {"172.16.0.0/24", "172.15.255.0/24"},
      {"192.0.0.0/24", "192.0.1.0/24"},        {"192.0.2.0/24", "192.0.3.0/24"},
      {"192.88.99.0/24", "192.88.98.0/24"},    {"192.168.255.0/24", "192.169.0.0/24"},
      {"198.19.255.0/24", "198.20.0.0/24"},    {"198.18.0.0/24", "198.17.255.0/24"},
      {"198.51.100.0/24", "198.51.101.0/24"},  {"203.0.113.0/24", "203.0.112.0/24"},
      {"224.0.0.0/24", "223.255.255.0/24"},    {"239.255.255.0/24", "223.0.0.0/8"},
      {"240.0.0.0/8", "223.255.0.0/16"},       {"255.255.255.255/32", "223.255.255.255/32"},
      {"::/128", "2000::/16"},                 {"::1/128", "2003::/19"},
      {"::ffff:0:0/96", "2400:cb00::/32"},     {"64:ff9b::/96", "2600::/20"},
      {"64:ff9b:1::/48", "2a00:1450::/32"},    {"100::/64", "2c0f:f000::/20"},
      {"2001::/32", "2001:200::/32"},          {"2001:0:ffff::/48", "2001:200::/48"},
      {"2001:2::/48", "2001:3::/32"},          {"2001:10::/28", "2001:4:112::/48"},
      {"2001:2f:ffff::/48", "2001:30::/28"},   {"2001:1f0::/28", "2001:200::/23"},
      {"2001:db8::/32", "2001:db9::/32"},      {"2001:db8:ffff::/48", "2001:da8::/32"},
      {"2002::/16", "2003::/16"},              {"2002:c000:0204::/48", "2001:4860::/32"},
      {"3fff::/20", "3fff:1000::/20"},         {"3fff:fff::/32", "3ffe::/16"},
      {"5f00::/16", "5e00::/16"},              {"fc00::/7", "fbff::/16"},
      {"fd12:3456::/32", "fe00::/16"},         {"fe80::/10", "fec0::/16"},
      {"febf:ffff::/32", "2620:4f:8000::/48"},     {"ff00::/8", "ff00::/7"},
  };
  for (const auto& c : cases) {
    auto in = geo::classify_space(*bgp::Prefix::parse(c.inside));
    EXPECT_EQ(in.kind, geo::SpaceKind::Special) << c.inside;
    EXPECT_NE(std::string(in.label), "") << c.inside;
    auto out = geo::classify_space(*bgp::Prefix::parse(c.outside));
    // ff00::/7 is shorter than /16: ignored by the length rule, not by ff00::/8
    if (std::string(c.outside) == "ff00::/7") {
      EXPECT_EQ(out.kind, geo::SpaceKind::Special);
      continue;
    }
    EXPECT_EQ(out.kind, geo::SpaceKind::Ordinary) << c.outside << " (" << out.label << ")";
  }
  EXPECT_EQ(std::string(geo::classify_space(*bgp::Prefix::parse("2002::/16")).label), "2002::/16 6to4 (RFC 3056)");
  EXPECT_EQ(std::string(geo::classify_space(*bgp::Prefix::parse("2001::/32")).label), "2001::/32 Teredo (RFC 4380)");
  EXPECT_EQ(std::string(geo::classify_space(*bgp::Prefix::parse("2001:5::/32")).label),
            "2001::/23 IETF protocol assignments (RFC 2928)")
      << "the most specific entry names it";
}

TEST(SpecialSpace, GloballyReachableServicesInsideIgnoredBlocksCount) {
  for (const char* p : {"2001:4:112::/48", "2001:3::/32", "2001:30::/28", "2001:1::1/128"})
    EXPECT_EQ(geo::classify_space(*bgp::Prefix::parse(p)).kind, geo::SpaceKind::Ordinary) << p;
  EXPECT_EQ(geo::classify_space(*bgp::Prefix::parse("2001:20::/28")).kind, geo::SpaceKind::Special)
      << "ORCHIDv2 holds identifiers, not locators";
  EXPECT_EQ(geo::classify_space(*bgp::Prefix::parse("2001:1::/48")).kind, geo::SpaceKind::Special)
      << "only the anycast /128s themselves";
}

TEST(SpecialSpace, DefaultRoutesAndShortAggregates) {
  for (const char* p : {"0.0.0.0/0", "128.0.0.0/1", "12.0.0.0/7", "::/0", "2000::/3", "2a00::/15"})
    EXPECT_EQ(geo::classify_space(*bgp::Prefix::parse(p)).kind, geo::SpaceKind::Special) << p;
  for (const char* p : {"12.0.0.0/8", "2a00::/16"})
    EXPECT_EQ(geo::classify_space(*bgp::Prefix::parse(p)).kind, geo::SpaceKind::Ordinary) << p;
}

TEST(SpecialSpace, CoveringPrefixes) {
  auto c = geo::classify_space(*bgp::Prefix::parse("192.0.0.0/16"));
  EXPECT_EQ(c.kind, geo::SpaceKind::Covers) << "IPv4 keeps its ordinary /24s";
  EXPECT_EQ(geo::classify_space(*bgp::Prefix::parse("172.0.0.0/8")).kind, geo::SpaceKind::Covers);
  EXPECT_EQ(geo::classify_space(*bgp::Prefix::parse("2001::/16")).kind, geo::SpaceKind::Special)
      << "an IPv6 prefix spanning 2001::/23 is no one's allocation";
  EXPECT_NE(geo::special_slash24(0xc00000), nullptr) << "192.0.0.0/24";
  EXPECT_EQ(geo::special_slash24(0xc00001), nullptr) << "192.0.1.0/24";
  EXPECT_NE(geo::special_slash24(0xc00002), nullptr) << "192.0.2.0/24";
  EXPECT_NE(geo::special_slash24(0xac1000), nullptr) << "172.16.0.0/24";
  EXPECT_EQ(geo::special_slash24(0xac0fff), nullptr) << "172.15.255.0/24";
}

TEST(CountryCodes, OnlyAssignedIsoCodesAreCountries) {
  for (const char* c : {"KP", "US", "DE", "AX", "SS", "BQ", "CW", "SX", "ZW", "AD"})
    EXPECT_TRUE(geo::is_country(geo::country_code(c))) << c;
  for (const char* c : {"ZZ", "XX", "EU", "AP", "A1", "A2", "O1", "T1", "XK", "UK", "AA", "zz", "--"})
    EXPECT_FALSE(geo::is_country(geo::country_code(c))) << c;
  EXPECT_FALSE(geo::is_country(0));
}
