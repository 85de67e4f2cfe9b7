// Routing state fed from real archives (tests/data, PROVENANCE.md): SAFI and
// ADD-PATH as the collectors wrote them. The MRT reader is only the source of
// the elements here.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "mrt/mrt_file.h"
#include "rib/rib_state.h"

using namespace dw;

namespace {

const std::string kData = DW_TEST_DATA;

std::vector<bgp::Element> read_owned(const std::string& path) {
  std::vector<bgp::Element> out;
  mrt::MrtFile f(path, nullptr);
  mrt::MrtRecord rec;
  while (f.next(rec)) mrt::for_each_element(rec, f.peers(), [&](const bgp::Element& e) { out.push_back(e.owning()); });
  return out;
}

uint64_t routes(const rib::RibState& rib) {
  uint64_t n = 0;
  for (const auto& p : rib.peers()) n += p.count4 + p.count6;
  return n;
}

}  // namespace

TEST(RibArchive, MulticastUpdatesLeaveUnicastStateAlone) {
  auto all = read_owned(kData + "/mrt/ripe-bgpdump__test_data_updates.20070211.0141.records-1330-1660.gz");
  size_t multicast = 0, announced = 0, differ = 0;
  uint64_t most = 0;
  rib::RibState with_all, unicast_only, multicast_only;
  for (const auto& e : all) {
    with_all.apply("linx", e);
    if (e.safi == 2) {
      ++multicast;
      announced += e.type == bgp::ElemType::Announce;
      multicast_only.apply("linx", e);
      most = std::max(most, routes(multicast_only));
    } else {
      unicast_only.apply("linx", e);
    }
    differ += routes(with_all) != routes(unicast_only);
  }
  ASSERT_GT(announced, 0u) << "the file's MP_REACH with SAFI 2";
  ASSERT_GT(multicast, announced) << "and MP_UNREACH";
  ASSERT_GT(routes(unicast_only), 0u);
  EXPECT_EQ(most, 0u) << "no multicast route ever entered the state";
  EXPECT_EQ(differ, 0u) << "multicast elements never changed the unicast count";
}

TEST(RibArchive, AddPathRibKeepsAPeersPrefixUntilItsLastPathGoes) {
  auto all = read_owned(kData + "/mrt/ripe-bgpdump__test_data_bview.ipv4_unicast_add_path.gz");
  // (peer, prefix) -> path ids, as the dump lists them
  std::map<std::pair<std::string, std::string>, std::set<uint32_t>> paths;
  rib::RibState rib;
  rib.rib_begin("rrc", 1000);
  for (const auto& e : all) {
    if (e.type != bgp::ElemType::Rib) continue;
    auto p = e.prefix;
    p.path_id = 0;
    paths[{e.peer_ip.str(), p.str()}].insert(e.prefix.path_id);
    rib.rib_add("rrc", e);
  }
  rib.rib_finish();
  EXPECT_EQ(routes(rib), paths.size()) << "one route per (peer, prefix), whatever its paths";
  // a prefix a peer reaches by two paths: withdraw them one at a time
  auto multi = std::find_if(paths.begin(), paths.end(), [](const auto& x) { return x.second.size() >= 2; });
  ASSERT_NE(multi, paths.end()) << "the dump has prefixes with several paths from one peer";
  bgp::Element w;
  w.type = bgp::ElemType::Withdraw;
  w.ts = 2000;
  w.peer_ip = *bgp::IpAddr::parse(multi->first.first);
  w.prefix = *bgp::Prefix::parse(multi->first.second);
  const auto ids = multi->second;
  size_t before = routes(rib);
  for (auto it = ids.begin(); it != ids.end(); ++it) {
    w.prefix.path_id = *it;
    rib.apply("rrc", w);
    bool last = std::next(it) == ids.end();
    EXPECT_EQ(routes(rib), last ? before - 1 : before) << "after withdrawing path " << *it;
  }
}

TEST(RibArchive, AddPathUpdatesFromBirdCountOneRoutePerPrefix) {
  // BIRD's MESSAGE records carry path ids (the decoder notices them); each
  // prefix comes by paths 1 and 2, or one of them
  auto all = read_owned(kData + "/mrt/mrtparse__samples_bird_bgp");
  std::map<std::pair<std::string, std::string>, std::set<uint32_t>> paths;
  rib::RibState rib;
  for (const auto& e : all) {
    rib.apply("bird", e);
    if (e.type != bgp::ElemType::Announce) continue;
    auto p = e.prefix;
    p.path_id = 0;
    paths[{e.peer_ip.str(), p.str()}].insert(e.prefix.path_id);
  }
  EXPECT_EQ(routes(rib), paths.size());
  auto multi = std::find_if(paths.begin(), paths.end(), [](const auto& x) { return x.second.size() >= 2; });
  ASSERT_NE(multi, paths.end());
  bgp::Element w;
  w.type = bgp::ElemType::Withdraw;
  w.peer_ip = *bgp::IpAddr::parse(multi->first.first);
  w.prefix = *bgp::Prefix::parse(multi->first.second);
  w.prefix.path_id = *multi->second.begin();
  size_t before = routes(rib);
  rib.apply("bird", w);
  EXPECT_EQ(routes(rib), before) << "the other path still reaches it";
  w.prefix.path_id = *multi->second.rbegin();
  rib.apply("bird", w);
  EXPECT_EQ(routes(rib), before - 1);
}
