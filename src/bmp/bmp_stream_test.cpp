// BmpStream on streams built with bmp_writer.h: one test per message type,
// flag and rule (framing in any split, ADD-PATH per direction and family,
// A/L/O flags, Loc-RIB, distinguishers, statistics, errors).
#include "bmp/bmp_stream.h"

#include <gtest/gtest.h>

#include "bmp/bmp_writer.h"

namespace dw::bmp {
namespace {

using namespace encode;

struct Got {
  feed::EventKind kind;
  std::string source;
  uint64_t seq;
  bgp::ElemType type;
  std::string peer, prefix, path;
  uint32_t peer_as = 0, path_id = 0;
  uint16_t new_state = 0;
  bool parse_withdraw = false;
  std::string text;
};

struct Collect : feed::EventSink {
  std::vector<Got> got;
  void on_event(const feed::RouteEvent& e) override {
    Got g{e.kind, std::string(e.source), e.seq, e.elem.type, e.elem.peer_ip.str(), e.elem.prefix.str(), "",
          e.elem.peer_as, e.elem.prefix.path_id, e.elem.new_state, e.elem.parse_withdraw, e.text};
    if (e.elem.attrs) g.path = e.elem.attrs->as_path.str();
    got.push_back(std::move(g));
  }
  std::vector<Got> elements(bgp::ElemType t) const {
    std::vector<Got> out;
    for (const auto& g : got)
      if (g.kind == feed::EventKind::Element && g.type == t) out.push_back(g);
    return out;
  }
};

bgp::Prefix P(const char* s, uint32_t path_id = 0) {
  auto p = *bgp::Prefix::parse(s);
  p.path_id = path_id;
  return p;
}

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes plain_up(const PeerHeader& h, std::vector<Cap> router_caps = {cap_as4(65000)},
               std::vector<Cap> peer_caps = {cap_as4(65001)}) {
  return peer_up(h, bgp_open(65000, 0xc0000201, router_caps), bgp_open(h.asn, h.bgp_id, peer_caps));
}

Bytes announce(const PeerHeader& h, std::vector<bgp::Prefix> nlri, std::vector<uint32_t> path = {65001, 65010}) {
  Update u;
  u.nlri = std::move(nlri);
  u.path = std::move(path);
  return route_monitoring(h, bgp_update(u));
}

TEST(BmpStream, FramesInAnySplitAndDeliversInOrder) {
  PeerHeader h;
  Update w;
  w.withdrawn = {P("10.1.0.0/16")};
  Bytes s = cat({initiation({{2, text("r1")}, {1, text("JUNOS 15.1")}}), plain_up(h),
                 announce(h, {P("10.1.0.0/16"), P("10.2.0.0/16")}), route_monitoring(h, bgp_update(w)),
                 peer_down(h, 4)});
  Collect whole, bytewise;
  BmpStream a("r1", whole), b("r1", bytewise);
  ASSERT_TRUE(a.feed(s, 100));
  for (size_t i = 0; i < s.size(); ++i) {
    ASSERT_TRUE(b.feed(std::span(s).subspan(i, 1), 100));
    if (i + 1 < s.size()) EXPECT_EQ(b.offset(), i + 1);
  }
  ASSERT_EQ(whole.got.size(), 5u);  // up, 2 announcements, 1 withdrawal, down
  ASSERT_EQ(bytewise.got.size(), whole.got.size());
  for (size_t i = 0; i < whole.got.size(); ++i) {
    EXPECT_EQ(whole.got[i].seq, i + 1);
    EXPECT_EQ(whole.got[i].source, "r1");
    EXPECT_EQ(bytewise.got[i].prefix, whole.got[i].prefix);
    EXPECT_EQ(bytewise.got[i].type, whole.got[i].type);
  }
  EXPECT_EQ(whole.got[0].type, bgp::ElemType::PeerState);
  EXPECT_EQ(whole.got[0].new_state, 6);
  EXPECT_EQ(whole.got[1].prefix, "10.1.0.0/16");
  EXPECT_EQ(whole.got[1].path, "65001 65010");
  EXPECT_EQ(whole.got[1].peer, "10.0.0.1");
  EXPECT_EQ(whole.got[1].peer_as, 65001u);
  EXPECT_EQ(whole.got[3].type, bgp::ElemType::Withdraw);
  EXPECT_EQ(whole.got[4].new_state, 1);
  EXPECT_EQ(a.router_info().sys_name, "r1");
  EXPECT_EQ(a.router_info().sys_descr, "JUNOS 15.1");
  EXPECT_EQ(a.stats().messages, 5u);
  EXPECT_EQ(a.stats().route_monitoring, 2u);
  EXPECT_EQ(a.stats().bytes, s.size());
  EXPECT_EQ(a.buffered(), 0u);
  EXPECT_TRUE(a.end_of_stream());
}

// RFC 7911 per direction: routes the router received carry path ids when the
// peer's OPEN says send and the router's says receive, not when both merely
// announce the capability.
TEST(BmpStream, AddPathDecidedPerDirectionFromBothOpens) {
  PeerHeader h;
  Update u;
  u.nlri = {P("10.9.0.0/16", 7)};
  u.path = {65001};
  u.addpath_v4 = true;
  Collect c;
  BmpStream s("r", c);
  // the peer sends path ids, the router receives them
  ASSERT_TRUE(s.feed(cat({plain_up(h, {cap_as4(65000), cap_addpath(1, 1, 1)}, {cap_as4(65001), cap_addpath(1, 1, 2)}),
                          route_monitoring(h, bgp_update(u))}),
                     1));
  auto a = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].prefix, "10.9.0.0/16");
  EXPECT_EQ(a[0].path_id, 7u);
  auto peers = s.peers();
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0].addpath, std::vector<std::string>{"ipv4/1"});

  // the other way round (router sends, peer receives): Adj-RIB-In has none,
  // although both OPENs carry the capability for the family
  PeerHeader h2;
  h2.addr = bgp::IpAddr::v4(0x0a000002);
  u.addpath_v4 = false;
  ASSERT_TRUE(s.feed(cat({plain_up(h2, {cap_as4(65000), cap_addpath(1, 1, 2)}, {cap_as4(65001), cap_addpath(1, 1, 1)}),
                          route_monitoring(h2, bgp_update(u))}),
                     1));
  a = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1].prefix, "10.9.0.0/16");
  EXPECT_EQ(a[1].path_id, 0u);
  EXPECT_EQ(a[1].peer, "10.0.0.2");

  // ... and that session's Adj-RIB-Out (O flag) does carry them
  PeerHeader out = h2;
  out.flags = kFlagO | kFlagL;
  u.addpath_v4 = true;
  u.nlri = {P("10.10.0.0/16", 9)};
  Collect c2;
  BmpStream s2("r", c2, {View::AdjRibOut});
  ASSERT_TRUE(s2.feed(cat({plain_up(h2, {cap_as4(65000), cap_addpath(1, 1, 2)}, {cap_as4(65001), cap_addpath(1, 1, 1)}),
                           route_monitoring(out, bgp_update(u))}),
                      1));
  a = c2.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].path_id, 9u);
}

TEST(BmpStream, AddPathPerFamily) {
  PeerHeader h;
  Collect c;
  BmpStream s("r", c);
  // IPv6 unicast with path ids, IPv4 without
  ASSERT_TRUE(s.feed(plain_up(h, {cap_as4(65000), cap_addpath(2, 1, 1)}, {cap_as4(65001), cap_addpath(2, 1, 2)}), 1));
  Update v4, v6;
  v4.nlri = {P("10.0.0.0/8")};
  v4.path = {65001};
  v6.mp_nlri = {P("2001:db8:1::/48", 3)};
  v6.path = {65001};
  v6.addpath_mp = true;
  ASSERT_TRUE(s.feed(cat({route_monitoring(h, bgp_update(v4)), route_monitoring(h, bgp_update(v6))}), 1));
  auto a = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].prefix, "10.0.0.0/8");
  EXPECT_EQ(a[0].path_id, 0u);
  EXPECT_EQ(a[1].prefix, "2001:db8:1::/48");
  EXPECT_EQ(a[1].path_id, 3u);
}

TEST(BmpStream, AFlagMeansTwoByteAsPaths) {
  PeerHeader h;
  h.flags = kFlagA;
  Update u;
  u.nlri = {P("10.0.0.0/8")};
  u.path = {65001, 3356, 174};
  u.as4 = false;
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(cat({plain_up(h, {}, {}), route_monitoring(h, bgp_update(u))}), 1));
  auto a = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].path, "65001 3356 174");
  EXPECT_FALSE(s.peers()[0].as4);
}

TEST(BmpStream, VFlagIpv6Peer) {
  PeerHeader h;
  h.flags = kFlagV;
  h.addr = *bgp::IpAddr::parse("2001:db8::7");
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(cat({plain_up(h), announce(h, {P("10.0.0.0/8")})}), 1));
  auto a = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].peer, "2001:db8::7");
}

TEST(BmpStream, PostPolicyCountedNotDeliveredByDefault) {
  PeerHeader pre, post;
  post.flags = kFlagL;
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(cat({plain_up(pre), announce(pre, {P("10.0.0.0/8")}), announce(post, {P("10.0.0.0/8"), P("11.0.0.0/8")})}), 1));
  EXPECT_EQ(c.elements(bgp::ElemType::Announce).size(), 1u);
  EXPECT_EQ(s.stats().skipped_views, 2u);
  EXPECT_EQ(s.stats().elements, 3u);

  Collect c2;
  BmpStream s2("r", c2, {View::PostPolicy});
  ASSERT_TRUE(s2.feed(cat({plain_up(pre), announce(pre, {P("10.0.0.0/8")}), announce(post, {P("10.0.0.0/8"), P("11.0.0.0/8")})}), 1));
  EXPECT_EQ(c2.elements(bgp::ElemType::Announce).size(), 2u);
  EXPECT_EQ(c2.elements(bgp::ElemType::PeerState).size(), 1u);  // the PeerUp opens the post-policy view

  Collect all;
  BmpStream s3("r", all, {View::All});
  ASSERT_TRUE(s3.feed(cat({plain_up(pre), announce(pre, {P("10.0.0.0/8")}), announce(post, {P("11.0.0.0/8")})}), 1));
  auto a = all.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].source, "r");
  EXPECT_EQ(a[1].source, "r/post-policy");
  EXPECT_EQ(a[1].seq, 1u);  // sequence numbers per source
}

// RFC 9069: peer type 3, Table-Name TLV, F flag (not V), routes with no
// PeerUp (gobgp), the BGP id naming the instance; in the default view it
// feeds until the router sends Adj-RIB-In pre-policy routes.
TEST(BmpStream, LocRib) {
  PeerHeader loc;
  loc.type = kPeerLocRib;
  loc.flags = 0x80;  // F: filtered; must not be read as V
  loc.addr = bgp::IpAddr::v4(0);
  loc.asn = 65000;
  loc.bgp_id = 0xc0000201;
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(announce(loc, {P("10.0.0.0/8")}), 1));  // before any PeerUp
  ASSERT_TRUE(s.feed(peer_up(loc, bgp_open(65000, 0xc0000201, {cap_as4(65000)}),
                             bgp_open(65000, 0xc0000201, {cap_as4(65000)}), {{3, text("global")}}),
                     2));
  auto a = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].peer, "192.0.2.1");
  EXPECT_EQ(a[0].peer_as, 65000u);
  auto peers = s.peers();
  ASSERT_EQ(peers.size(), 1u);
  EXPECT_EQ(peers[0].view, RibView::LocRib);
  EXPECT_EQ(peers[0].table_name, "global");
  EXPECT_TRUE(peers[0].up);
  EXPECT_TRUE(peers[0].address.is_v4());

  // a pre-policy route arrives: Loc-RIB leaves routing state and stops feeding
  PeerHeader pre;
  ASSERT_TRUE(s.feed(cat({announce(pre, {P("12.0.0.0/8")}), announce(loc, {P("13.0.0.0/8")})}), 3));
  auto st = c.elements(bgp::ElemType::PeerState);
  ASSERT_EQ(st.size(), 2u);  // Loc-RIB up, then down
  EXPECT_EQ(st[1].peer, "192.0.2.1");
  EXPECT_EQ(st[1].new_state, 1);
  a = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[1].prefix, "12.0.0.0/8");
  EXPECT_EQ(s.stats().skipped_views, 1u);

  // PeerDown reason 6 (RFC 9069: the Loc-RIB instance closed)
  Collect c2;
  BmpStream s2("r", c2, {View::LocRib});
  ASSERT_TRUE(s2.feed(cat({announce(loc, {P("10.0.0.0/8")}), peer_down(loc, 6, cat({u32v(0)}))}), 1));
  st = c2.elements(bgp::ElemType::PeerState);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].new_state, 1);
  EXPECT_EQ(s2.peers()[0].down_reason, 6u);
}

TEST(BmpStream, DistinguishersKeepPeersApart) {
  PeerHeader a, b;
  a.type = b.type = kPeerRd;
  a.rd = (uint64_t{0} << 48) | (uint64_t{64499} << 32) | 94;
  b.rd = (uint64_t{0} << 48) | (uint64_t{64499} << 32) | 95;
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(cat({plain_up(a), plain_up(b), announce(a, {P("10.0.0.0/8")}), announce(b, {P("10.0.0.0/8")})}), 1));
  auto ann = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(ann.size(), 2u);
  EXPECT_EQ(ann[0].source, "r/0:64499:94");
  EXPECT_EQ(ann[1].source, "r/0:64499:95");
  EXPECT_EQ(s.peers().size(), 2u);
}

TEST(BmpStream, PeerDownEveryReason) {
  for (uint8_t reason = 1; reason <= 6; ++reason) {
    PeerHeader h;
    Bytes data;
    if (reason == 1 || reason == 3) data = bgp_message(3, Bytes{6, 2});  // NOTIFICATION cease/admin shutdown
    if (reason == 2) data = {0, 1};
    if (reason == 6) data = cat({u16v(0), u16v(0)});
    Collect c;
    BmpStream s("r", c);
    ASSERT_TRUE(s.feed(cat({plain_up(h), announce(h, {P("10.0.0.0/8")}), peer_down(h, reason, data)}), 1))
        << int(reason);
    auto st = c.elements(bgp::ElemType::PeerState);
    ASSERT_EQ(st.size(), 2u) << int(reason);
    EXPECT_EQ(st[1].new_state, 1);
    EXPECT_EQ(s.peers()[0].down_reason, reason);
    EXPECT_FALSE(s.peers()[0].up);
  }
}

// FRR sends a PeerDown before its PeerUp: nothing to take down, no error.
TEST(BmpStream, PeerDownBeforePeerUp) {
  PeerHeader h;
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(cat({peer_down(h, 4), plain_up(h), announce(h, {P("10.0.0.0/8")})}), 1));
  auto st = c.elements(bgp::ElemType::PeerState);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].new_state, 6);
  EXPECT_EQ(s.stats().peers_down, 1u);
  EXPECT_EQ(c.elements(bgp::ElemType::Announce).size(), 1u);
}

TEST(BmpStream, StatisticsEveryTypeUnknownSkipped) {
  PeerHeader h;
  Tlvs counters;
  for (uint16_t t : {0, 1, 2, 3, 4, 5, 6, 11, 12, 13}) counters.push_back({t, u32v(t + 100u)});
  for (uint16_t t : {7, 8, 14, 15}) counters.push_back({t, u64v(uint64_t{t} << 33)});
  for (uint16_t t : {9, 10, 16, 17}) {
    counters.push_back({t, family_gauge(1, 1, t * 1000u)});
    counters.push_back({t, family_gauge(2, 1, t * 10u)});
  }
  counters.push_back({65531, u32v(1)});  // FRR's non-standard type
  counters.push_back({40, u64v(1)});
  counters.push_back({7, u32v(1)});      // a gauge of the wrong length
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(statistics(h, counters), 1));
  EXPECT_EQ(s.stats().stats_reports, 1u);
  EXPECT_EQ(s.stats().stats_counters, 22u);
  EXPECT_EQ(s.stats().stats_unknown, 2u);
  EXPECT_EQ(s.stats().stats_malformed, 1u);
  EXPECT_TRUE(c.got.empty());
  auto peers = s.peers();
  ASSERT_EQ(peers.size(), 1u);
  auto value = [&](uint16_t type, uint16_t afi, uint8_t safi) -> int64_t {
    for (const auto& v : peers[0].stats)
      if (v.type == type && v.afi == afi && v.safi == safi) return static_cast<int64_t>(v.value);
    return -1;
  };
  EXPECT_EQ(value(0, 0, 0), 100);
  EXPECT_EQ(value(13, 0, 0), 113);
  EXPECT_EQ(value(7, 0, 0), int64_t{7} << 33);
  EXPECT_EQ(value(9, 1, 1), 9000);
  EXPECT_EQ(value(9, 2, 1), 90);
  EXPECT_EQ(value(17, 2, 1), 170);
}

TEST(BmpStream, TerminationAndCloseTakeEveryPeerDown) {
  PeerHeader a, b;
  b.addr = bgp::IpAddr::v4(0x0a000002);
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(cat({plain_up(a), plain_up(b), announce(a, {P("10.0.0.0/8")}),
                          termination({{0, text("bye")}, {1, u16v(0)}})}),
                     1));
  auto st = c.elements(bgp::ElemType::PeerState);
  ASSERT_EQ(st.size(), 4u);
  EXPECT_EQ(st[2].new_state, 1);
  EXPECT_EQ(st[3].new_state, 1);
  EXPECT_EQ(s.router_info().termination, "bye; administratively closed");
  s.close(5, "eof");  // nothing left up: no second down
  EXPECT_EQ(c.elements(bgp::ElemType::PeerState).size(), 4u);

  Collect c2;
  BmpStream s2("r", c2);
  ASSERT_TRUE(s2.feed(cat({plain_up(a), announce(b, {P("10.0.0.0/8")})}), 1));  // b: routes, no PeerUp
  s2.close(9, "idle");
  st = c2.elements(bgp::ElemType::PeerState);
  ASSERT_EQ(st.size(), 3u);
  EXPECT_EQ(st[1].new_state, 1);
  EXPECT_EQ(st[2].new_state, 1);
  EXPECT_EQ(st[2].peer, "10.0.0.2");
}

TEST(BmpStream, MirroringAndUnknownTypesSkipped) {
  PeerHeader h;
  Collect c;
  BmpStream s("r", c);
  Bytes unknown = message(9, Bytes{1, 2, 3});
  ASSERT_TRUE(s.feed(cat({route_mirroring(h, bgp_message(4, {})), unknown, announce(h, {P("10.0.0.0/8")})}), 1));
  EXPECT_EQ(s.stats().route_mirroring, 1u);
  EXPECT_EQ(s.stats().unknown_messages, 1u);
  EXPECT_EQ(c.elements(bgp::ElemType::Announce).size(), 1u);
}

TEST(BmpStream, EndInsideAMessageSaysWhichAndHowMuch) {
  PeerHeader h;
  Bytes rm = announce(h, {P("10.0.0.0/8")});
  Bytes s = cat({plain_up(h), rm});
  s.resize(s.size() - 5);
  Collect c;
  BmpStream b("r7", c);
  ASSERT_TRUE(b.feed(s, 1));
  EXPECT_EQ(b.buffered(), rm.size() - 5);
  auto st = b.end_of_stream();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, bgp::ErrorCode::Truncated);
  EXPECT_EQ(st.error().offset, s.size() - (rm.size() - 5));
  EXPECT_EQ(st.error().need, rm.size());
  EXPECT_EQ(st.error().have, rm.size() - 5);
  std::string d = st.error().describe();
  EXPECT_NE(d.find("Route Monitoring"), std::string::npos) << d;
  EXPECT_NE(d.find("5 bytes missing"), std::string::npos) << d;
  EXPECT_NE(d.find("r7"), std::string::npos) << d;
  Bytes three = {3, 0, 0};
  BmpStream b2("r", c);
  ASSERT_TRUE(b2.feed(three, 1));
  EXPECT_FALSE(b2.end_of_stream());
}

TEST(BmpStream, BadVersionIsFinal) {
  Collect c;
  BmpStream s("r", c);
  Bytes m = initiation({{2, text("x")}});
  m[0] = 1;
  auto st = s.feed(m, 1);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().describe().find("version"), std::string::npos);
  EXPECT_FALSE(s.feed(initiation({}), 1));
  ASSERT_EQ(c.got.size(), 1u);
  EXPECT_EQ(c.got[0].kind, feed::EventKind::Damage);
  Bytes huge = {3, 0x7f, 0, 0, 0, 0};
  BmpStream s2("r", c);
  EXPECT_FALSE(s2.feed(huge, 1));  // a length no router sends: not buffered
}

TEST(BmpStream, UndecodableMessageIsPassedOverAndReported) {
  PeerHeader h;
  Bytes bad = announce(h, {P("10.0.0.0/8")});
  bad[kCommonLen + kPerPeerLen + 3] = 0;  // BGP marker
  Bytes s = cat({plain_up(h), bad, announce(h, {P("11.0.0.0/8")})});
  Collect c;
  BmpStream b("r", c);
  auto st = b.feed(s, 1);
  ASSERT_FALSE(st);
  std::string d = st.error().describe();
  EXPECT_NE(d.find("Route Monitoring"), std::string::npos) << d;
  EXPECT_NE(d.find("10.0.0.1"), std::string::npos) << d;
  EXPECT_NE(d.find("marker"), std::string::npos) << d;
  EXPECT_EQ(st.error().offset, plain_up(h).size() + kCommonLen + kPerPeerLen + 3);
  EXPECT_EQ(c.elements(bgp::ElemType::Announce).size(), 0u);
  EXPECT_EQ(c.got.back().kind, feed::EventKind::Damage);
  ASSERT_TRUE(b.feed({}, 1));  // resume after it
  auto a = c.elements(bgp::ElemType::Announce);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].prefix, "11.0.0.0/8");
  EXPECT_EQ(b.stats().damaged, 1u);
}

TEST(BmpStream, Rfc7606TreatAsWithdraw) {
  PeerHeader h;
  Update u;
  u.nlri = {P("10.0.0.0/8")};
  u.path = {65001};
  Bytes upd = bgp_update(u);
  // an ORIGIN of value 7 (RFC 7606 7.1: treat-as-withdraw); its value sits after (offset: header 19 + wlen 2 + alen 2 + flags, type, len)
  upd[19 + 2 + 2 + 3] = 7;
  Collect c;
  BmpStream s("r", c);
  ASSERT_TRUE(s.feed(cat({plain_up(h), route_monitoring(h, upd)}), 1));
  auto w = c.elements(bgp::ElemType::Withdraw);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_TRUE(w[0].parse_withdraw);
  EXPECT_EQ(s.stats().rfc7606, 1u);
}

TEST(BmpStream, LooksLikeBmp) {
  EXPECT_TRUE(looks_like_bmp(initiation({{2, text("x")}})));
  Bytes mrt = {0x54, 0x9a, 0x1c, 0x00, 0, 13, 0, 1};
  EXPECT_FALSE(looks_like_bmp(mrt));
  EXPECT_FALSE(looks_like_bmp(Bytes{3, 0, 0}));
  EXPECT_EQ(parse_view("loc-rib"), View::LocRib);
  EXPECT_FALSE(parse_view("nonsense"));
}

}  // namespace
}  // namespace dw::bmp
