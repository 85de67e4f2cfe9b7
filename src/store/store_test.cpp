// The store round trip: sparse rows written as bins close come back as a
// dense series; step changes and events come back in time order.
#include <gtest/gtest.h>

#include <filesystem>

#include "bgp/attributes.h"
#include "store/signal_store.h"
#include "store/store_reader.h"

using namespace dw;

namespace {
class Nowhere : public geo::CountryDb {
 public:
  geo::CountryCode lookup(const bgp::IpAddr&, unsigned* bl) const override {
    if (bl) *bl = 8;
    return geo::country_code("NP");
  }
  std::string describe() const override { return "test"; }
};
}  // namespace

TEST(SignalStore, RoundTrip) {
  std::string path = (std::filesystem::temp_directory_path() / ("dw-store-" + std::to_string(getpid()) + ".db")).string();
  Nowhere geo;
  rib::RibState rib;
  signal::VisibilityCounter vis(rib, &geo, 300);
  rib.set_listener(&vis);
  uint32_t t0 = 1419206400;
  {
    store::SignalStore st(path, rib, vis);
    vis.set_listener(&st);
    st.set_meta("bin_seconds", "300");
    vis.start(t0);
    bgp::Attributes a;
    a.as_path.segs.push_back({bgp::SegType::Sequence, 2});
    a.as_path.asns = {174, 17501};
    auto el = [&](bgp::ElemType t, const char* prefix, uint32_t ts) {
      bgp::Element e;
      e.type = t;
      e.ts = ts;
      e.peer_ip = *bgp::IpAddr::parse("192.0.2.1");
      e.peer_as = 174;
      e.prefix = *bgp::Prefix::parse(prefix);
      e.attrs = &a;
      return e;
    };
    rib.rib_begin("c", t0);
    rib.rib_add("c", el(bgp::ElemType::Rib, "202.70.64.0/21", t0));
    rib.rib_add("c", el(bgp::ElemType::Rib, "202.70.72.0/24", t0));
    rib.rib_finish();
    vis.advance(t0 + 3000);
    rib.apply("c", el(bgp::ElemType::Withdraw, "202.70.72.0/24", t0 + 3010));
    vis.advance(t0 + 3600);
    detect::EventRecord ev;
    ev.kind = detect::EventKind::Outage;
    ev.start = t0 + 3010;
    ev.severity = 1.0 / 9;
    ev.entity = {signal::EntityType::Country, geo::country_code("NP")};
    ev.prefixes = {"202.70.72.0/24"};
    ev.prefix_count = 1;
    ev.origin_asns = {17501};
    ev.explanation.emplace().origins_dark = {17501};
    st.add_event(ev);
    st.add_notice(detect::peer_down_notice({"c", "192.0.2.1", 174}, t0 + 100, t0 + 200));
    st.finish();
  }
  store::StoreReader db(path);
  EXPECT_EQ(db.bin_seconds(), 300u);
  auto np = db.find("country:np");
  ASSERT_TRUE(np.has_value());
  auto rows = db.series(np->id, t0, t0 + 3600);
  ASSERT_EQ(rows.size(), 12u) << "every bin, stored or carried forward";
  EXPECT_EQ(rows[0].v4, 9) << "a /21 and a /24: 9 /24s";
  EXPECT_EQ(rows[5].v4, 9);
  EXPECT_EQ(rows[5].withdrawals, 0u) << "churn is not carried forward";
  EXPECT_EQ(rows[10].v4, 8);
  EXPECT_EQ(rows[10].withdrawals, 1u);
  EXPECT_EQ(rows[11].v4, 8);
  auto as = db.find("AS17501");
  ASSERT_TRUE(as.has_value());
  EXPECT_EQ(db.series(as->id, t0, t0 + 600)[0].upstreams, 1u);
  auto ch = db.changes(t0 + 3000, t0 + 3600);
  ASSERT_FALSE(ch.empty());
  EXPECT_EQ(ch[0].prefix, "202.70.72.0/24");
  EXPECT_FALSE(ch[0].visible);
  auto evs = db.events("country:NP", t0, t0 + 3600);
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_FALSE(evs[0].end.has_value());
  // the stored JSON read back into the struct it was written from
  ASSERT_TRUE(evs[0].event.has_value());
  EXPECT_EQ(evs[0].event->entity.code_str(), "NP");
  EXPECT_EQ(evs[0].event->prefixes, std::vector<std::string>{"202.70.72.0/24"});
  EXPECT_EQ(evs[0].event->origin_asns, std::vector<uint32_t>{17501});
  ASSERT_TRUE(evs[0].event->explanation.has_value());
  EXPECT_EQ(evs[0].event->explanation->origins_dark, std::vector<uint32_t>{17501});
  auto all = db.events("", t0, t0 + 3600);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].kind, "peer_down");
  EXPECT_EQ(all[0].end.value_or(0), t0 + 200);
  ASSERT_TRUE(all[0].notice.has_value());
  ASSERT_EQ(all[0].notice->peers.size(), 1u);
  EXPECT_EQ(all[0].notice->peers[0], (detect::PeerRef{"c", "192.0.2.1", 174}));
  std::filesystem::remove(path);
}

// Exposure profiles: one row per entity and UTC day (a later one that day
// replaces it); read back as of a time, per entity or for every country.
TEST(SignalStore, ProfilesPerDay) {
  std::string path =
      (std::filesystem::temp_directory_path() / ("dw-store-prof-" + std::to_string(getpid()) + ".db")).string();
  Nowhere geo;
  rib::RibState rib;
  signal::VisibilityCounter vis(rib, &geo, 300);
  uint32_t day1 = 1419206400, day2 = day1 + 86400;
  {
    store::SignalStore st(path, rib, vis);
    st.set_meta("bin_seconds", "300");
    st.add_profile("country:KP", day1 + 300, R"({"v":1})");
    st.add_profile("country:KP", day1 + 600, R"({"v":2})");  // same day: replaces
    st.add_profile("country:KP", day2 + 300, R"({"v":3})");
    st.add_profile("country:US", day1 + 300, R"({"v":4})");
    st.add_profile("asn:131279", day1 + 300, R"({"v":5})");
    st.finish();
  }
  store::StoreReader r(path);
  auto days = r.profile_days("country:KP");
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].json, R"({"v":2})");
  EXPECT_EQ(days[0].day, day1);
  EXPECT_EQ(r.profile("country:KP", std::nullopt)->json, R"({"v":3})");
  EXPECT_EQ(r.profile("country:KP", day2)->json, R"({"v":2})") << "the day-2 row was taken after day2 itself";
  EXPECT_FALSE(r.profile("country:KP", day1));
  EXPECT_FALSE(r.profile("country:DE", std::nullopt));
  auto countries = r.profiles("country:", std::nullopt);
  ASSERT_EQ(countries.size(), 2u);
  EXPECT_EQ(countries[0].json, R"({"v":3})");
  EXPECT_EQ(countries[1].entity, "country:US");
  std::filesystem::remove(path);
}
