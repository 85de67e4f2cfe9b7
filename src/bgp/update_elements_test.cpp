// An UPDATE as elements (bgp/update_elements.h) and RFC 7606's repeated
// attributes (3(g)), which decide how those elements come out.
#include <gtest/gtest.h>

#include <string>

#include "bgp/attributes.h"
#include "bgp/update_elements.h"

using namespace dw::bgp;
using Bytes = std::vector<uint8_t>;

namespace {

Prefix pfx(const char* text) {
  auto p = Prefix::parse(text);
  EXPECT_TRUE(p) << text;
  return *p;
}

struct Seen {
  ElemType type;
  std::string prefix;
  uint8_t safi;
  bool parse_withdraw;
  bool has_attrs;
};

std::vector<Seen> elements(const Update& u) {
  Element base;
  base.peer_ip = IpAddr::v4(0x0a000001);
  base.peer_as = 65010;
  base.ts = 1700000000;
  base.usec = 5;
  std::vector<Seen> out;
  for_each_update_element(u, base, [&](const Element& e) {
    EXPECT_EQ(e.peer_as, 65010u);
    EXPECT_EQ(e.ts, 1700000000u);
    EXPECT_EQ(e.usec, 5u);
    out.push_back({e.type, e.prefix.str(), e.safi, e.parse_withdraw, e.attrs != nullptr});
  });
  return out;
}

// withdrawn 10.0.0.0/8, NLRI 192.0.2.0/24, MP_UNREACH 2001:db8:1::/48 (SAFI
// unreach_safi), MP_REACH 2001:db8:2::/48 (SAFI reach_safi)
Update sample(uint8_t unreach_safi = 1, uint8_t reach_safi = 1) {
  Update u;
  u.withdrawn.push_back(pfx("10.0.0.0/8"));
  u.nlri.push_back(pfx("192.0.2.0/24"));
  u.attrs.set(AttrType::MpUnreach);
  u.attrs.mp_unreach.afi = Afi::Ipv6;
  u.attrs.mp_unreach.safi = unreach_safi;
  u.attrs.mp_unreach.nlri.push_back(pfx("2001:db8:1::/48"));
  u.attrs.set(AttrType::MpReach);
  u.attrs.mp_reach.afi = Afi::Ipv6;
  u.attrs.mp_reach.safi = reach_safi;
  u.attrs.mp_reach.nlri.push_back(pfx("2001:db8:2::/48"));
  u.attrs.set(AttrType::AsPath);
  u.attrs.as_path.segs.push_back({SegType::Sequence, 2});
  u.attrs.as_path.asns = {65010, 100};
  return u;
}

}  // namespace

TEST(UpdateElements, WithdrawalsThenAnnouncementsFromBothNlriAndMp) {
  auto got = elements(sample());
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].type, ElemType::Withdraw);
  EXPECT_EQ(got[0].prefix, "10.0.0.0/8");
  EXPECT_EQ(got[1].type, ElemType::Withdraw);
  EXPECT_EQ(got[1].prefix, "2001:db8:1::/48");
  EXPECT_FALSE(got[1].has_attrs);
  EXPECT_EQ(got[2].type, ElemType::Announce);
  EXPECT_EQ(got[2].prefix, "192.0.2.0/24");
  EXPECT_TRUE(got[2].has_attrs);
  EXPECT_EQ(got[3].type, ElemType::Announce);
  EXPECT_EQ(got[3].prefix, "2001:db8:2::/48");
  for (const auto& e : got) EXPECT_FALSE(e.parse_withdraw);
  for (const auto& e : got) EXPECT_EQ(e.safi, 1);
}

TEST(UpdateElements, MulticastMpRoutesCarryTheirSafi) {
  auto got = elements(sample(2, 2));
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].safi, 1);  // the IPv4 withdrawn-routes field is unicast
  EXPECT_EQ(got[1].safi, 2);
  EXPECT_EQ(got[2].safi, 1);
  EXPECT_EQ(got[3].safi, 2);
}

TEST(UpdateElements, TreatAsWithdrawTurnsAnnouncementsIntoParseWithdrawals) {
  for (auto o : {Outcome::TreatAsWithdraw, Outcome::SessionReset}) {
    auto u = sample();
    u.attrs.outcome = o;
    auto got = elements(u);
    ASSERT_EQ(got.size(), 4u);
    for (const auto& e : got) EXPECT_EQ(e.type, ElemType::Withdraw);
    // the peer's own withdrawals stay real ones
    EXPECT_FALSE(got[0].parse_withdraw);
    EXPECT_FALSE(got[1].parse_withdraw);
    EXPECT_TRUE(got[2].parse_withdraw);
    EXPECT_TRUE(got[3].parse_withdraw);
    EXPECT_FALSE(got[2].has_attrs);
    EXPECT_FALSE(got[3].has_attrs);
  }
}

TEST(UpdateElements, AttributeDiscardStillAnnounces) {
  auto u = sample();
  u.attrs.outcome = Outcome::AttributeDiscard;
  auto got = elements(u);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[2].type, ElemType::Announce);
  EXPECT_FALSE(got[2].parse_withdraw);
}

TEST(UpdateElements, OwningCopyOutlivesTheUpdate) {
  Element kept;
  {
    auto u = std::make_unique<Update>(sample());
    Element base;
    for_each_update_element(*u, base, [&](const Element& e) {
      EXPECT_FALSE(e.owned_attrs);  // the hot path allocates nothing
      if (e.type == ElemType::Announce && e.prefix.addr.is_v4()) kept = e.owning();
    });
    u->attrs.as_path.clear();  // the producer reuses its buffers
  }
  ASSERT_TRUE(kept.attrs);
  ASSERT_TRUE(kept.owned_attrs);
  EXPECT_EQ(kept.attrs, kept.owned_attrs.get());
  EXPECT_EQ(kept.attrs->as_path.str(), "65010 100");
  Element again = kept.owning();  // already owning: shared, not copied
  EXPECT_EQ(again.attrs, kept.attrs);
  Element none;
  EXPECT_FALSE(none.owning().owned_attrs);  // nothing to own
}

// RFC 7606 3(g)
namespace {
Bytes origin(uint8_t v) { return {0x40, 1, 1, v}; }
Bytes mp_unreach_v6() { return {0x80, 15, 3 + 7, 0, 2, 1, 48, 0x20, 0x01, 0x0d, 0xb8, 0, 1}; }
Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes b;
  for (const auto& p : parts) b.insert(b.end(), p.begin(), p.end());
  return b;
}
Attributes decode(const Bytes& b) {
  Attributes a;
  EXPECT_TRUE(decode_attributes(b, {}, a));
  return a;
}
}  // namespace

TEST(Rfc7606, RepeatedAttributeKeepsTheFirstAndIsReported) {
  auto a = decode(cat({origin(0), origin(2)}));
  EXPECT_EQ(a.origin, 0);
  EXPECT_EQ(a.outcome, Outcome::AttributeDiscard);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_NE(a.warnings[0].find("repeated attribute 1"), std::string::npos);
  // also when the first one was malformed: it is still the first
  auto b = decode(cat({{0x40, 1, 1, 7}, origin(2)}));
  EXPECT_FALSE(b.has(AttrType::Origin));
  EXPECT_EQ(b.outcome, Outcome::TreatAsWithdraw);
}

TEST(Rfc7606, RepeatedUnknownAttributeIsDiscardedToo) {
  Bytes unknown{0xc0, 99, 1, 42};
  auto a = decode(cat({unknown, unknown}));
  EXPECT_EQ(a.unknown.size(), 1u);
  EXPECT_EQ(a.outcome, Outcome::AttributeDiscard);
}

TEST(Rfc7606, RepeatedMpAttributeResetsTheSession) {
  auto a = decode(cat({mp_unreach_v6(), mp_unreach_v6()}));
  EXPECT_EQ(a.outcome, Outcome::SessionReset);
  EXPECT_EQ(a.mp_unreach.nlri.size(), 1u);
}
