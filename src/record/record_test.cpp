// The recorder and the MRT encoders behind it: real archives' elements
// encoded and decoded back unchanged (updates, state changes and RIB
// dumps, IPv4 and IPv6, ADD-PATH, 2- and 4-byte AS files), and the files the
// recorder cuts: names, boundaries, empty intervals, gaps, temporary names,
// restarts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mrt/decode.h"
#include "mrt/mrt_file.h"
#include "mrt/mrt_writer.h"
#include "record/recorder.h"

using namespace dw;
namespace fs = std::filesystem;

namespace {

std::string describe(const bgp::Element& e, bool with_time) {
  std::ostringstream o;
  o << static_cast<int>(e.type) << '|' << (with_time ? std::to_string(e.ts) + "." + std::to_string(e.usec) : "")
    << '|' << e.peer_ip.str() << '|' << e.peer_as << '|' << e.prefix.str() << '#' << e.prefix.path_id << '|'
    << int(bgp::is_unicast(e.safi) ? 1 : e.safi) << '|' << e.old_state << '>' << e.new_state;
  if (e.attrs) {
    const auto& a = *e.attrs;
    auto nh = bgp::next_hop_of(a, e.prefix.addr.afi);
    o << '|' << a.as_path.str() << '|' << int(a.origin) << '|' << nh.nh.str() << '/' << nh.nh_local.str() << '|'
      << a.has(bgp::AttrType::Med) << a.med << '|' << a.has(bgp::AttrType::LocalPref) << a.local_pref << '|'
      << a.has(bgp::AttrType::AtomicAggregate) << '|';
    if (a.has(bgp::AttrType::Aggregator)) o << a.aggregator.asn << ' ' << a.aggregator.ip.str();
    o << '|';
    for (auto c : a.communities) o << c << ',';
    o << '|';
    for (auto c : a.large_communities) o << c.global << ':' << c.local1 << ':' << c.local2 << ',';
    o << '|' << a.ext_communities.size() << '|' << a.cluster_list.size() << '|' << a.originator_id.str();
  }
  return o.str();
}

struct Read {
  std::vector<std::string> updates, rib;
  std::vector<bgp::Element> owned;  // update and state elements, owning their attributes
  std::vector<bgp::Element> rib_owned;
  size_t problems = 0;
};

Read read_file(const std::string& path) {
  Read r;
  mrt::MrtFile f(path, [&](const std::string&) { ++r.problems; });
  mrt::MrtRecord rec;
  while (f.next(rec))
    mrt::for_each_element(rec, f.peers(), [&](const bgp::Element& e) {
      if (e.parse_withdraw) ++r.problems;
      if (e.type == bgp::ElemType::Rib) {
        r.rib.push_back(describe(e, false));
        r.rib_owned.push_back(e.owning());
      } else {
        r.updates.push_back(describe(e, true));
        r.owned.push_back(e.owning());
      }
    });
  return r;
}

fs::path temp_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / ("dw_record_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

void write_file(const fs::path& p, const std::vector<uint8_t>& b) {
  std::ofstream o(p, std::ios::binary);
  o.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

}  // namespace

// Every element of real files, written again by the encoders, reads back the same.
class RealFileRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RealFileRoundTrip, ElementsSurviveEncoding) {
  std::string src = std::string(DW_TEST_DATA) + "/mrt/" + GetParam();
  Read orig = read_file(src);
  // (a fixture's own damage, such as pyasn's cut tail, is not compared: what decoded is)
  ASSERT_FALSE(orig.updates.empty() && orig.rib.empty());
  auto dir = temp_dir("rt");
  std::vector<uint8_t> out;
  mrt::UpdateEncoder enc(out);
  for (const auto& e : orig.owned) enc.add(e);
  enc.flush();
  record::RibTable table;
  for (const auto& e : orig.rib_owned) table.announce(e);
  table.write_dump(1419206400, "test", out, [] {});
  write_file(dir / "out.mrt", out);
  Read back = read_file((dir / "out.mrt").string());
  EXPECT_EQ(back.problems, 0u);
  EXPECT_EQ(back.updates, orig.updates);  // in order
  // a RIB dump comes out sorted by prefix, each route once
  auto sorted_unique = [](std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  EXPECT_EQ(sorted_unique(back.rib), sorted_unique(orig.rib));
  if (!orig.owned.empty()) EXPECT_GT(enc.messages(), 0u);
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, RealFileRoundTrip,
    ::testing::Values("ripe-bgpdump__test_data_updates.20020722.2238.gz",          // BGP4MP 2-byte AS, IPv4
                      "ripe-bgpdump__test_data_updates.20100722.2015.gz",          // MESSAGE_AS4, IPv6
                      "libbgpstream__test_ris.rrc06.updates.1427846400.gz",        // RIS 2015, v4 and v6
                      "mrtparse__samples_bird6_bgp",                               // ADD-PATH NLRI (BIRD)
                      "mrtparse__samples_quagga_bgp_large_communities",            // large communities
                      "darkwatch__as4_merge.mrt",                                  // AS4_PATH merged paths
                      "ripe-bgpdump__test_data_bview.ipv4_unicast_add_path.gz",    // RIB_IPV4_UNICAST_ADDPATH
                      "ripe-bgpdump__test_data_bview.ipv6_unicast_add_path.gz",    // RIB_IPV6_UNICAST_ADDPATH
                      "mrtparse__samples_openbgpd_rib_table-v2",                   // TABLE_DUMP_V2
                      "mrtparse__samples_bird6-mrtdump_rib",                       // IPv6 RIB
                      "mrtparse__samples_openbgpd_rib_table",                      // TABLE_DUMP v1
                      "ripe-bgpdump__test_data_bview.64k_stream_overflow.gz"));    // a RIB record over 64 KiB

TEST(UpdateEncoder, SharesOneUpdateAndSplitsAt4096Bytes) {
  bgp::Attributes a;
  a.origin = 0, a.set(bgp::AttrType::Origin);
  a.as_path.segs = {{bgp::SegType::Sequence, 2}};
  a.as_path.asns = {64500, 64501};
  a.set(bgp::AttrType::AsPath);
  a.next_hop = bgp::IpAddr::v4(0xc0000201), a.set(bgp::AttrType::NextHop);
  bgp::Element e;
  e.type = bgp::ElemType::Announce;
  e.ts = 1419206400;
  e.peer_ip = bgp::IpAddr::v4(0xc0000202);
  e.peer_as = 64500;
  e.attrs = &a;
  std::vector<uint8_t> out;
  mrt::UpdateEncoder enc(out);
  for (uint32_t i = 0; i < 3000; ++i) {  // 3000 /24s: 12000 NLRI bytes, so three messages
    e.prefix.addr = bgp::IpAddr::v4(0x0a000000 + (i << 8));
    e.prefix.len = 24;
    enc.add(e);
  }
  enc.flush();
  EXPECT_EQ(enc.messages(), 3u);
  // the next attribute set (another MED) starts another UPDATE
  a.med = 5, a.set(bgp::AttrType::Med);
  enc.add(e);
  enc.flush();
  EXPECT_EQ(enc.messages(), 4u);
  auto dir = temp_dir("split");
  write_file(dir / "u.mrt", out);
  Read back = read_file((dir / "u.mrt").string());
  EXPECT_EQ(back.problems, 0u);
  EXPECT_EQ(back.updates.size(), 3001u);
  // every record is within the classic limit
  size_t off = 0, records = 0;
  while (off + 12 <= out.size()) {
    uint32_t len = (uint32_t{out[off + 8]} << 24) | (uint32_t{out[off + 9]} << 16) | (uint32_t{out[off + 10]} << 8) |
                   out[off + 11];
    EXPECT_LE(len - 4 - 24, bgp::kClassicMessageLen);  // less the microseconds and the BGP4MP peer header
    off += 12 + len, ++records;
  }
  EXPECT_EQ(records, 4u);
  fs::remove_all(dir);
}

namespace {

struct Feed {
  record::Recorder& r;
  uint64_t seq = 0;
  bgp::Attributes attrs;
  Feed(record::Recorder& rec) : r(rec) {
    attrs.origin = 0, attrs.set(bgp::AttrType::Origin);
    attrs.as_path.segs = {{bgp::SegType::Sequence, 2}};
    attrs.as_path.asns = {64500, 131279};
    attrs.set(bgp::AttrType::AsPath);
    attrs.next_hop = bgp::IpAddr::v4(0xc0000201), attrs.set(bgp::AttrType::NextHop);
  }
  feed::RouteEvent ev(feed::EventKind k, uint32_t ts) {
    feed::RouteEvent e;
    e.kind = k;
    e.source = "rv-test";
    e.seq = ++seq;
    e.ts = ts;
    return e;
  }
  void kind(feed::EventKind k, uint32_t ts, bool initial = false, uint32_t until = 0) {
    auto e = ev(k, ts);
    e.initial = initial;
    e.until = until;
    r.on_event(e);
  }
  void elem(bgp::ElemType t, uint32_t ts, const char* prefix) {
    auto e = ev(feed::EventKind::Element, ts);
    e.elem.type = t;
    e.elem.ts = ts;
    e.elem.peer_ip = bgp::IpAddr::v4(0xc0000202);
    e.elem.peer_as = 64500;
    e.elem.prefix = *bgp::Prefix::parse(prefix);
    if (t != bgp::ElemType::Withdraw) e.elem.attrs = &attrs;
    r.on_event(e);
  }
};

std::vector<std::string> names(const fs::path& d) {
  std::vector<std::string> v;
  for (const auto& f : fs::directory_iterator(d)) v.push_back(f.path().filename().string());
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST(Recorder, CutsFilesByEventTimeWithEmptyIntervalsAndGapsAndRibs) {
  auto dir = temp_dir("layout");
  std::vector<std::string> log;
  const uint32_t t0 = 1419206400;  // 2014-12-22 00:00 UTC
  {
    record::Recorder rec({.dir = dir.string(), .log = [&](const std::string& m) { log.push_back(m); }});
    Feed f(rec);
    f.kind(feed::EventKind::RibBegin, t0, true);
    f.elem(bgp::ElemType::Rib, t0, "175.45.176.0/24");
    f.kind(feed::EventKind::RibEnd, t0, true);
    f.kind(feed::EventKind::Tick, t0);
    f.elem(bgp::ElemType::Announce, t0 + 10, "175.45.177.0/24");
    f.elem(bgp::ElemType::Withdraw, t0 + 905, "175.45.176.0/24");    // 00:15
    f.kind(feed::EventKind::Gap, t0 + 1800, false, t0 + 2700);       // 00:30 had no data
    f.kind(feed::EventKind::Tick, t0 + 2705);                        // 00:45
    f.elem(bgp::ElemType::Announce, t0 + 7201, "175.45.178.0/24");  // 02:00: 01:00-01:45 heard nothing
    ASSERT_TRUE(rec.flush());
    // the 02:00 file is still being written: only its temporary name exists
    auto u = names(dir / "rv-test" / "UPDATES");
    EXPECT_TRUE(std::count(u.begin(), u.end(), ".partial-updates-20141222-0200-bz2"));
    EXPECT_FALSE(std::count(u.begin(), u.end(), "updates.20141222.0200.bz2"));
    ASSERT_TRUE(rec.close());
    EXPECT_EQ(rec.stats().rib_dumps, 2u);
  }
  EXPECT_EQ(names(dir / "rv-test" / "UPDATES"),
            (std::vector<std::string>{"updates.20141222.0000.bz2", "updates.20141222.0015.bz2",
                                      "updates.20141222.0045.bz2", "updates.20141222.0100.bz2",
                                      "updates.20141222.0115.bz2", "updates.20141222.0130.bz2",
                                      "updates.20141222.0145.bz2", "updates.20141222.0200.bz2"}));
  EXPECT_EQ(names(dir / "rv-test" / "RIBS"),
            (std::vector<std::string>{"rib.20141222.0000.bz2", "rib.20141222.0200.bz2"}));
  auto p = dir / "rv-test";
  EXPECT_EQ(read_file((p / "UPDATES/updates.20141222.0000.bz2").string()).updates.size(), 1u);
  EXPECT_EQ(read_file((p / "UPDATES/updates.20141222.0015.bz2").string()).updates.size(), 1u);
  EXPECT_EQ(read_file((p / "UPDATES/updates.20141222.0100.bz2").string()).updates.size(), 0u);
  auto rib0 = read_file((p / "RIBS/rib.20141222.0000.bz2").string()).rib;
  ASSERT_EQ(rib0.size(), 1u);
  EXPECT_NE(rib0[0].find("175.45.176.0/24"), std::string::npos);
  // the 02:00 dump holds what was heard before 02:00: .176 withdrawn, .177 announced, not yet .178
  auto rib2 = read_file((p / "RIBS/rib.20141222.0200.bz2").string()).rib;
  ASSERT_EQ(rib2.size(), 1u);
  EXPECT_NE(rib2[0].find("175.45.177.0/24"), std::string::npos);
  EXPECT_TRUE(log.empty());
  fs::remove_all(dir);
}

TEST(Recorder, RestartKeepsFinishedFilesAndRemovesPartialOnes) {
  auto dir = temp_dir("restart");
  const uint32_t t0 = 1419206400;
  {
    record::Recorder rec({.dir = dir.string()});
    Feed f(rec);
    f.elem(bgp::ElemType::Announce, t0 + 10, "175.45.176.0/24");
    ASSERT_TRUE(rec.close());
  }
  auto upd = dir / "rv-test" / "UPDATES";
  std::ofstream(upd / ".partial-updates-20141222-0015-bz2") << "half a file";  // as a crash leaves it
  std::vector<std::string> log;
  {
    record::Recorder rec({.dir = dir.string(), .log = [&](const std::string& m) { log.push_back(m); }});
    Feed f(rec);
    f.elem(bgp::ElemType::Announce, t0 + 20, "175.45.177.0/24");  // the same interval again
    ASSERT_TRUE(rec.close());
  }
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("unfinished by an earlier run"), std::string::npos);
  EXPECT_EQ(names(upd), (std::vector<std::string>{"updates.20141222.0000.bz2"}));
  // both runs' announcements are in the one file: the first run's was not lost
  auto r = read_file((upd / "updates.20141222.0000.bz2").string());
  EXPECT_EQ(r.problems, 0u);
  ASSERT_EQ(r.updates.size(), 2u);
  EXPECT_NE(r.updates[0].find("175.45.176.0/24"), std::string::npos);
  EXPECT_NE(r.updates[1].find("175.45.177.0/24"), std::string::npos);
  fs::remove_all(dir);
}

TEST(RibTable, SessionDownDropsThePeersRoutesAndAttributesAreShared) {
  bgp::Attributes a;
  a.origin = 0, a.set(bgp::AttrType::Origin);
  a.next_hop = bgp::IpAddr::v4(1), a.set(bgp::AttrType::NextHop);
  record::RibTable t;
  bgp::Element e;
  e.type = bgp::ElemType::Announce;
  e.attrs = &a;
  for (uint32_t peer = 1; peer <= 2; ++peer)
    for (uint32_t i = 0; i < 100; ++i) {
      e.peer_ip = bgp::IpAddr::v4(peer);
      e.peer_as = 64500 + peer;
      e.prefix.addr = bgp::IpAddr::v4(0x0a000000 + (i << 8));
      e.prefix.len = 24;
      t.announce(e);
    }
  EXPECT_EQ(t.routes(), 200u);
  EXPECT_EQ(t.attribute_sets(), 1u);  // one set for all 200 routes
  t.drop_peer(bgp::IpAddr::v4(1), 64501);
  EXPECT_EQ(t.routes(), 100u);
  EXPECT_EQ(t.prefixes(), 100u);
  e.type = bgp::ElemType::Withdraw;
  t.withdraw(e);  // peer 2's last prefix
  EXPECT_EQ(t.routes(), 99u);
}

// A recorded stream's old times, then live ones (a BMP router's PeerDown at
// the wall clock after its 2014 table): a leap of years is a gap, not
// 400,000 empty 15-minute files and 50,000 dumps for the time between.
TEST(Recorder, ALeapOfTheClockIsAGapNotYearsOfFiles) {
  auto dir = temp_dir("leap");
  std::vector<std::string> log;
  const uint32_t t0 = 1419206400;                        // 2014-12-22 00:00 UTC
  const uint32_t live = t0 + 12 * 365 * 86400 + 3 * 60;  // 12 years on, 00:03 of its day
  {
    record::Recorder rec({.dir = dir.string(), .log = [&](const std::string& m) { log.push_back(m); }});
    Feed f(rec);
    f.elem(bgp::ElemType::Announce, t0 + 10, "175.45.176.0/24");
    f.elem(bgp::ElemType::Withdraw, live, "175.45.176.0/24");
    ASSERT_TRUE(rec.close());
    EXPECT_EQ(rec.stats().rib_dumps, 0u) << "no 2-hourly dump for the years between";
  }
  auto u = names(dir / "rv-test" / "UPDATES");
  ASSERT_EQ(u.size(), 2u) << "the old interval's file and the live one's";
  EXPECT_EQ(u[0], "updates.20141222.0000.bz2");
  EXPECT_EQ(read_file((dir / "rv-test" / "UPDATES" / u[1]).string()).updates.size(), 1u);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("jumped forward"), std::string::npos) << log[0];
  fs::remove_all(dir);
}
