// Outage, instability and notices from hand-made update sequences: four
// full-feed peers, a country of four /24s behind one upstream, and background.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bgp/attributes.h"
#include "detect/failover.h"
#include "detect/local_loss.h"
#include "detect/outage_detector.h"
#include "signal/fanout.h"

using namespace dw;

namespace {

class OneCountry : public geo::CountryDb {
 public:
  geo::CountryCode lookup(const bgp::IpAddr& a, unsigned* bl) const override {
    if (bl) *bl = 24;
    return a.is_v4() && (a.v4_host() >> 10) == (0xaf2db000u >> 10) ? geo::country_code("KP") : geo::country_code("US");
  }
  std::string describe() const override { return "test"; }
};

const char* kPeers[] = {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"};
const char* kKP[] = {"175.45.176.0/24", "175.45.177.0/24", "175.45.178.0/24", "175.45.179.0/24"};

struct Scene {
  Scene() : vis(rib, &geo, 300), det(rib, vis), local(rib, vis), failover(rib, vis) {
    rib.set_listener(&vis);
    fan.add(&det);
    fan.add(&local);
    fan.add(&failover);
    vis.set_listener(&fan);
    vis.start(t0);
    rib.rib_begin("c", t0);
    for (const char* peer : kPeers) {
      for (const char* p : kKP) rib.rib_add("c", elem(bgp::ElemType::Rib, peer, p, t0, 4837));
      for (int i = 0; i < 40; ++i)
        rib.rib_add("c", elem(bgp::ElemType::Rib, peer, "8." + std::to_string(i) + ".0.0/16", t0, 3356, 15169));
    }
    rib.rib_finish();
    at(t0 + 7200);  // two hours of quiet: a baseline
  }
  bgp::Element elem(bgp::ElemType t, const char* peer, const std::string& prefix, uint32_t ts, uint32_t upstream,
                    uint32_t origin = 131279) {
    attrs.as_path.clear();
    attrs.as_path.segs.push_back({bgp::SegType::Sequence, 3});
    attrs.as_path.asns = {64500, upstream, origin};
    bgp::Element e;
    e.type = t;
    e.ts = ts;
    e.peer_ip = *bgp::IpAddr::parse(peer);
    e.peer_as = 64500;
    e.prefix = *bgp::Prefix::parse(prefix);
    e.attrs = &attrs;
    return e;
  }
  void at(uint32_t ts) {
    vis.advance(ts);
    rib.tick(ts);
  }
  // every peer withdraws (or re-announces) the country, a second apart
  void country(bool up, uint32_t ts, std::initializer_list<int> peers = {0, 1, 2, 3}, uint32_t upstream = 4837) {
    for (int k : peers)
      for (const char* p : kKP) {
        at(ts);
        rib.apply("c", elem(up ? bgp::ElemType::Announce : bgp::ElemType::Withdraw, kPeers[k], p, ts, upstream));
        ++ts;
      }
  }
  std::vector<nlohmann::json> events(const char* kind) {
    std::vector<nlohmann::json> out;
    for (const auto& e : det.events())
      if (e.kind == kind && vis.entities()[e.entity].key.type == signal::EntityType::Country)
        out.push_back(nlohmann::json::parse(det.to_json(e)));
    return out;
  }
  uint32_t t0 = 1419206400;  // 2014-12-22T00:00:00Z
  OneCountry geo;
  bgp::Attributes attrs;
  rib::RibState rib;
  signal::VisibilityCounter vis;
  detect::OutageDetector det;
  detect::LocalLossTracker local;
  detect::FailoverTracker failover;
  signal::SignalFanout fan;
};

}  // namespace

TEST(OutageDetector, AbruptOutageTimedToTheSecond) {
  Scene r;
  uint32_t down = r.t0 + 58500, back = r.t0 + 58500 + 34260;  // 16:15:00 .. 01:46:00
  r.country(false, down);
  r.country(true, back);
  r.at(back + 3600);
  r.det.finish(back + 3600);
  auto out = r.events("outage");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["entity"]["code"], "KP");
  EXPECT_EQ(out[0]["start"], "2014-12-22T16:15:00Z") << "the first withdrawal, not the bin edge";
  // restored when the third of four peers announced the first prefix back... and
  // the loss fell under 5% once all four /24s were visible again
  EXPECT_GE(out[0]["end"].get<std::string>(), "2014-12-23T01:46:00Z");
  EXPECT_LE(out[0]["end"].get<std::string>(), "2014-12-23T01:47:00Z");
  EXPECT_DOUBLE_EQ(out[0]["severity"].get<double>(), 1.0);
  const auto& x = out[0]["explanation"];
  EXPECT_EQ(x["onset"]["style"], "abrupt");
  EXPECT_EQ(x["upstreams_before"], nlohmann::json::array({4837}));
  EXPECT_TRUE(x["single_upstream"].get<bool>());
  EXPECT_EQ(x["origins_dark"], nlohmann::json::array({131279}));
  EXPECT_EQ(x["peers_agreeing"], 4);
}

TEST(OutageDetector, OutageStillOpenAtTheEndHasNoEnd) {
  Scene r;
  r.country(false, r.t0 + 36000);
  r.at(r.t0 + 40000);
  r.det.finish(r.t0 + 40000);
  auto out = r.events("outage");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(out[0]["end"].is_null());
}

TEST(OutageDetector, RepeatedShortLossesAreInstabilityNotOutages) {
  Scene r;
  uint32_t t = r.t0 + 36000;
  for (int i = 0; i < 4; ++i, t += 1800) {
    r.country(false, t);
    r.country(true, t + 120);
  }
  r.at(t + 4 * 3600);
  r.det.finish(t + 4 * 3600);
  EXPECT_TRUE(r.events("outage").empty()) << "two-minute losses are shorter than the minimum";
  auto inst = r.events("instability");
  ASSERT_EQ(inst.size(), 1u);
  EXPECT_EQ(inst[0]["episodes"], 4);
  EXPECT_EQ(inst[0]["most_episodes_of_one_prefix"], 4);
}

TEST(OutageDetector, PeerSessionResetIsNoOutage) {
  Scene r;
  uint32_t t = r.t0 + 36000;
  r.at(t);
  auto e = r.elem(bgp::ElemType::PeerState, kPeers[1], "0.0.0.0/0", t, 0);
  e.old_state = 6, e.new_state = 1;
  r.rib.apply("c", e);
  r.at(t + 3600);
  e.ts = t + 3600, e.old_state = 1, e.new_state = 6;
  r.rib.apply("c", e);
  r.at(t + 8000);
  r.det.finish(t + 8000);
  EXPECT_TRUE(r.events("outage").empty());
}

TEST(OutageDetector, LossOverWithinABlindPeriodIsNoOutage) {
  Scene r;
  uint32_t t = r.t0 + 36000;
  r.det.add_blind(t - 60, t + 900);
  r.country(false, t);
  r.country(true, t + 400);
  r.at(t + 5000);
  r.det.finish(t + 5000);
  EXPECT_TRUE(r.events("outage").empty());
}

TEST(OutageDetector, LossThatOutlastsABlindPeriodBeganInTheDark) {
  Scene r;
  uint32_t t = r.t0 + 36000;
  r.det.add_blind(t - 60, t + 900);
  r.country(false, t);
  r.country(true, t + 3600);
  r.at(t + 5000);
  r.det.finish(t + 5000);
  auto out = r.events("outage");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0]["start"], "2014-12-22T10:00:00Z") << "dated from the withdrawals, not from the end of the blind period";
}

TEST(LocalLoss, AMinorityLosingRoutesIsANoticeNotAnOutage) {
  Scene r;
  uint32_t t = r.t0 + 36000;
  r.country(false, t, {2});
  r.country(true, t + 3600, {2});
  r.at(t + 5000);
  r.det.finish(t + 5000);
  EXPECT_TRUE(r.events("outage").empty());
  auto notes = r.local.finish();
  ASSERT_EQ(notes.size(), 1u);
  auto j = nlohmann::json::parse(notes[0].json);
  EXPECT_EQ(j["kind"], "local_loss");
  EXPECT_EQ(j["entity"]["code"], "KP");
  EXPECT_EQ(j["peers"].size(), 1u);
  EXPECT_EQ(j["peers"][0]["peer"], kPeers[2]);
  EXPECT_EQ(j["prefix_count"], 4);
  EXPECT_EQ(notes[0].start, t);
  EXPECT_EQ(notes[0].end.value_or(0), t + 3600 + 3);
}

TEST(Failover, UpstreamChangeWhileReachableIsANotice) {
  Scene r;
  uint32_t t = r.t0 + 36000;
  r.country(true, t, {0, 1, 2, 3}, 9394);  // every route now through 9394
  r.at(t + 1200);
  r.det.finish(t + 1200);
  EXPECT_TRUE(r.events("outage").empty());
  auto notes = r.failover.take();
  ASSERT_EQ(notes.size(), 1u);
  auto j = nlohmann::json::parse(notes[0].json);
  EXPECT_EQ(j["entity"]["code"], "131279");
  EXPECT_EQ(j["from_upstreams"], nlohmann::json::array({4837}));
  EXPECT_EQ(j["to_upstreams"], nlohmann::json::array({9394}));
  EXPECT_EQ(notes[0].start, t);
}
