// The passive BGP session driven with byte sequences a peer would send.
#include "session/bgp_session.h"

#include <gtest/gtest.h>

#include <set>

#include "session/test_peer.h"

namespace dw::session {
namespace {

using namespace test;
using bgp::ElemType;
using bgp::FsmState;
using bgp::MsgType;

constexpr uint32_t kT0 = 1700000000;

SessionConfig local() {
  SessionConfig c;
  c.local_asn = 4200000001u;  // a 4-byte AS: the OPEN carries AS_TRANS
  c.router_id = 0xc0000201;   // 192.0.2.1
  c.hold_time = 90;
  return c;
}

PeerConfig peer(std::optional<uint32_t> asn = 65001) {
  PeerConfig p;
  p.address = *bgp::IpAddr::parse("10.0.0.1");
  p.asn = asn;
  p.name = "rtr1";
  return p;
}

struct Fixture {
  RecordingSink sink;
  SessionConfig cfg = local();
  PeerConfig pc = peer();
  std::unique_ptr<BgpSession> s;
  std::vector<uint8_t> out;

  explicit Fixture(PeerConfig p = peer(), SessionConfig c = local()) : cfg(c), pc(std::move(p)) {
    s = std::make_unique<BgpSession>(cfg, pc, sink, kT0);
    out = s->take_output();
  }
  void feed(const std::vector<uint8_t>& b, uint32_t now = kT0) {
    s->on_bytes(b, now);
    auto o = s->take_output();
    out.insert(out.end(), o.begin(), o.end());
  }
  std::vector<bgp::Message> sent() { return messages(std::exchange(out, {})); }
  void establish(const PeerOpen& o = {}, uint32_t now = kT0) {
    feed(o.bytes(), now);
    feed(keepalive(), now);
  }
  // the one NOTIFICATION among what was sent
  std::optional<bgp::Notification> notification() {
    for (auto& m : sent())
      if (m.type == MsgType::Notification) return m.notification;
    return std::nullopt;
  }
};

TEST(BgpSession, SendsItsOpenAtOnceWithItsCapabilities) {
  Fixture f;
  f.feed({});
  auto msgs = f.sent();
  ASSERT_EQ(msgs.size(), 1u);
  ASSERT_EQ(msgs[0].type, MsgType::Open);
  const auto& o = msgs[0].open;
  EXPECT_EQ(o.version, 4);
  EXPECT_EQ(o.asn, 4200000001u);  // from the 4-octet AS capability
  EXPECT_EQ(o.hold_time, 90);
  EXPECT_EQ(o.bgp_id.str(), "192.0.2.1");
  std::set<uint8_t> codes;
  for (auto& c : o.capabilities) codes.insert(c.code);
  for (uint8_t c : {1, 2, 6, 64, 65, 69, 70}) EXPECT_TRUE(codes.count(c)) << "capability " << int(c);
  // the 2-byte field holds AS_TRANS
  auto raw = local();
  BgpSession s2(raw, peer(), f.sink, kT0);
  auto bytes = s2.take_output();
  EXPECT_EQ((bytes[20] << 8) | bytes[21], 23456);
  EXPECT_EQ(f.s->status().state, FsmState::OpenSent);
  EXPECT_TRUE(f.sink.events.empty());
}

TEST(BgpSession, OpenThenKeepaliveEstablishes) {
  Fixture f;
  f.sent();
  PeerOpen o;
  o.hold = 30;
  o.addpath_v4 = 3;  // send and receive: it sends path ids for IPv4
  o.addpath_v6 = 1;  // receive only: it does not send them for IPv6
  f.feed(o.bytes());
  auto m = f.sent();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].type, MsgType::Keepalive);
  EXPECT_EQ(f.s->status().state, FsmState::OpenConfirm);
  EXPECT_TRUE(f.sink.events.empty());
  f.feed(keepalive(), kT0 + 1);
  auto st = f.s->status();
  EXPECT_EQ(st.state, FsmState::Established);
  EXPECT_EQ(st.established_at, kT0 + 1);
  EXPECT_EQ(st.hold_time, 30);  // the smaller
  EXPECT_EQ(st.peer_asn, 65001u);
  EXPECT_TRUE(st.as4);
  EXPECT_TRUE(st.addpath_v4);
  EXPECT_FALSE(st.addpath_v6);
  EXPECT_TRUE(st.route_refresh);
  ASSERT_EQ(f.sink.events.size(), 1u);
  const auto& ev = f.sink.events[0];
  EXPECT_EQ(ev.source, "rtr1");
  EXPECT_EQ(ev.seq, 1u);
  EXPECT_EQ(ev.elem.type, ElemType::PeerState);
  EXPECT_EQ(ev.elem.old_state, 5);
  EXPECT_EQ(ev.elem.new_state, 6);
  EXPECT_EQ(ev.elem.peer_as, 65001u);
  EXPECT_EQ(ev.elem.peer_ip.str(), "10.0.0.1");
  // End-of-RIB for both families: an empty UPDATE and an empty MP_UNREACH for IPv6
  auto eor = f.sent();
  ASSERT_EQ(eor.size(), 2u);
  EXPECT_EQ(eor[0].type, MsgType::Update);
  EXPECT_TRUE(eor[0].update.nlri.empty() && eor[0].update.withdrawn.empty() && eor[0].update.attrs.present == 0);
  EXPECT_EQ(eor[1].type, MsgType::Update);
  EXPECT_TRUE(eor[1].update.attrs.has(bgp::AttrType::MpUnreach));
  EXPECT_EQ(eor[1].update.attrs.mp_unreach.afi, bgp::Afi::Ipv6);
}

TEST(BgpSession, TwoByteAsPeerWithoutCapabilities) {
  Fixture f;
  PeerOpen o;
  o.as4 = o.mp_v4 = o.mp_v6 = o.route_refresh = false;
  f.establish(o);
  auto st = f.s->status();
  EXPECT_EQ(st.state, FsmState::Established);
  EXPECT_FALSE(st.as4);
  EXPECT_EQ(st.peer_asn, 65001u);
  f.sent();
  // a 2-byte AS_PATH is read as such
  Attrs a;
  a.as_path = false;
  a.extra = {0x40, 2, 6, 2, 2, 0xfd, 0xe9, 0xfb, 0xf0};  // 65001 64496
  f.feed(update({}, a, {pfx("198.51.100.0/24")}));
  auto ann = f.sink.elements(ElemType::Announce);
  ASSERT_EQ(ann.size(), 1u);
  ASSERT_EQ(ann[0].attrs->as_path.asns.size(), 2u);
  EXPECT_EQ(ann[0].attrs->as_path.asns[1], 64496u);
  // only IPv4 unicast was implied: one End-of-RIB
  EXPECT_EQ(f.s->status().prefixes_v4, 1u);
}

TEST(BgpSession, HoldTimeZeroMeansNoTimers) {
  Fixture f;
  PeerOpen o;
  o.hold = 0;
  f.establish(o);
  EXPECT_EQ(f.s->status().hold_time, 0);
  EXPECT_EQ(f.s->next_deadline(), 0u);
  f.s->on_timer(kT0 + 100000);
  EXPECT_FALSE(f.s->done());
}

struct OpenCase {
  const char* what;
  PeerOpen open;
  std::optional<uint32_t> configured_asn;
  uint8_t subcode;
  std::vector<uint8_t> data;
};

TEST(BgpSession, OpenErrorsGetTheirNotification) {
  std::vector<OpenCase> cases;
  {
    OpenCase c{"bad peer AS", {}, 65002, 2, {}};
    cases.push_back(c);
  }
  {
    OpenCase c{"hold time 2", {}, 65001, 6, {}};
    c.open.hold = 2;
    cases.push_back(c);
  }
  {
    OpenCase c{"BGP id 0", {}, 65001, 3, {}};
    c.open.id = 0;
    cases.push_back(c);
  }
  {
    OpenCase c{"version 3", {}, 65001, 1, {0, 4}};
    c.open.version = 3;
    cases.push_back(c);
  }
  {
    OpenCase c{"iBGP peer with our id", {}, 4200000001u, 3, {}};
    c.open.asn = 4200000001u;
    c.open.id = 0xc0000201;
    cases.push_back(c);
  }
  for (const auto& c : cases) {
    Fixture f(peer(c.configured_asn));
    f.sent();
    f.feed(c.open.bytes());
    auto n = f.notification();
    ASSERT_TRUE(n) << c.what;
    EXPECT_EQ(n->code, 2) << c.what;
    EXPECT_EQ(n->subcode, c.subcode) << c.what;
    EXPECT_EQ(n->data, c.data) << c.what;
    EXPECT_TRUE(f.s->done()) << c.what;
    EXPECT_TRUE(f.s->finished()) << c.what;
    EXPECT_NE(f.s->close_reason().find("rtr1"), std::string::npos) << f.s->close_reason();
    EXPECT_NE(f.s->close_reason().find("2/" + std::to_string(c.subcode)), std::string::npos) << f.s->close_reason();
    EXPECT_TRUE(f.sink.events.empty()) << c.what;
  }
}

TEST(BgpSession, AnyAsWhenNoneConfigured) {
  Fixture f(peer(std::nullopt));
  PeerOpen o;
  o.asn = 4200000099u;
  f.establish(o);
  EXPECT_EQ(f.s->status().state, FsmState::Established);
  EXPECT_EQ(f.s->status().peer_asn, 4200000099u);
}

TEST(BgpSession, UnsupportedOptionalParameterIs2_4) {
  Fixture f;
  f.sent();
  // OPEN with one optional parameter of type 1 (authentication, deprecated)
  std::vector<uint8_t> body{4, 0xfd, 0xe9, 0, 90, 10, 0, 0, 1, 3, 1, 1, 0};
  std::vector<uint8_t> m(16, 0xff);
  put16(m, static_cast<uint16_t>(19 + body.size()));
  m.push_back(1);
  m.insert(m.end(), body.begin(), body.end());
  f.feed(m);
  auto n = f.notification();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, 2);
  EXPECT_EQ(n->subcode, 4);
}

TEST(BgpSession, HeaderErrorsCarryTheOffendingField) {
  {
    Fixture f;
    f.sent();
    auto k = keepalive();
    k[3] = 0;
    f.feed(k);
    auto n = f.notification();
    ASSERT_TRUE(n);
    EXPECT_EQ(n->code, 1);
    EXPECT_EQ(n->subcode, 1);
    EXPECT_NE(f.s->close_reason().find("byte 3"), std::string::npos) << f.s->close_reason();
  }
  {
    Fixture f;
    f.sent();
    auto k = keepalive();
    k[16] = 0x13, k[17] = 0x88;  // 5000 without extended messages
    f.feed(k);
    auto n = f.notification();
    ASSERT_TRUE(n);
    EXPECT_EQ(n->code, 1);
    EXPECT_EQ(n->subcode, 2);
    EXPECT_EQ(n->data, (std::vector<uint8_t>{0x13, 0x88}));
  }
  {
    Fixture f;
    f.sent();
    auto k = keepalive();
    k[18] = 9;
    f.feed(k);
    auto n = f.notification();
    ASSERT_TRUE(n);
    EXPECT_EQ(n->code, 1);
    EXPECT_EQ(n->subcode, 3);
    EXPECT_EQ(n->data, std::vector<uint8_t>{9});
  }
  {
    // a KEEPALIVE of 20 bytes
    Fixture f;
    f.sent();
    auto k = keepalive();
    k[17] = 20;
    k.push_back(0);
    f.feed(k);
    auto n = f.notification();
    ASSERT_TRUE(n);
    EXPECT_EQ(n->subcode, 2);
    EXPECT_EQ(n->data, (std::vector<uint8_t>{0, 20}));
  }
}

TEST(BgpSession, UpdateBeforeOpenIsAnFsmError) {
  Fixture f;
  f.sent();
  f.feed(update({}, {}, {pfx("198.51.100.0/24")}));
  auto n = f.notification();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, 5);
  EXPECT_EQ(n->subcode, 1);
}

TEST(BgpSession, KeepalivesAndHoldTimer) {
  Fixture f;
  PeerOpen o;
  o.hold = 9;
  f.establish(o);
  f.sent();
  EXPECT_EQ(f.s->next_deadline(), kT0 + 3);  // keepalive every hold/3
  f.s->on_timer(kT0 + 3);
  auto m = messages(f.s->take_output());
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].type, MsgType::Keepalive);
  // a message from the peer restarts the hold timer
  f.feed(keepalive(), kT0 + 5);
  f.s->on_timer(kT0 + 13);
  EXPECT_FALSE(f.s->done());
  f.sent();
  f.s->on_timer(kT0 + 14);
  EXPECT_TRUE(f.s->done());
  f.out = f.s->take_output();
  auto n = f.notification();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, 4);
  EXPECT_EQ(n->subcode, 0);
  EXPECT_NE(f.s->close_reason().find("hold timer expired"), std::string::npos);
  auto down = f.sink.elements(ElemType::PeerState);
  ASSERT_EQ(down.size(), 2u);
  EXPECT_EQ(down[1].old_state, 6);
  EXPECT_EQ(down[1].new_state, 1);
}

TEST(BgpSession, OpenSentWaitsFourMinutesForTheOpen) {
  Fixture f;
  EXPECT_EQ(f.s->next_deadline(), kT0 + 240);
  f.s->on_timer(kT0 + 240);
  EXPECT_TRUE(f.s->done());
}

TEST(BgpSession, AnnouncementsAndWithdrawalsBecomeElements) {
  Fixture f;
  f.establish();
  f.feed(update({}, {}, {pfx("198.51.100.0/24"), pfx("203.0.113.0/24")}), kT0 + 2);
  f.feed(update({pfx("198.51.100.0/24")}, {}, {}), kT0 + 3);
  auto ann = f.sink.elements(ElemType::Announce);
  auto wd = f.sink.elements(ElemType::Withdraw);
  ASSERT_EQ(ann.size(), 2u);
  ASSERT_EQ(wd.size(), 1u);
  EXPECT_EQ(ann[1].prefix.str(), "203.0.113.0/24");
  EXPECT_EQ(ann[1].safi, 1);
  EXPECT_EQ(ann[1].ts, kT0 + 2);
  EXPECT_EQ(ann[1].peer_as, 65001u);
  ASSERT_TRUE(ann[1].attrs);
  EXPECT_EQ(ann[1].attrs->as_path.asns, (std::vector<uint32_t>{65001, 64496}));
  EXPECT_EQ(ann[1].attrs->next_hop.str(), "192.0.2.1");
  EXPECT_EQ(wd[0].prefix.str(), "198.51.100.0/24");
  EXPECT_FALSE(wd[0].parse_withdraw);
  EXPECT_EQ(f.s->status().prefixes_v4, 1u);
  EXPECT_EQ(f.s->stats().announced, 2u);
  EXPECT_EQ(f.s->stats().withdrawn, 1u);
  // seq numbers without holes
  for (size_t i = 0; i < f.sink.events.size(); ++i) EXPECT_EQ(f.sink.events[i].seq, i + 1);
}

TEST(BgpSession, MessagesSplitAnywhereGiveTheSameElements) {
  Fixture whole, split;
  std::vector<uint8_t> stream = PeerOpen{}.bytes();
  for (auto& m : {keepalive(), update({}, {}, {pfx("198.51.100.0/24")}), update({pfx("198.51.100.0/24")}, {}, {})})
    stream.insert(stream.end(), m.begin(), m.end());
  whole.feed(stream);
  for (uint8_t b : stream) split.feed({b});
  ASSERT_EQ(whole.sink.events.size(), 3u);
  ASSERT_EQ(split.sink.events.size(), whole.sink.events.size());
  for (size_t i = 0; i < whole.sink.events.size(); ++i) {
    EXPECT_EQ(split.sink.events[i].elem.type, whole.sink.events[i].elem.type);
    EXPECT_EQ(split.sink.events[i].elem.prefix, whole.sink.events[i].elem.prefix);
  }
}

TEST(BgpSession, Ipv6ThroughMpReachAndMpUnreach) {
  Fixture f;
  f.establish();
  Attrs a;
  a.next_hop = false;
  a.extra = mp_reach_v6({pfx("2001:db8:1::/48"), pfx("2001:db8:2::/48")});
  f.feed(update({}, a, {}));
  f.feed(update({}, only(mp_unreach_v6({pfx("2001:db8:1::/48")})), {}));
  auto ann = f.sink.elements(ElemType::Announce);
  auto wd = f.sink.elements(ElemType::Withdraw);
  ASSERT_EQ(ann.size(), 2u);
  ASSERT_EQ(wd.size(), 1u);
  EXPECT_EQ(ann[0].prefix.str(), "2001:db8:1::/48");
  EXPECT_EQ(ann[0].safi, 1);
  EXPECT_EQ(ann[0].attrs->mp_reach.next_hop.str(), "2001:db8::1");
  EXPECT_EQ(wd[0].prefix.str(), "2001:db8:1::/48");
  EXPECT_EQ(f.s->status().prefixes_v6, 1u);
  EXPECT_EQ(f.s->status().prefixes_v4, 0u);
}

TEST(BgpSession, AddPathPerFamilyAsThePeerSends) {
  Fixture f;
  PeerOpen o;
  o.addpath_v4 = 2;  // it sends path ids for IPv4 only
  f.establish(o);
  f.feed(update({}, {}, {pfx("198.51.100.0/24", 1), pfx("198.51.100.0/24", 2)}, true));
  f.feed(update({pfx("198.51.100.0/24", 1)}, {}, {}, true));
  // IPv6 without path ids in the same session
  Attrs a;
  a.next_hop = false;
  a.extra = mp_reach_v6({pfx("2001:db8:1::/48")});
  f.feed(update({}, a, {}));
  auto ann = f.sink.elements(ElemType::Announce);
  auto wd = f.sink.elements(ElemType::Withdraw);
  ASSERT_EQ(ann.size(), 3u);
  EXPECT_EQ(ann[0].prefix.path_id, 1u);
  EXPECT_EQ(ann[1].prefix.path_id, 2u);
  EXPECT_EQ(ann[2].prefix.str(), "2001:db8:1::/48");
  EXPECT_EQ(ann[2].prefix.path_id, 0u);
  ASSERT_EQ(wd.size(), 1u);
  EXPECT_EQ(wd[0].prefix.path_id, 1u);
  EXPECT_EQ(f.s->status().prefixes_v4, 1u);  // path 2 stays
  EXPECT_FALSE(f.s->done());
}

TEST(BgpSession, MissingAsPathIsTreatAsWithdraw) {
  Fixture f;
  f.establish();
  f.feed(update({}, {}, {pfx("198.51.100.0/24")}));
  Attrs a;
  a.as_path = false;
  f.feed(update({}, a, {pfx("198.51.100.0/24")}));
  auto wd = f.sink.elements(ElemType::Withdraw);
  ASSERT_EQ(wd.size(), 1u);
  EXPECT_TRUE(wd[0].parse_withdraw);
  EXPECT_EQ(wd[0].attrs, nullptr);
  EXPECT_EQ(f.s->stats().treat_as_withdraw, 1u);
  EXPECT_FALSE(f.s->done());  // RFC 7606: the session stays up
  EXPECT_EQ(f.s->status().prefixes_v4, 0u);
}

TEST(BgpSession, MalformedUpdateSendsNotificationAndEnds) {
  Fixture f;
  f.establish();
  f.feed(update({}, {}, {pfx("198.51.100.0/24")}));
  f.sent();
  // withdrawn routes length 200 in a 27-byte UPDATE
  auto u = update({}, {}, {pfx("203.0.113.0/24")});
  u[19] = 0, u[20] = 200;
  f.feed(u, kT0 + 5);
  auto n = f.notification();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, 3);
  EXPECT_EQ(n->subcode, 1);
  EXPECT_TRUE(f.s->done());
  EXPECT_TRUE(f.s->finished());
  const auto& r = f.s->close_reason();
  EXPECT_NE(r.find("rtr1"), std::string::npos) << r;
  EXPECT_NE(r.find("UPDATE at byte"), std::string::npos) << r;
  EXPECT_NE(r.find("3/1"), std::string::npos) << r;
  // the damage is an event, then the session goes down (its routes with it)
  ASSERT_GE(f.sink.events.size(), 3u);
  auto& dmg = f.sink.events[f.sink.events.size() - 2];
  EXPECT_EQ(dmg.kind, feed::EventKind::Damage);
  EXPECT_EQ(dmg.text, r);
  auto& down = f.sink.events.back();
  EXPECT_EQ(down.elem.type, ElemType::PeerState);
  EXPECT_EQ(down.elem.old_state, 6);
  EXPECT_EQ(down.ts, kT0 + 5);
  // later bytes are ignored
  f.feed(update({}, {}, {pfx("203.0.113.0/24")}));
  EXPECT_EQ(f.sink.elements(ElemType::Announce).size(), 1u);
}

TEST(BgpSession, BadNlriIsInvalidNetworkField) {
  Fixture f;
  f.establish();
  f.sent();
  auto u = update({}, {}, {pfx("198.51.100.0/24")});
  u[u.size() - 4] = 40;  // prefix length 40 for IPv4
  f.feed(u);
  auto n = f.notification();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, 3);
  EXPECT_EQ(n->subcode, 10);
  EXPECT_TRUE(f.sink.elements(ElemType::Announce).empty());
}

TEST(BgpSession, MaxPrefixesCeases) {
  PeerConfig p = peer();
  p.max_prefixes = 2;
  Fixture f(p);
  f.establish();
  f.sent();
  f.feed(update({}, {}, {pfx("198.51.100.0/24"), pfx("203.0.113.0/24")}));
  EXPECT_FALSE(f.s->done());
  f.feed(update({}, {}, {pfx("198.51.100.0/24")}));  // again: still 2
  EXPECT_FALSE(f.s->done());
  f.feed(update({}, {}, {pfx("192.0.2.0/24")}));
  EXPECT_TRUE(f.s->done());
  auto n = f.notification();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, 6);
  EXPECT_EQ(n->subcode, 1);
  EXPECT_EQ(n->data, (std::vector<uint8_t>{0, 1, 1, 0, 0, 0, 2}));
  EXPECT_NE(f.s->close_reason().find("more than 2 prefixes"), std::string::npos);
  EXPECT_EQ(f.sink.elements(ElemType::Announce).size(), 3u);  // the third one was never delivered
  EXPECT_EQ(f.sink.events.back().elem.type, ElemType::PeerState);
}

TEST(BgpSession, ClosedWithoutGracefulRestartGoesDown) {
  Fixture f;
  f.establish();
  f.feed(update({}, {}, {pfx("198.51.100.0/24")}));
  f.s->on_closed(kT0 + 7);
  EXPECT_TRUE(f.s->finished());
  auto st = f.sink.elements(ElemType::PeerState);
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[1].old_state, 6);
  EXPECT_EQ(st[1].new_state, 1);
  EXPECT_EQ(st[1].ts, kT0 + 7);
  EXPECT_NE(f.s->close_reason().find("closed by the peer in Established"), std::string::npos);
}

TEST(BgpSession, GracefulRestartKeepsRoutesThenSweeps) {
  Fixture f;
  PeerOpen o;
  o.gr = true;
  o.gr_time = 60;
  f.establish(o);
  f.feed(update({}, {}, {pfx("198.51.100.0/24"), pfx("203.0.113.0/24")}));
  size_t before = f.sink.events.size();
  f.s->on_closed(kT0 + 10);
  EXPECT_TRUE(f.s->done());
  EXPECT_FALSE(f.s->finished());
  EXPECT_EQ(f.sink.events.size(), before);  // nothing yet: the routes are kept
  EXPECT_EQ(f.s->status().stale, 2u);
  EXPECT_EQ(f.s->next_deadline(), kT0 + 70);
  f.s->on_timer(kT0 + 69);
  EXPECT_EQ(f.sink.events.size(), before);
  f.s->on_timer(kT0 + 70);
  EXPECT_TRUE(f.s->finished());
  ASSERT_EQ(f.sink.events.size(), before + 1);
  EXPECT_EQ(f.sink.events.back().elem.type, ElemType::PeerState);
  EXPECT_EQ(f.sink.events.back().elem.old_state, 6);
  EXPECT_EQ(f.s->stats().stale_swept, 2u);
}

TEST(BgpSession, GracefulRestartReconnectEndOfRibSweepsWhatWasNotRepeated) {
  Fixture f;
  PeerOpen o;
  o.gr = true;
  f.establish(o);
  f.feed(update({}, {}, {pfx("198.51.100.0/24"), pfx("203.0.113.0/24")}));
  f.s->on_closed(kT0 + 10);
  // the peer is back within its restart time
  BgpSession next(f.cfg, f.pc, f.sink, kT0 + 20);
  next.take_over(*f.s, kT0 + 20);
  EXPECT_TRUE(f.s->finished());
  o.gr_restarting = true;
  next.on_bytes(o.bytes(), kT0 + 20);
  next.on_bytes(keepalive(), kT0 + 20);
  EXPECT_EQ(next.status().state, FsmState::Established);
  EXPECT_EQ(next.status().stale, 2u);
  next.on_bytes(update({}, {}, {pfx("198.51.100.0/24")}), kT0 + 21);
  EXPECT_EQ(next.status().stale, 1u);
  std::vector<uint8_t> eor;
  bgp::encode_end_of_rib(bgp::Afi::Ipv4, 1, eor);
  next.on_bytes(eor, kT0 + 22);
  EXPECT_EQ(next.status().stale, 0u);
  EXPECT_EQ(next.status().prefixes_v4, 1u);
  EXPECT_EQ(next.stats().end_of_rib_in, 1u);
  auto wd = f.sink.elements(ElemType::Withdraw);
  ASSERT_EQ(wd.size(), 1u);
  EXPECT_EQ(wd[0].prefix.str(), "203.0.113.0/24");
  EXPECT_EQ(wd[0].ts, kT0 + 22);
  // never down: no PeerState with old state Established
  for (auto& e : f.sink.elements(ElemType::PeerState)) EXPECT_NE(e.old_state, 6);
  // one sequence across both connections
  for (size_t i = 0; i < f.sink.events.size(); ++i) EXPECT_EQ(f.sink.events[i].seq, i + 1);
  EXPECT_EQ(next.next_deadline(), kT0 + 20 + 30);  // keepalive only: no stale routes wait
}

TEST(BgpSession, GracefulRestartWithoutForwardingStateDropsStaleAtOnce) {
  Fixture f;
  PeerOpen o;
  o.gr = true;
  f.establish(o);
  f.feed(update({}, {}, {pfx("198.51.100.0/24")}));
  f.s->on_closed(kT0 + 10);
  BgpSession next(f.cfg, f.pc, f.sink, kT0 + 20);
  next.take_over(*f.s, kT0 + 20);
  o.gr_forwarding = false;
  next.on_bytes(o.bytes(), kT0 + 20);
  next.on_bytes(keepalive(), kT0 + 20);
  auto wd = f.sink.elements(ElemType::Withdraw);
  ASSERT_EQ(wd.size(), 1u);
  EXPECT_EQ(next.status().stale, 0u);
}

TEST(BgpSession, ReceivedNotificationEndsWithItsText) {
  Fixture f;
  f.establish();
  std::vector<uint8_t> n;
  std::string text = "maintenance";
  std::vector<uint8_t> data{static_cast<uint8_t>(text.size())};
  data.insert(data.end(), text.begin(), text.end());
  bgp::encode_notification({6, 2, data}, n);
  f.feed(n);
  EXPECT_TRUE(f.s->finished());
  EXPECT_NE(f.s->close_reason().find("received NOTIFICATION 6/2"), std::string::npos) << f.s->close_reason();
  EXPECT_NE(f.s->close_reason().find("maintenance"), std::string::npos);
  EXPECT_EQ(f.sink.events.back().elem.old_state, 6);
}

TEST(BgpSession, ExtendedMessagesWhenBothAgree) {
  std::vector<bgp::Prefix> many;
  for (uint32_t i = 0; i < 1500; ++i) many.push_back({bgp::IpAddr::v4(0x0a000000 + (i << 8)), 24, 0});
  auto big = update({}, {}, many);
  ASSERT_GT(big.size(), 4096u);
  {
    Fixture f;
    PeerOpen o;
    o.extended = true;
    f.establish(o);
    f.feed(big);
    EXPECT_FALSE(f.s->done()) << f.s->close_reason();
    EXPECT_EQ(f.s->status().prefixes_v4, 1500u);
  }
  {
    Fixture f;
    f.establish();  // the peer did not offer it
    f.sent();
    f.feed(big);
    auto n = f.notification();
    ASSERT_TRUE(n);
    EXPECT_EQ(n->code, 1);
    EXPECT_EQ(n->subcode, 2);
  }
}

TEST(BgpSession, RouteRefreshRequestAndEnhancedMarkers) {
  Fixture f;
  f.establish();
  f.sent();
  f.s->request_route_refresh();
  auto m = messages(f.s->take_output());
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].type, MsgType::RouteRefresh);
  EXPECT_EQ(m[0].route_refresh.afi, 1);
  EXPECT_EQ(m[1].route_refresh.afi, 2);
  // RFC 7313: Begin, re-advertisement, End sweeps what was not repeated
  f.feed(update({}, {}, {pfx("198.51.100.0/24"), pfx("203.0.113.0/24")}));
  std::vector<uint8_t> rr;
  bgp::encode_route_refresh({1, 1, 1}, rr);
  f.feed(rr);
  f.feed(update({}, {}, {pfx("203.0.113.0/24")}));
  rr.clear();
  bgp::encode_route_refresh({1, 2, 1}, rr);
  f.feed(rr);
  auto wd = f.sink.elements(ElemType::Withdraw);
  ASSERT_EQ(wd.size(), 1u);
  EXPECT_EQ(wd[0].prefix.str(), "198.51.100.0/24");
  EXPECT_FALSE(f.s->done());
}

TEST(BgpSession, ShutdownSendsCease) {
  Fixture f;
  f.establish();
  f.sent();
  f.s->shutdown(kT0 + 1, 3);
  f.out = f.s->take_output();
  auto n = f.notification();
  ASSERT_TRUE(n);
  EXPECT_EQ(n->code, 6);
  EXPECT_EQ(n->subcode, 3);
  EXPECT_TRUE(f.s->finished());
}

TEST(BgpSession, FindPeerByAddressIncludingMappedIpv4) {
  std::vector<PeerConfig> peers{peer(), peer()};
  peers[1].address = *bgp::IpAddr::parse("2001:db8::2");
  EXPECT_EQ(find_peer(peers, *bgp::IpAddr::parse("10.0.0.1")), &peers[0]);
  EXPECT_EQ(find_peer(peers, *bgp::IpAddr::parse("::ffff:10.0.0.1")), &peers[0]);
  EXPECT_EQ(find_peer(peers, *bgp::IpAddr::parse("2001:db8::2")), &peers[1]);
  EXPECT_EQ(find_peer(peers, *bgp::IpAddr::parse("10.0.0.2")), nullptr);
}

}  // namespace
}  // namespace dw::session
