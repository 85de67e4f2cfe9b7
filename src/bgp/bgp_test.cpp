// Unit tests for the BGP layer, built from the RFCs' encodings.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <random>

#include "bgp/attributes.h"
#include "bgp/element_filter.h"
#include "bgp/message.h"
#include "bgp/reader.h"
#include "bgp/time_text.h"

using namespace dw::bgp;
using Bytes = std::vector<uint8_t>;

static Attributes decode(const Bytes& b, DecodeContext ctx = {}) {
  Attributes a;
  EXPECT_TRUE(decode_attributes(b, ctx, a));
  return a;
}

TEST(Reader, SubCannotReadPastItsLength) {
  Bytes b{0, 3, 1, 2, 3, 4};
  Reader r(b);
  auto n = r.u16("len");
  ASSERT_TRUE(n);
  auto s = r.sub(2, "x");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->u16("a"));
  EXPECT_FALSE(s->u8("b"));
  EXPECT_EQ(r.remaining(), 2u);  // the parent moved past the child first
  auto bad = r.sub(5, "too long");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::Truncated);
  EXPECT_EQ(bad.error().offset, 4u);
  EXPECT_EQ(bad.error().need, 5u);
  EXPECT_EQ(bad.error().have, 2u);
}

TEST(Attributes, OriginAndMalformedOriginIsTreatAsWithdraw) {
  auto a = decode({0x40, 1, 1, 2});
  EXPECT_TRUE(a.has(AttrType::Origin));
  EXPECT_EQ(a.origin, 2);
  auto bad = decode({0x40, 1, 1, 7});  // RFC 7606 7.1
  EXPECT_EQ(bad.outcome, Outcome::TreatAsWithdraw);
  EXPECT_FALSE(bad.has(AttrType::Origin));
}

TEST(Attributes, AsPathTwoAndFourByteWithSet) {
  // AS_SEQUENCE 65000 3356, AS_SET {1,2}
  auto a = decode({0x40, 2, 12, 2, 2, 0xfd, 0xe8, 0x0d, 0x1c, 1, 2, 0, 1, 0, 2}, {.as4 = false});
  EXPECT_EQ(a.as_path.str(), "65000 3356 {1,2}");
  EXPECT_EQ(a.as_path.path_length(), 3u);
  EXPECT_EQ(a.as_path.origin(), 0u);  // a set ends the path: no single origin
  auto b = decode({0x50, 2, 0, 10, 2, 2, 0, 0, 0xfd, 0xe8, 0xfa, 0x56, 0xea, 0x00});
  EXPECT_EQ(b.as_path.str(), "65000 4200000000");
  EXPECT_EQ(b.as_path.origin(), 4200000000u);
  EXPECT_EQ(b.as_path.upstream(), 65000u);
}

TEST(Attributes, ConfederationSegments) {
  auto a = decode({0x40, 2, 12, 3, 1, 0, 0, 0, 1, 4, 1, 0, 0, 0, 2});
  EXPECT_EQ(a.as_path.str(), "(1) [2]");
  EXPECT_EQ(a.as_path.path_length(), 0u);
}

TEST(Attributes, UpstreamSkipsPrepending) {
  auto a = decode({0x40, 2, 18, 2, 4, 0, 0, 0, 7, 0, 0, 0x12, 0xe5, 0, 2, 0x00, 0x5f, 0, 2, 0x00, 0x5f});
  EXPECT_EQ(a.as_path.str(), "7 4837 131167 131167");
  EXPECT_EQ(a.as_path.origin(), 131167u);
  EXPECT_EQ(a.as_path.upstream(), 4837u);
}

TEST(Attributes, As4PathMergedAsRfc6793Says) {
  // 2-byte speaker: AS_PATH 100 23456 23456, AS4_PATH 196608 196609
  Bytes b{0x40, 2, 8, 2, 3, 0, 100, 0x5b, 0xa0, 0x5b, 0xa0,
          0xc0, 17, 10, 2, 2, 0, 3, 0, 0, 0, 3, 0, 1};
  auto a = decode(b, {.as4 = false});
  EXPECT_EQ(a.as_path.str(), "100 196608 196609");
  EXPECT_EQ(a.as4_path.str(), "196608 196609");
  // AS4_PATH longer than AS_PATH: ignored (RFC 6793 4.2.3)
  Bytes c{0x40, 2, 4, 2, 1, 0, 100, 0xc0, 17, 10, 2, 2, 0, 3, 0, 0, 0, 3, 0, 1};
  EXPECT_EQ(decode(c, {.as4 = false}).as_path.str(), "100");
  // AGGREGATOR (not AS_TRANS) without AS4_AGGREGATOR: the RFC's rule needs
  // both, so the path is still merged (as4_merge_test.cpp has every case)
  Bytes d = b;
  Bytes agg{0xc0, 7, 6, 0, 200, 10, 0, 0, 1};
  d.insert(d.end(), agg.begin(), agg.end());
  EXPECT_EQ(decode(d, {.as4 = false}).as_path.str(), "100 196608 196609");
}

TEST(Attributes, NextHopMedLocalPrefAtomicAggregator) {
  Bytes b{0x40, 3, 4, 192, 0, 2, 1, 0x80, 4, 4, 0, 0, 0, 5, 0x40, 5, 4, 0, 0, 0, 100, 0x40, 6, 0,
          0xc0, 7, 8, 0, 0, 0xfd, 0xe8, 10, 0, 0, 1};
  auto a = decode(b);
  EXPECT_EQ(a.next_hop.str(), "192.0.2.1");
  EXPECT_EQ(a.med, 5u);
  EXPECT_EQ(a.local_pref, 100u);
  EXPECT_TRUE(a.has(AttrType::AtomicAggregate));
  EXPECT_EQ(a.aggregator.asn, 65000u);
  EXPECT_EQ(a.aggregator.ip.str(), "10.0.0.1");
  EXPECT_EQ(a.outcome, Outcome::Ok);
}

TEST(Attributes, BadAggregatorIsDiscardedNotWithdrawn) {
  auto a = decode({0xc0, 7, 5, 0, 1, 2, 3, 4});
  EXPECT_EQ(a.outcome, Outcome::AttributeDiscard);  // RFC 7606 7.7
}

TEST(Attributes, CommunitiesExtendedLargeOriginatorClusterOtc) {
  Bytes b{0xc0, 8, 8, 0xfd, 0xe8, 0, 1, 0xff, 0xff, 0xff, 0x01,
          0xc0, 16, 8, 0, 2, 0xfd, 0xe8, 0, 0, 0, 1,
          0xc0, 32, 12, 0, 0, 0xfd, 0xe8, 0, 0, 0, 1, 0, 0, 0, 2,
          0x80, 9, 4, 1, 2, 3, 4, 0x80, 10, 8, 0, 0, 0, 1, 0, 0, 0, 2,
          0xc0, 35, 4, 0, 0, 0xfd, 0xe9};
  auto a = decode(b);
  ASSERT_EQ(a.communities.size(), 2u);
  EXPECT_EQ(a.communities[0], 0xfde80001u);
  EXPECT_EQ(a.ext_communities.size(), 1u);
  ASSERT_EQ(a.large_communities.size(), 1u);
  EXPECT_EQ(a.large_communities[0].local2, 2u);
  EXPECT_EQ(a.originator_id.str(), "1.2.3.4");
  EXPECT_EQ(a.cluster_list.size(), 2u);
  EXPECT_EQ(a.only_to_customer, 65001u);
  auto bad = decode({0xc0, 8, 3, 1, 2, 3});
  EXPECT_EQ(bad.outcome, Outcome::TreatAsWithdraw);
}

TEST(Attributes, MpReachFullAndAbbreviated) {
  // full form: AFI 2 SAFI 1, NH 2001:db8::1, 2001:db8::/32
  Bytes full{0x80, 14, 26, 0, 2, 1, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 32, 0x20, 1, 0x0d, 0xb8};
  auto a = decode(full);
  ASSERT_TRUE(a.has(AttrType::MpReach));
  EXPECT_EQ(a.mp_reach.next_hop.str(), "2001:db8::1");
  ASSERT_EQ(a.mp_reach.nlri.size(), 1u);
  EXPECT_EQ(a.mp_reach.nlri[0].str(), "2001:db8::/32");
  // RFC 6396 4.3.4 abbreviated form in a RIB entry: next-hop length + next hop
  Bytes abbr{0x80, 14, 17, 16, 0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  auto b = decode(abbr, {.mrt_rib = true, .rib_afi = Afi::Ipv6});
  EXPECT_EQ(b.mp_reach.next_hop.str(), "2001:db8::2");
  EXPECT_EQ(b.mp_reach.afi, Afi::Ipv6);
  // the same full form inside a RIB entry (FRR writes this) still decodes
  auto c = decode(full, {.mrt_rib = true, .rib_afi = Afi::Ipv6});
  EXPECT_EQ(c.mp_reach.nlri.size(), 1u);
}

TEST(Attributes, MpUnreachAndDamagedMpIsSessionReset) {
  auto a = decode({0x80, 15, 7, 0, 1, 1, 24, 10, 0, 0});
  ASSERT_EQ(a.mp_unreach.nlri.size(), 1u);
  EXPECT_EQ(a.mp_unreach.nlri[0].str(), "10.0.0.0/24");
  auto bad = decode({0x80, 15, 5, 0, 1, 1, 40, 10});
  EXPECT_EQ(bad.outcome, Outcome::SessionReset);
}

TEST(Attributes, UnknownKeptRawAndOverrunStops) {
  auto a = decode({0xc0, 99, 2, 0xab, 0xcd, 0x40, 1, 1, 0});
  ASSERT_EQ(a.unknown.size(), 1u);
  EXPECT_EQ(a.unknown[0].type, 99);
  EXPECT_EQ(a.unknown[0].value, (Bytes{0xab, 0xcd}));
  EXPECT_TRUE(a.has(AttrType::Origin));
  auto over = decode({0x40, 1, 9, 0});
  EXPECT_EQ(over.outcome, Outcome::TreatAsWithdraw);
}

TEST(Nlri, TrailingBitsAreMaskedAndAddPathGuessed) {
  std::vector<Prefix> out;
  ASSERT_TRUE(decode_nlri(Bytes{13, 11, 13}, Afi::Ipv4, false, out));
  EXPECT_EQ(out[0].str(), "11.8.0.0/13");
  out.clear();
  bool guessed = false;
  Bytes ap{0, 0, 0, 2, 24, 172, 17, 0};
  ASSERT_TRUE(decode_nlri(ap, Afi::Ipv4, false, out, 0, &guessed));
  EXPECT_TRUE(guessed);
  EXPECT_EQ(out[0].str(), "172.17.0.0/24");
  EXPECT_EQ(out[0].path_id, 2u);
  out.clear();
  EXPECT_FALSE(decode_nlri(Bytes{33, 1, 2, 3, 4, 5}, Afi::Ipv4, false, out));
}

TEST(Message, UpdateWithWithdrawAndNlri) {
  Bytes m(16, 0xff);
  Bytes body{0, 4, 24, 10, 1, 2, 0, 4, 0x40, 1, 1, 0, 16, 192, 168};
  uint16_t len = static_cast<uint16_t>(19 + body.size());
  m.push_back(static_cast<uint8_t>(len >> 8));
  m.push_back(static_cast<uint8_t>(len));
  m.push_back(2);
  m.insert(m.end(), body.begin(), body.end());
  Message msg;
  ASSERT_TRUE(decode_message(m, {}, msg));
  EXPECT_EQ(msg.type, MsgType::Update);
  ASSERT_EQ(msg.update.withdrawn.size(), 1u);
  EXPECT_EQ(msg.update.withdrawn[0].str(), "10.1.2.0/24");
  ASSERT_EQ(msg.update.nlri.size(), 1u);
  EXPECT_EQ(msg.update.nlri[0].str(), "192.168.0.0/16");
  m[3] = 0;  // broken marker
  EXPECT_FALSE(decode_message(m, {}, msg));
}

TEST(Message, OpenWithFourByteAsCapability) {
  Bytes m(16, 0xff);
  Bytes body{4, 0x5b, 0xa0, 0, 90, 10, 0, 0, 1, 8, 2, 6, 65, 4, 0, 3, 0, 1};
  m.push_back(0);
  m.push_back(static_cast<uint8_t>(19 + body.size()));
  m.push_back(1);
  m.insert(m.end(), body.begin(), body.end());
  Message msg;
  ASSERT_TRUE(decode_message(m, {}, msg));
  EXPECT_EQ(msg.open.asn, 196609u);
  EXPECT_EQ(msg.open.hold_time, 90);
}

TEST(Message, NotificationKeepaliveRouteRefresh) {
  for (auto [type, body] : {std::pair<int, Bytes>{3, {6, 2, 1}}, {4, {}}, {5, {0, 1, 0, 1}}}) {
    Bytes m(16, 0xff);
    m.push_back(0);
    m.push_back(static_cast<uint8_t>(19 + body.size()));
    m.push_back(static_cast<uint8_t>(type));
    m.insert(m.end(), body.begin(), body.end());
    Message msg;
    ASSERT_TRUE(decode_message(m, {}, msg));
    EXPECT_EQ(static_cast<int>(msg.type), type);
  }
}

TEST(IpAddr, FormatsLikeInetNtop) {
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    IpAddr a;
    a.afi = Afi::Ipv6;
    for (auto& x : a.b) x = (rng() % 3 == 0) ? static_cast<uint8_t>(rng()) : 0;
    if (i % 7 == 0) a.b[10] = a.b[11] = 0xff, std::fill(a.b.begin(), a.b.begin() + 10, 0);
    char want[64];
    inet_ntop(AF_INET6, a.b.data(), want, sizeof want);
    EXPECT_EQ(a.str(), want);
  }
  auto p = IpAddr::parse("2001:7f8:30:0:2:1:0:8447");
  char buf[64];
  EXPECT_EQ(std::string(buf, p->format(buf, true)), "2001:7f8:30::2:1:0:8447");
}

TEST(Prefix, ParseAndContains) {
  auto p = Prefix::parse("175.45.176.0/22");
  auto q = Prefix::parse("175.45.179.0/24");
  ASSERT_TRUE(p && q);
  EXPECT_TRUE(p->contains(*q));
  EXPECT_FALSE(q->contains(*p));
  EXPECT_FALSE(Prefix::parse("10.0.0.0/33"));
}

TEST(ElementFilter, PrefixOriginTypeTime) {
  ElementFilter f;
  f.prefix = Prefix::parse("10.0.0.0/8");
  f.more_specific = true;
  f.from = 100;
  auto in = *Prefix::parse("10.1.0.0/16");
  auto out = *Prefix::parse("11.0.0.0/8");
  EXPECT_TRUE(f.accept(ElemType::Announce, 100, {}, &in, nullptr));
  EXPECT_FALSE(f.accept(ElemType::Announce, 99, {}, &in, nullptr));
  EXPECT_FALSE(f.accept(ElemType::Announce, 100, {}, &out, nullptr));
  f.types = 1 << static_cast<int>(ElemType::Withdraw);
  EXPECT_FALSE(f.accept(ElemType::Announce, 100, {}, &in, nullptr));
}

TEST(TimeText, RoundTrip) {
  EXPECT_EQ(iso8601(1419264900), "2014-12-22T16:15:00Z");
  EXPECT_EQ(parse_time("2014-12-22T16:15:00Z"), 1419264900);
  EXPECT_EQ(parse_time("2014-12-22 16:15"), 1419264900);
  EXPECT_EQ(parse_time("1419264900"), 1419264900);
  EXPECT_FALSE(parse_time("yesterday"));
}

TEST(Robustness, RandomBytesNeverCrash) {
  std::mt19937 rng(42);
  for (int i = 0; i < 20000; ++i) {
    Bytes b(rng() % 64);
    for (auto& x : b) x = static_cast<uint8_t>(rng());
    Attributes a;
    (void)decode_attributes(b, {.as4 = (i & 1) != 0, .addpath = (i & 2) != 0, .mrt_rib = (i & 4) != 0}, a);
    Update u;
    (void)decode_update_body(b, {}, u);
  }
  SUCCEED();
}
