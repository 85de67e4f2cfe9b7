// RFC 6793 4.2.3: AS_PATH + AS4_PATH and AGGREGATOR + AS4_AGGREGATOR from a
// 2-byte speaker, one test per case the section distinguishes.
#include <gtest/gtest.h>

#include <initializer_list>
#include <utility>

#include "bgp/attributes.h"

using namespace dw::bgp;
using Bytes = std::vector<uint8_t>;

namespace {

constexpr uint32_t kAsTrans = 23456;
using Segs = std::vector<std::pair<uint8_t, std::vector<uint32_t>>>;

void put(Bytes& b, uint32_t v, int width) {
  for (int i = width - 1; i >= 0; --i) b.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void attr(Bytes& out, uint8_t type, const Bytes& value) {
  out.push_back(0xc0);
  out.push_back(type);
  out.push_back(static_cast<uint8_t>(value.size()));
  out.insert(out.end(), value.begin(), value.end());
}

Bytes path(const Segs& segs, int width) {
  Bytes b;
  for (const auto& [type, asns] : segs) {
    b.push_back(type);
    b.push_back(static_cast<uint8_t>(asns.size()));
    for (uint32_t a : asns) put(b, a, width);
  }
  return b;
}

Bytes aggregator(uint32_t asn, int width, uint8_t last_octet) {
  Bytes b;
  put(b, asn, width);
  for (uint8_t x : {198, 51, 100}) b.push_back(x);
  b.push_back(last_octet);
  return b;
}

struct Msg {
  Segs as_path, as4_path;
  uint32_t agg = 0, agg4 = 0;  // 0: absent
};

Attributes decode2(const Msg& m) {
  Bytes b;
  attr(b, 2, path(m.as_path, 2));
  if (m.agg) attr(b, 7, aggregator(m.agg, 2, 1));
  if (!m.as4_path.empty()) attr(b, 17, path(m.as4_path, 4));
  if (m.agg4) attr(b, 18, aggregator(m.agg4, 4, 2));
  Attributes a;
  EXPECT_TRUE(decode_attributes(b, {.as4 = false}, a));
  return a;
}

constexpr uint8_t SET = 1, SEQ = 2, CSEQ = 3, CSET = 4;

}  // namespace

TEST(As4Merge, NoAggregatorMergesThePath) {
  auto a = decode2({{{SEQ, {100, kAsTrans, 300}}}, {{SEQ, {200000, 300}}}});
  EXPECT_EQ(a.as_path.str(), "100 200000 300");
  EXPECT_EQ(a.as_path.origin(), 300u);
  EXPECT_EQ(a.as_path.upstream(), 200000u);
  EXPECT_EQ(a.outcome, Outcome::Ok);
}

TEST(As4Merge, AggregatorAloneDoesNotStopTheMerge) {
  // the "ignore AS4_*" rule is for AGGREGATOR and AS4_AGGREGATOR received together
  auto a = decode2({{{SEQ, {100, kAsTrans, 300}}}, {{SEQ, {200000, 300}}}, 300});
  EXPECT_EQ(a.as_path.str(), "100 200000 300");
  EXPECT_EQ(a.aggregator.asn, 300u);
  EXPECT_EQ(a.aggregator.ip.str(), "198.51.100.1");
}

TEST(As4Merge, BothAggregatorsAndRealAsIgnoreAs4Attributes) {
  auto a = decode2({{{SEQ, {100, kAsTrans, 300}}}, {{SEQ, {200000, 300}}}, 300, 300000});
  EXPECT_EQ(a.as_path.str(), "100 23456 300");
  EXPECT_EQ(a.aggregator.asn, 300u);
  EXPECT_EQ(a.aggregator.ip.str(), "198.51.100.1");
}

TEST(As4Merge, AsTransAggregatorTakesAs4Aggregator) {
  auto a = decode2({{{SEQ, {100, kAsTrans, kAsTrans}}}, {{SEQ, {200000, 300000}}}, kAsTrans, 300000});
  EXPECT_EQ(a.as_path.str(), "100 200000 300000");
  EXPECT_EQ(a.aggregator.asn, 300000u);
  EXPECT_EQ(a.aggregator.ip.str(), "198.51.100.2");
}

TEST(As4Merge, AsTransAggregatorAloneStaysAndPathMerges) {
  auto a = decode2({{{SEQ, {100, kAsTrans}}}, {{SEQ, {200000}}}, kAsTrans});
  EXPECT_EQ(a.as_path.str(), "100 200000");
  EXPECT_EQ(a.aggregator.asn, kAsTrans);
}

TEST(As4Merge, As4AggregatorAloneReplacesNothing) {
  auto a = decode2({{{SEQ, {100, kAsTrans}}}, {{SEQ, {200000}}}, 0, 300000});
  EXPECT_EQ(a.as_path.str(), "100 200000");
  EXPECT_FALSE(a.has(AttrType::Aggregator));
  EXPECT_EQ(a.aggregator.asn, 0u);
  EXPECT_EQ(a.as4_aggregator.asn, 300000u);  // kept as received
}

TEST(As4Merge, LongerAs4PathIsIgnored) {
  auto a = decode2({{{SEQ, {100, kAsTrans}}}, {{SEQ, {400000, 200000, 300}}}});
  EXPECT_EQ(a.as_path.str(), "100 23456");
}

TEST(As4Merge, EqualLengthReplacesTheWholePath) {
  auto a = decode2({{{SEQ, {kAsTrans, 300}}}, {{SEQ, {200000, 300}}}});
  EXPECT_EQ(a.as_path.str(), "200000 300");
}

TEST(As4Merge, SetCountsOne) {
  auto a = decode2({{{SEQ, {100}}, {SET, {kAsTrans, 200}}, {SEQ, {300}}}, {{SET, {200000, 200}}, {SEQ, {300}}}});
  EXPECT_EQ(a.as_path.str(), "100 {200000,200} 300");
  // a set in the kept part, then a sequence cut short (bgpdump repeats the set)
  auto b = decode2({{{SET, {10, 11}}, {SEQ, {100, kAsTrans, 300}}}, {{SEQ, {200000, 300}}}});
  EXPECT_EQ(b.as_path.str(), "{10,11} 100 200000 300");
}

TEST(As4Merge, ConfederationSegmentsCountZeroAndAreKeptWhenLeadingOrAdjacent) {
  auto a = decode2({{{CSEQ, {65001, 65002}}, {SEQ, {100, kAsTrans, 300}}}, {{SEQ, {200000, 300}}}});
  EXPECT_EQ(a.as_path.str(), "(65001 65002) 100 200000 300");
  auto b = decode2({{{SEQ, {100}}, {CSET, {65001, 65002}}, {SEQ, {kAsTrans, 300}}}, {{SEQ, {200000, 300}}}});
  EXPECT_EQ(b.as_path.str(), "100 [65001,65002] 200000 300");
  // leading, with nothing else to keep
  auto c = decode2({{{CSEQ, {65001}}, {SEQ, {kAsTrans, 300}}}, {{SEQ, {200000, 300}}}});
  EXPECT_EQ(c.as_path.str(), "(65001) 200000 300");
}

TEST(As4Merge, ConfederationSegmentsInAs4PathAreDiscarded) {
  auto a = decode2({{{SEQ, {100, kAsTrans, 300}}}, {{CSEQ, {65001}}, {SEQ, {200000, 300}}}});
  EXPECT_EQ(a.as_path.str(), "100 200000 300");
  EXPECT_EQ(a.outcome, Outcome::AttributeDiscard);
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_NE(a.warnings[0].find("confederation"), std::string::npos);
}

TEST(As4Merge, FourByteSessionsIgnoreAs4Attributes) {
  Bytes b;
  attr(b, 2, path({{SEQ, {100, kAsTrans}}}, 4));
  attr(b, 17, path({{SEQ, {200000}}}, 4));
  Attributes a;
  ASSERT_TRUE(decode_attributes(b, {.as4 = true}, a));
  EXPECT_EQ(a.as_path.str(), "100 23456");
}
