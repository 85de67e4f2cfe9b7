// Geography from data no one here wrote: the bundled 2014 RIR snapshot (xz,
// read through the same input layer as archives), and AS names files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "geo/as_names.h"
#include "geo/country_db.h"

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
