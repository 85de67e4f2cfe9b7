// The encoders against the decoders: what encode.h writes, decode_message /
// decode_attributes read back field for field.
#include <gtest/gtest.h>

#include "bgp/encode.h"
#include "bgp/message.h"

using namespace dw::bgp;

namespace {

Attributes every_attribute() {
  Attributes a;
  a.origin = 2, a.set(AttrType::Origin);
  a.as_path.segs = {{SegType::Sequence, 3}, {SegType::Set, 2}};
  a.as_path.asns = {64500, 4200000001u, 23456, 10, 11};
  a.set(AttrType::AsPath);
  a.med = 77, a.set(AttrType::Med);
  a.local_pref = 300, a.set(AttrType::LocalPref);
  a.set(AttrType::AtomicAggregate);
  a.aggregator = {4200000002u, IpAddr::v4(0x0a000001)}, a.set(AttrType::Aggregator);
  a.communities = {0xfde80001, 0xffffff01}, a.set(AttrType::Communities);
  a.originator_id = IpAddr::v4(0x0a000002), a.set(AttrType::OriginatorId);
  a.cluster_list = {1, 2, 3}, a.set(AttrType::ClusterList);
  a.ext_communities = {{0, 2, 0xfd, 0xe8, 0, 0, 0, 1}}, a.set(AttrType::ExtCommunities);
  a.large_communities = {{4200000003u, 1, 2}}, a.set(AttrType::LargeCommunities);
  a.only_to_customer = 65001, a.set(AttrType::OnlyToCustomer);
  a.unknown = {{0xc0, 99, {1, 2, 3}}, {0xc0, 40, std::vector<uint8_t>(300, 7)}};  // one needs an extended length
  return a;
}

void expect_same(const Attributes& x, const Attributes& y) {
  EXPECT_EQ(x.origin, y.origin);
  EXPECT_EQ(x.as_path.str(), y.as_path.str());
  EXPECT_EQ(x.med, y.med);
  EXPECT_EQ(x.local_pref, y.local_pref);
  EXPECT_EQ(x.has(AttrType::AtomicAggregate), y.has(AttrType::AtomicAggregate));
  EXPECT_EQ(x.aggregator.asn, y.aggregator.asn);
  EXPECT_EQ(x.aggregator.ip, y.aggregator.ip);
  EXPECT_EQ(x.communities, y.communities);
  EXPECT_EQ(x.originator_id, y.originator_id);
  EXPECT_EQ(x.cluster_list, y.cluster_list);
  EXPECT_EQ(x.ext_communities, y.ext_communities);
  ASSERT_EQ(x.large_communities.size(), y.large_communities.size());
  EXPECT_EQ(x.large_communities[0].global, y.large_communities[0].global);
  EXPECT_EQ(x.only_to_customer, y.only_to_customer);
  ASSERT_EQ(x.unknown.size(), y.unknown.size());
}

}  // namespace

TEST(Encode, UpdateWithEveryAttributeDecodesToTheSame) {
  Attributes a = every_attribute();
  std::vector<uint8_t> attrs, msg;
  Writer aw{attrs};
  IpAddr nh = IpAddr::v4(0xc0000201);
  encode_path_attributes(a, aw, &nh);
  std::vector<Prefix> nlri = {*Prefix::parse("10.1.0.0/16"), *Prefix::parse("192.0.2.128/25")};
  std::vector<Prefix> wd = {*Prefix::parse("10.9.0.0/24")};
  Writer mw{msg};
  encode_update(mw, wd, attrs, nlri, false);
  Message m;
  ASSERT_TRUE(decode_message(msg, {.as4 = true}, m));
  ASSERT_EQ(m.type, MsgType::Update);
  EXPECT_EQ(m.update.attrs.outcome, Outcome::Ok);
  EXPECT_TRUE(m.update.attrs.warnings.empty());
  expect_same(a, m.update.attrs);
  EXPECT_EQ(m.update.attrs.next_hop, nh);
  EXPECT_EQ(m.update.nlri, nlri);
  EXPECT_EQ(m.update.withdrawn, wd);
  // the unknown attributes keep their type and value (sorted by type among the known ones)
  EXPECT_EQ(m.update.attrs.unknown[0].type, 40);
  EXPECT_EQ(m.update.attrs.unknown[0].value.size(), 300u);
  EXPECT_EQ(m.update.attrs.unknown[1].type, 99);
}

TEST(Encode, LongAsPathSplitsIntoSegmentsOf255) {
  Attributes a;
  a.as_path.segs = {{SegType::Sequence, 600}};
  for (uint32_t i = 0; i < 600; ++i) a.as_path.asns.push_back(100000 + i);
  a.set(AttrType::AsPath);
  std::vector<uint8_t> b;
  Writer w{b};
  encode_path_attributes(a, w);
  EXPECT_EQ(b[0] & 0x10, 0x10);  // extended length: 3 segments, 2406 bytes
  Attributes d;
  ASSERT_TRUE(decode_attributes(b, {.as4 = true}, d));
  EXPECT_EQ(d.as_path.asns, a.as_path.asns);
  EXPECT_EQ(d.as_path.path_length(), 600u);
  EXPECT_EQ(d.as_path.origin(), 100599u);
}

TEST(Encode, MpReachAndUnreachWithPathIds) {
  NextHop nh;
  nh.nh = *IpAddr::parse("2001:db8::1");
  nh.nh_local = *IpAddr::parse("fe80::1");
  nh.present = nh.link_local = true;
  Prefix p1 = *Prefix::parse("2001:db8:1::/48"), p2 = *Prefix::parse("2001:db8:2::/47");
  p1.path_id = 7, p2.path_id = 0x01020304;
  std::vector<uint8_t> attrs;
  Writer w{attrs};
  encode_mp_reach(w, Afi::Ipv6, 1, nh, std::vector<Prefix>{p1, p2}, true);
  encode_mp_unreach(w, Afi::Ipv6, 2, std::vector<Prefix>{p2}, true);
  Attributes d;
  ASSERT_TRUE(decode_attributes(attrs, {.as4 = true, .addpath = true}, d));
  EXPECT_EQ(d.mp_reach.nh_len, 32);
  EXPECT_EQ(d.mp_reach.next_hop, nh.nh);
  EXPECT_EQ(d.mp_reach.next_hop_local, nh.nh_local);
  EXPECT_EQ(d.mp_reach.nlri, (std::vector<Prefix>{p1, p2}));
  EXPECT_EQ(d.mp_unreach.safi, 2);
  EXPECT_EQ(d.mp_unreach.nlri, (std::vector<Prefix>{p2}));
  // next_hop_of gives back what was encoded
  auto back = next_hop_of(d, Afi::Ipv6);
  EXPECT_TRUE(back.present && back.link_local);
  EXPECT_EQ(back.nh, nh.nh);
}

TEST(Encode, AbbreviatedRibMpReach) {
  NextHop nh;
  nh.nh = *IpAddr::parse("2001:db8::9");
  nh.present = true;
  std::vector<uint8_t> b;
  Writer w{b};
  encode_mp_reach_rib(w, nh);
  EXPECT_EQ(b.size(), 3u + 1 + 16);
  Attributes d;
  ASSERT_TRUE(decode_attributes(b, {.as4 = true, .mrt_rib = true, .rib_afi = Afi::Ipv6}, d));
  EXPECT_EQ(d.mp_reach.next_hop, nh.nh);
  EXPECT_EQ(d.mp_reach.afi, Afi::Ipv6);
}
