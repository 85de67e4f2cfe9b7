// The binary route-event encoding: every kind round-trips, attributes keep
// what the engine needs, and damaged bytes are errors naming the field.
#include <gtest/gtest.h>

#include "feed/codec.h"

using namespace dw;

namespace {

feed::RouteEvent element(bgp::ElemType t, const char* prefix) {
  feed::RouteEvent e;
  e.kind = feed::EventKind::Element;
  e.source = "route-views2";
  e.seq = 123456789;
  e.ts = e.elem.ts = 1419265204;
  e.elem.safi = 2;
  e.elem.type = t;
  e.elem.usec = 999999;
  e.elem.peer_ip = *bgp::IpAddr::parse("2001:db8::1");
  e.elem.peer_as = 4200000000u;
  e.elem.prefix = *bgp::Prefix::parse(prefix);
  e.elem.prefix.path_id = 7;
  return e;
}

bgp::Attributes attributes() {
  bgp::Attributes a;
  a.set(bgp::AttrType::Origin);
  a.origin = 2;
  a.set(bgp::AttrType::AsPath);
  a.as_path.segs = {{bgp::SegType::Sequence, 3}, {bgp::SegType::Set, 2}};
  a.as_path.asns = {3356, 4837, 131279, 64512, 4200000001u};
  a.set(bgp::AttrType::NextHop);
  a.next_hop = *bgp::IpAddr::parse("192.0.2.9");
  a.set(bgp::AttrType::Med);
  a.med = 70000;
  a.set(bgp::AttrType::Communities);
  a.communities = {0xfde80001u, 3356u << 16 | 2};
  a.set(bgp::AttrType::LargeCommunities);
  a.large_communities = {{4200000000u, 1, 2}};
  a.set(bgp::AttrType::MpReach);
  a.mp_reach.afi = bgp::Afi::Ipv6;
  a.mp_reach.nh_len = 32;
  a.mp_reach.next_hop = *bgp::IpAddr::parse("2001:db8::9");
  a.mp_reach.next_hop_local = *bgp::IpAddr::parse("fe80::9");
  a.set(bgp::AttrType::ClusterList);  // not carried
  a.cluster_list = {1};
  a.outcome = bgp::Outcome::AttributeDiscard;
  return a;
}

feed::RouteEvent round_trip(const feed::RouteEvent& e, feed::FeedDecoder& d) {
  std::vector<uint8_t> b;
  feed::encode(e, b);
  feed::RouteEvent out;
  auto n = d.decode(b, out);
  EXPECT_TRUE(n) << (n ? "" : n.error().describe());
  if (n) {
    EXPECT_EQ(*n, b.size());
  }
  return out;
}

}  // namespace

TEST(FeedCodec, AnnouncementKeepsWhatTheEngineNeeds) {
  auto a = attributes();
  auto e = element(bgp::ElemType::Announce, "2001:db8:100::/40");
  e.elem.attrs = &a;
  feed::FeedDecoder d;
  auto x = round_trip(e, d);
  EXPECT_EQ(x.kind, feed::EventKind::Element);
  EXPECT_EQ(x.source, "route-views2");
  EXPECT_EQ(x.seq, e.seq);
  EXPECT_EQ(x.ts, e.ts);
  EXPECT_EQ(x.elem.ts, e.ts);
  EXPECT_EQ(x.elem.safi, 2);
  EXPECT_EQ(x.elem.type, bgp::ElemType::Announce);
  EXPECT_EQ(x.elem.usec, 999999u);
  EXPECT_EQ(x.elem.peer_ip, e.elem.peer_ip);
  EXPECT_EQ(x.elem.peer_as, 4200000000u);
  EXPECT_EQ(x.elem.prefix, e.elem.prefix) << "prefix and path id";
  ASSERT_NE(x.elem.attrs, nullptr);
  ASSERT_EQ(x.elem.attrs, x.elem.owned_attrs.get()) << "a decoded event owns its attributes";
  const auto& b = *x.elem.attrs;
  EXPECT_EQ(b.as_path.str(), a.as_path.str());
  EXPECT_EQ(b.as_path.origin(), a.as_path.origin());
  EXPECT_EQ(b.origin, 2);
  EXPECT_EQ(b.outcome, bgp::Outcome::AttributeDiscard);
  EXPECT_EQ(b.next_hop, a.next_hop);
  EXPECT_EQ(b.med, 70000u);
  EXPECT_EQ(b.communities, a.communities);
  ASSERT_EQ(b.large_communities.size(), 1u);
  EXPECT_EQ(b.large_communities[0].global, 4200000000u);
  EXPECT_EQ(b.mp_reach.next_hop, a.mp_reach.next_hop);
  EXPECT_EQ(b.mp_reach.next_hop_local, a.mp_reach.next_hop_local);
  EXPECT_TRUE(b.has(bgp::AttrType::Med));
  EXPECT_FALSE(b.has(bgp::AttrType::LocalPref));
  EXPECT_FALSE(b.has(bgp::AttrType::ClusterList)) << "not carried, so not claimed";
}

TEST(FeedCodec, EveryKindRoundTrips) {
  feed::FeedDecoder d;
  auto w = element(bgp::ElemType::Withdraw, "10.0.0.0/8");
  w.elem.parse_withdraw = true;
  auto x = round_trip(w, d);
  EXPECT_TRUE(x.elem.parse_withdraw);
  EXPECT_EQ(x.elem.attrs, nullptr);
  EXPECT_EQ(x.elem.prefix.str(), "10.0.0.0/8");

  auto s = element(bgp::ElemType::PeerState, "0.0.0.0/0");
  s.elem.old_state = 6, s.elem.new_state = 1;
  x = round_trip(s, d);
  EXPECT_EQ(x.elem.type, bgp::ElemType::PeerState);
  EXPECT_EQ(x.elem.old_state, 6);
  EXPECT_EQ(x.elem.new_state, 1);

  feed::RouteEvent r;
  r.kind = feed::EventKind::RibBegin;
  r.source = "rrc00";
  r.seq = 1;
  r.ts = 1419206400;
  r.initial = true;
  x = round_trip(r, d);
  EXPECT_EQ(x.kind, feed::EventKind::RibBegin);
  EXPECT_TRUE(x.initial);
  EXPECT_EQ(x.source, "rrc00");
  r.kind = feed::EventKind::RibEnd;
  r.initial = false;
  x = round_trip(r, d);
  EXPECT_EQ(x.kind, feed::EventKind::RibEnd);
  EXPECT_FALSE(x.initial);

  feed::RouteEvent g;
  g.kind = feed::EventKind::Gap;
  g.source = "rrc00";
  g.ts = 1000, g.until = 4600;
  g.text = "update file updates.20141222.1615.bz2 was not read to its end";
  x = round_trip(g, d);
  EXPECT_EQ(x.ts, 1000u);
  EXPECT_EQ(x.until, 4600u);
  EXPECT_EQ(x.text, g.text);

  feed::RouteEvent m;
  m.kind = feed::EventKind::Damage;
  m.source = "rrc00";
  m.text = "updates.20141222.1615.gz: byte 4096: type 16/4: truncated";
  x = round_trip(m, d);
  EXPECT_EQ(x.text, m.text);

  feed::RouteEvent t;
  t.kind = feed::EventKind::Tick;
  t.source = "rrc00";
  t.seq = 5, t.ts = 77;
  x = round_trip(t, d);
  EXPECT_EQ(x.kind, feed::EventKind::Tick);
  EXPECT_EQ(x.seq, 5u);
  EXPECT_EQ(x.ts, 77u);
}

TEST(FeedCodec, FramesFollowEachOtherAndNamesOutliveTheirBytes) {
  feed::FeedDecoder d;
  std::vector<uint8_t> b;
  auto a = attributes();
  for (uint64_t i = 1; i <= 3; ++i) {
    auto e = element(bgp::ElemType::Rib, "192.0.2.0/24");
    e.seq = i;
    e.elem.attrs = &a;
    feed::encode(e, b);
  }
  std::span<const uint8_t> rest(b);
  std::vector<feed::RouteEvent> got;
  while (!rest.empty()) {
    feed::RouteEvent e;
    auto n = d.decode(rest, e);
    ASSERT_TRUE(n) << n.error().describe();
    rest = rest.subspan(*n);
    got.push_back(std::move(e));
  }
  b.assign(b.size(), 0);  // the names and attributes no longer live in the bytes
  ASSERT_EQ(got.size(), 3u);
  for (uint64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got[i].seq, i + 1);
    EXPECT_EQ(got[i].source, "route-views2");
    EXPECT_EQ(got[i].elem.attrs->as_path.str(), a.as_path.str());
  }
}

TEST(FeedCodec, DamageIsAnErrorNamingTheField) {
  auto a = attributes();
  auto e = element(bgp::ElemType::Announce, "2001:db8:100::/40");
  e.elem.attrs = &a;
  std::vector<uint8_t> b;
  feed::encode(e, b);
  feed::FeedDecoder d;
  feed::RouteEvent out;
  // every cut is an error, never a crash or a half event taken for whole
  for (size_t n = 0; n < b.size(); ++n) {
    auto r = d.decode(std::span<const uint8_t>(b.data(), n), out);
    EXPECT_FALSE(r) << "cut at " << n;
  }
  size_t h = (b[0] & 0x80) ? 2 : 1;  // the frame length's own bytes
  auto bad = b;
  bad[h] = 9;  // version
  auto r = d.decode(bad, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "version");
  bad = b;
  bad[h + 1] = 0x7f;  // kind
  r = d.decode(bad, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "event kind");
  feed::RouteEvent t;
  t.kind = feed::EventKind::Tick;
  t.source = "rrc00";
  bad.clear();
  feed::encode(t, bad);
  bad[0] = static_cast<uint8_t>(bad[0] + 1);  // a frame longer than its body: bytes left over
  bad.push_back(0);
  r = d.decode(bad, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "frame");
}
