// RIS Live JSON to route events: paths with AS sets, the comma-joined IPv6
// next-hop pair, peer state, damage naming the line, and the real sample.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "rislive/ris_live.h"

using namespace dw;

namespace {

struct Collect : feed::EventSink {
  struct Seen {
    feed::RouteEvent e;
    std::string source;
    bgp::Attributes attrs;
  };
  std::vector<Seen> events;
  void on_event(const feed::RouteEvent& e) override {
    Seen s{e, std::string(e.source), e.elem.attrs ? *e.elem.attrs : bgp::Attributes{}};
    events.push_back(std::move(s));
  }
};

const char* kUpdate =
    R"({"type":"ris_message","data":{"timestamp":1553627987.89,"peer":"2001:db8::1","peer_asn":"4200000001",)"
    R"("host":"rrc21","type":"UPDATE","path":[64500,3356,[64501,64502],174],"origin":"incomplete",)"
    R"("community":[[3356,2],[65535,65281]],"med":10,)"
    R"("announcements":[{"next_hop":"2001:db8::9,fe80::9","prefixes":["2001:db8:100::/48","2001:db8:200::/48"]},)"
    R"({"next_hop":"192.0.2.1","prefixes":["198.51.100.0/24"]}],)"
    R"("withdrawals":["203.0.113.0/24"]}})";

}  // namespace

TEST(RisLive, UpdateBecomesElementsWithdrawalsFirst) {
  Collect c;
  rislive::RisLiveDecoder d(c);
  d.line(kUpdate, 1);
  ASSERT_EQ(c.events.size(), 4u);
  EXPECT_EQ(c.events[0].e.elem.type, bgp::ElemType::Withdraw);
  EXPECT_EQ(c.events[0].e.elem.prefix.str(), "203.0.113.0/24");
  for (size_t i = 0; i < 4; ++i) {
    const auto& e = c.events[i].e;
    EXPECT_EQ(c.events[i].source, "rrc21");
    EXPECT_EQ(e.seq, i + 1);
    EXPECT_EQ(e.ts, 1553627987u);
    EXPECT_EQ(e.elem.usec, 890000u);
    EXPECT_EQ(e.elem.peer_ip.str(), "2001:db8::1");
    EXPECT_EQ(e.elem.peer_as, 4200000001u);
  }
  const auto& v6 = c.events[1];
  EXPECT_EQ(v6.e.elem.type, bgp::ElemType::Announce);
  EXPECT_EQ(v6.e.elem.prefix.str(), "2001:db8:100::/48");
  ASSERT_TRUE(v6.e.elem.owned_attrs) << "attributes must cross a thread";
  EXPECT_EQ(v6.attrs.as_path.str(), "64500 3356 {64501,64502} 174");
  EXPECT_EQ(v6.attrs.as_path.origin(), 174u) << "a sequence after the set ends the path";
  EXPECT_EQ(v6.attrs.origin, 2);
  EXPECT_EQ(v6.attrs.med, 10u);
  ASSERT_EQ(v6.attrs.communities.size(), 2u);
  EXPECT_EQ(v6.attrs.communities[0], 3356u << 16 | 2);
  EXPECT_TRUE(v6.attrs.has(bgp::AttrType::MpReach));
  EXPECT_EQ(v6.attrs.mp_reach.next_hop.str(), "2001:db8::9");
  EXPECT_EQ(v6.attrs.mp_reach.next_hop_local.str(), "fe80::9");
  EXPECT_EQ(v6.attrs.mp_reach.nh_len, 32);
  const auto& v4 = c.events[3];
  EXPECT_EQ(v4.e.elem.prefix.str(), "198.51.100.0/24");
  EXPECT_TRUE(v4.attrs.has(bgp::AttrType::NextHop));
  EXPECT_EQ(v4.attrs.next_hop.str(), "192.0.2.1");
  EXPECT_EQ(d.stats().elements, 4u);
  EXPECT_EQ(d.stats().damaged, 0u);
}

TEST(RisLive, PeerStateAndSkippedTypes) {
  Collect c;
  rislive::RisLiveDecoder d(c);
  d.line(R"({"type":"ris_message","data":{"timestamp":10,"peer":"192.0.2.7","peer_asn":"65001","host":"rrc00","type":"RIS_PEER_STATE","state":"connected"}})", 1);
  d.line(R"({"type":"ris_message","data":{"timestamp":11,"peer":"192.0.2.7","peer_asn":"65001","host":"rrc00","type":"KEEPALIVE"}})", 2);
  d.line(R"({"type":"ris_message","data":{"timestamp":12,"peer":"192.0.2.7","peer_asn":"65001","host":"rrc00","type":"RIS_PEER_STATE","state":"down"}})", 3);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(c.events[0].e.elem.type, bgp::ElemType::PeerState);
  EXPECT_EQ(c.events[0].e.elem.new_state, static_cast<uint16_t>(bgp::FsmState::Established));
  EXPECT_EQ(c.events[1].e.elem.old_state, static_cast<uint16_t>(bgp::FsmState::Established));
  EXPECT_EQ(c.events[1].e.elem.new_state, static_cast<uint16_t>(bgp::FsmState::Idle));
  EXPECT_EQ(c.events[1].e.seq, 2u);
  EXPECT_EQ(d.stats().skipped, 1u);
}

TEST(RisLive, DamagedLinesNameTheirNumberAndTheRestGoesOn) {
  Collect c;
  rislive::RisLiveDecoder d(c);
  d.line("{not json", 4);
  d.line(R"({"type":"ris_message","data":{"timestamp":1,"peer":"192.0.2.7","peer_asn":"x","host":"rrc00","type":"UPDATE"}})", 5);
  d.line(R"({"type":"ris_message","data":{"timestamp":1,"peer":"192.0.2.7","peer_asn":"1","host":"rrc00","type":"UPDATE","announcements":[{"next_hop":"192.0.2.7","prefixes":["10.0.0.0/33"]}]}})", 6);
  d.line(R"({"type":"ris_message","data":{"timestamp":1,"peer":"192.0.2.7","peer_asn":"1","host":"rrc00","type":"UPDATE","path":[1,"two"],"announcements":[{"next_hop":"192.0.2.7","prefixes":["10.0.0.0/8"]}]}})", 7);
  d.line(R"({"type":"ris_message","data":{"timestamp":1,"peer":"192.0.2.7","peer_asn":"1","host":"rrc00","type":"UPDATE","withdrawals":["10.0.0.0/8"]}})", 8);
  ASSERT_EQ(c.events.size(), 5u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(c.events[i].e.kind, feed::EventKind::Damage) << i;
  EXPECT_NE(c.events[0].e.text.find("line 4: not JSON"), std::string::npos) << c.events[0].e.text;
  EXPECT_EQ(c.events[0].source, "ris-live");
  EXPECT_NE(c.events[1].e.text.find("line 5: peer_asn"), std::string::npos) << c.events[1].e.text;
  EXPECT_EQ(c.events[1].source, "rrc00");
  EXPECT_NE(c.events[2].e.text.find("line 6: prefixes: not a prefix"), std::string::npos) << c.events[2].e.text;
  EXPECT_NE(c.events[3].e.text.find("line 7: path"), std::string::npos) << c.events[3].e.text;
  EXPECT_EQ(c.events[4].e.elem.type, bgp::ElemType::Withdraw);
  EXPECT_EQ(d.stats().damaged, 4u);
  EXPECT_EQ(d.stats().elements, 1u) << "a damaged message is lost whole, never half applied";
}

TEST(RisLive, RealSample) {
  std::ifstream in(DW_TEST_DATA "/rislive/libbgpstream__test_ris-live-stream.json");
  ASSERT_TRUE(in);
  Collect c;
  rislive::RisLiveDecoder d(c);
  EXPECT_EQ(rislive::read_stream(in, d), 7u);
  // line 1 an UPDATE of rrc00, line 2 a peer going down at rrc01, line 3 a
  // ris_error, 4-6 OPEN / NOTIFICATION / KEEPALIVE, line 7 cut short
  ASSERT_EQ(c.events.size(), 4u);
  EXPECT_EQ(c.events[0].source, "rrc00");
  EXPECT_EQ(c.events[0].e.elem.prefix.str(), "45.161.192.0/23");
  EXPECT_EQ(c.events[0].e.elem.peer_as, 11708u);
  EXPECT_EQ(c.events[0].attrs.as_path.origin(), 268481u);
  EXPECT_EQ(c.events[0].attrs.next_hop.str(), "72.22.223.9");
  EXPECT_EQ(c.events[1].source, "rrc01");
  EXPECT_EQ(c.events[1].e.elem.type, bgp::ElemType::PeerState);
  EXPECT_EQ(c.events[1].e.elem.peer_ip.str(), "195.66.224.59");
  EXPECT_EQ(c.events[2].e.kind, feed::EventKind::Damage);
  EXPECT_NE(c.events[2].e.text.find("line 3: ris_error"), std::string::npos) << c.events[2].e.text;
  EXPECT_EQ(c.events[3].e.kind, feed::EventKind::Damage);
  EXPECT_NE(c.events[3].e.text.find("line 7: not JSON"), std::string::npos) << c.events[3].e.text;
  EXPECT_EQ(d.stats().skipped, 3u);
}
