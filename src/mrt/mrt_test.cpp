// MRT layer tests on real files (tests/data, copied from ../shared with provenance).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "mrt/body_lengths.h"
#include "mrt/bgpdump_format.h"
#include "mrt/mrt_file.h"

using namespace dw;
using namespace dw::mrt;

static const std::string kData = DW_TEST_DATA;

struct Summary {
  uint64_t rib = 0, announce = 0, withdraw = 0, state = 0, parse_withdraw = 0;
  std::vector<std::string> problems;
  ReadStats stats;
};

static Summary read_all(const std::string& path) {
  Summary s;
  MrtFile f(path, [&](const std::string& m) { s.problems.push_back(m); });
  MrtRecord rec;
  while (f.next(rec)) {
    for_each_element(rec, f.peers(), [&](const bgp::Element& e) {
      switch (e.type) {
        case bgp::ElemType::Rib: ++s.rib; break;
        case bgp::ElemType::Announce: ++s.announce; break;
        case bgp::ElemType::Withdraw: ++s.withdraw, s.parse_withdraw += e.parse_withdraw; break;
        case bgp::ElemType::PeerState: ++s.state; break;
      }
    });
  }
  s.stats = f.stats();
  return s;
}

TEST(Compression, SniffedByMagicNotName) {
  EXPECT_EQ(sniff_compression(std::vector<uint8_t>{0x1f, 0x8b, 8}), Compression::Gzip);
  EXPECT_EQ(sniff_compression(std::vector<uint8_t>{'B', 'Z', 'h', '9'}), Compression::Bzip2);
  EXPECT_EQ(sniff_compression(std::vector<uint8_t>{0xfd, '7', 'z', 'X', 'Z', 0}), Compression::Xz);
  EXPECT_EQ(sniff_compression(std::vector<uint8_t>{0x28, 0xb5, 0x2f, 0xfd}), Compression::Zstd);
  EXPECT_EQ(sniff_compression(std::vector<uint8_t>{0, 0, 0, 1}), Compression::None);
}

TEST(MrtFile, SameElementsFromGzipAndZstd) {
  auto a = read_all(kData + "/mrt/ripe-bgpdump__test_data_updates.20020722.2238.gz");
  auto b = read_all(kData + "/mrt/ripe-bgpdump__test_data_updates.20020722.2238.zst");
  EXPECT_GT(a.announce + a.withdraw, 3000u);
  EXPECT_EQ(a.announce, b.announce);
  EXPECT_EQ(a.withdraw, b.withdraw);
  EXPECT_TRUE(a.problems.empty());
}

TEST(MrtFile, LabRibsFromThreeWriters) {
  // 11,000 prefixes announced by exabgp; the second dumps lack AS64605's 275.
  for (auto w : {"gobgp__rib.20261122.102212.mrt.xz", "frr__rib.20261122.102300.mrt.xz"}) {
    auto s = read_all(kData + "/lab/" + w);
    EXPECT_EQ(s.rib, 11000u) << w;
    EXPECT_TRUE(s.problems.empty()) << w;
  }
  auto after = read_all(kData + "/lab/gobgp__rib.20261122.102312.mrt.xz");
  EXPECT_EQ(after.rib, 11000u - 275u);
  auto bird = read_all(kData + "/lab/bird__rib4.20261122.102314.mrt.xz");
  EXPECT_EQ(bird.rib, 10000u);
}

TEST(MrtFile, LabUpdatesWithdrawAndRestore) {
  auto s = read_all(kData + "/lab/frr__updates.20261122.102212.mrt.xz");
  EXPECT_EQ(s.withdraw, 275u);
  EXPECT_EQ(s.announce, 11000u + 275u);
  auto bird = read_all(kData + "/lab/bird__bgp4mp.mrt.xz");
  EXPECT_GT(bird.state, 0u);
}

TEST(MrtFile, DamagedBoundariesAreReportedAndReadingGoesOn) {
  auto s = read_all(kData + "/mrt/bgpkit-parser__tests_fixtures_ripe_rrc00_2000.03_updates.20000325.0345.gz");
  EXPECT_GT(s.announce, 1000u);  // the rest of the file still decodes
}

TEST(MrtFile, ZebraShortRecordsDecode) {
  auto s = read_all(kData + "/mrt/bgpkit-parser__tests_fixtures_ripe_rrc01_2000.11_updates.20001104.0124.gz");
  EXPECT_TRUE(s.problems.empty());
  EXPECT_GT(s.state, 40u);
}

TEST(MrtFile, TruncatedTailIsReportedWithOffset) {
  std::ifstream in(kData + "/mrt/mrtparse__samples_quagga_rib", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::string path = ::testing::TempDir() + "/cut.mrt";
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 10);
  auto s = read_all(path);
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_NE(s.problems[0].find("truncated record"), std::string::npos) << s.problems[0];
  EXPECT_NE(s.problems[0].find("cut.mrt: byte "), std::string::npos);
  EXPECT_EQ(s.stats.frame_errors, 1u);
  EXPECT_GT(s.rib, 0u);
}

TEST(MrtFile, ImpossibleLengthResynchronises) {
  std::ifstream in(kData + "/mrt/mrtparse__samples_quagga_bgp", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  auto clean = read_all(kData + "/mrt/mrtparse__samples_quagga_bgp");
  std::string bad = bytes;
  bad[8] = '\x7f';  // first record's length becomes ~2 GB
  std::string path = ::testing::TempDir() + "/resync.mrt";
  std::ofstream(path, std::ios::binary) << bad;
  auto s = read_all(path);
  ASSERT_FALSE(s.problems.empty());
  EXPECT_NE(s.problems[0].find("impossible"), std::string::npos);
  EXPECT_GE(s.state + s.announce + s.withdraw + 2, clean.state + clean.announce + clean.withdraw - 2);
}

TEST(MrtFile, MissingFileThrowsAtTheEdge) {
  EXPECT_THROW(MrtFile("/nonexistent/file.mrt", nullptr), std::runtime_error);
}

TEST(BgpdumpFormat, AddPathRibLine) {
  MrtFile f(kData + "/mrt/ripe-bgpdump__test_data_bview.ipv6_unicast_add_path.gz", nullptr);
  MrtRecord rec;
  std::string out;
  while (f.next(rec)) format_bgpdump(rec, f.peers(), out);
  EXPECT_EQ(out.rfind("TABLE_DUMP2_AP|", 0), 0u);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 62);
}

TEST(RandomBytes, DecoderNeverCrashes) {
  std::mt19937 rng(1);
  MrtDecoder d;
  MrtRecord rec;
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> body(rng() % 200);
    for (auto& x : body) x = static_cast<uint8_t>(rng());
    RawRecord raw;
    static const uint16_t types[] = {5, 12, 13, 16, 17};
    raw.type = types[rng() % 5];
    raw.subtype = static_cast<uint16_t>(rng() % 13);
    raw.body = body;
    (void)d.decode(raw, rec);
  }
  SUCCEED();
}

// gzip streams that are not whole: several members, cut short, damaged.
namespace {
std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
std::string write_tmp(const std::string& name, const std::string& bytes) {
  std::string p = "/tmp/dw-gz-" + std::to_string(getpid()) + "-" + name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}
}  // namespace

TEST(Gzip, MembersConcatenatedAreAllRead) {
  std::string f = kData + "/mrt/ripe-bgpdump__test_data_updates.20020722.2238.gz";
  auto one = read_all(f);
  std::string gz = slurp(f);
  auto p = write_tmp("two.gz", gz + gz);
  auto two = read_all(p);
  EXPECT_EQ(two.announce, 2 * one.announce);
  EXPECT_EQ(two.withdraw, 2 * one.withdraw);
  EXPECT_FALSE(two.stats.stream_error);
  unlink(p.c_str());
}

TEST(Gzip, TruncatedStreamIsReportedAfterWhatCouldBeRead) {
  std::string gz = slurp(kData + "/mrt/ripe-bgpdump__test_data_updates.20020722.2238.gz");
  auto p = write_tmp("cut.gz", gz.substr(0, gz.size() / 2));
  auto s = read_all(p);
  EXPECT_TRUE(s.stats.stream_error);
  EXPECT_GT(s.announce + s.withdraw, 0u) << "the first half still decodes";
  bool told = false;
  for (const auto& m : s.problems) told = told || m.find("gzip stream truncated") != std::string::npos;
  EXPECT_TRUE(told);
  unlink(p.c_str());
}

TEST(Gzip, DamagedStreamIsReported) {
  std::string gz = slurp(kData + "/mrt/ripe-bgpdump__test_data_updates.20020722.2238.gz");
  for (size_t i = gz.size() / 3; i < gz.size() / 3 + 64; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  auto p = write_tmp("bad.gz", gz);
  auto s = read_all(p);
  EXPECT_TRUE(s.stats.stream_error);
  bool told = false;
  for (const auto& m : s.problems) told = told || m.find("decompression failed") != std::string::npos;
  EXPECT_TRUE(told);
  unlink(p.c_str());
}

// Every record of the bundled clean files has inner lengths that account for
// its body; a body one byte short, or carrying a swallowed successor, does not.
TEST(BodyLengths, AgreeOnRealRecordsAndNotOnDamagedOnes) {
  size_t agreed = 0, checked = 0;
  for (const char* name : {"ripe-bgpdump__test_data_updates.20100722.2015.gz", "mrtparse__samples_quagga_rib",
                           "mrtparse__samples_openbgpd_rib_table", "ripe-bgpdump__test_data_bview.ipv4_unicast_add_path.gz",
                           "mrtparse__samples_bird6_bgp"}) {
    Input in(kData + "/mrt/" + name);
    RecordReader rr(in);
    while (auto raw = rr.next()) {
      if (raw->type == 13 && raw->subtype == 1) continue;
      ++checked;
      agreed += body_lengths_agree(*raw);
      std::vector<uint8_t> body(raw->body.begin(), raw->body.end());
      RawRecord bad = *raw;
      if (raw->type == 16 || raw->type == 17 || raw->type == 13 || raw->type == 12) {
        body.insert(body.end(), {0, 0, 0, 1, 0, 16, 0, 4});  // a successor's head, swallowed
        bad.body = body;
        EXPECT_FALSE(body_lengths_agree(bad)) << name << " at " << raw->offset;
        bad.body = raw->body.first(raw->body.size() - 1);
        EXPECT_FALSE(body_lengths_agree(bad)) << name << " at " << raw->offset;
      }
    }
  }
  EXPECT_GT(checked, 1000u);
  EXPECT_EQ(agreed, checked);
}

static std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

static std::string temp_file(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// The offsets of the records of an undamaged file.
static std::vector<size_t> record_offsets(const std::string& b) {
  std::vector<size_t> at;
  for (size_t p = 0; p + 12 <= b.size();) {
    at.push_back(p);
    auto u = [&](size_t i) { return static_cast<uint8_t>(b[p + i]); };
    p += 12 + ((size_t{u(8)} << 24) | (size_t{u(9)} << 16) | (size_t{u(10)} << 8) | u(11));
  }
  return at;
}

TEST(Framing, AHeaderOfLengthOneLosesOnlyItself) {
  // a copy of a real header with length 1 and no body: the stream after it is
  // one byte off, and before the fix the file ended there ("impossible length")
  std::string b = file_bytes(kData + "/mrt/mrtparse__samples_quagga_bgp");
  auto clean = read_all(kData + "/mrt/mrtparse__samples_quagga_bgp");
  size_t at = record_offsets(b)[3];
  std::string bad = b.substr(0, at) + b.substr(at, 8) + std::string("\0\0\0\1", 4) + b.substr(at);
  auto s = read_all(temp_file("shift.mrt", bad));
  EXPECT_EQ(s.announce, clean.announce);
  EXPECT_EQ(s.withdraw, clean.withdraw);
  EXPECT_EQ(s.state, clean.state);
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_NE(s.problems[0].find("framing resumes at byte " + std::to_string(at + 12)), std::string::npos)
      << s.problems[0];
}

TEST(Framing, ARecordWhoseLengthAgreesIsNotSearchedForFalseHeaders) {
  // damage inside one RIB record's body (every byte after its first entry
  // flipped) must cost that record at most, never a jump to a false header
  std::string rib = kData + "/scenarios/kp-2014-small/route-views2/RIBS/rib.20141222.0000.bz2";
  std::string b;
  {
    Input in(rib);
    for (auto w = in.peek(1 << 20); !w.empty(); w = in.peek(1 << 20)) {
      b.append(w.begin(), w.end());
      in.consume(w.size());
    }
  }
  auto clean = read_all(rib);
  auto at = record_offsets(b);
  ASSERT_GT(at.size(), 2000u);
  for (size_t k = 2; k + 1 < at.size(); k += 97) {
    std::string bad = b;
    for (size_t i = at[k] + 12 + 8; i < at[k + 1]; ++i) bad[i] = static_cast<char>(~bad[i]);
    auto s = read_all(temp_file("body.mrt", bad));
    EXPECT_GE(s.rib + 7, clean.rib) << "record " << k;  // the record's own entries (7 peers) at most
    EXPECT_EQ(s.stats.frame_errors, 0u) << "record " << k;
  }
}

TEST(Framing, RunsOfAnUndecodedTypeAreCountedNotLost) {
  auto s = read_all(temp_file("zeros.mrt", std::string(12 * 1000, '\0')));
  EXPECT_EQ(s.stats.records, 1000u);
  EXPECT_EQ(s.stats.skipped, 1000u);
  EXPECT_EQ((s.stats.skipped_types[{0, 0}]), 1000u);
  EXPECT_NE(describe(s.stats).find("1000 of type 0/0"), std::string::npos) << describe(s.stats);
  auto e = read_all(temp_file("empty.mrt", ""));
  EXPECT_EQ(e.stats.files_empty, 1u);
  EXPECT_EQ(e.stats.files_incomplete, 1u);  // no bytes: not what a collector publishes
  ASSERT_EQ(e.problems.size(), 1u);
  EXPECT_NE(e.problems[0].find("no records"), std::string::npos);
}

TEST(RibEntries, ABadPeerIndexLosesItsEntryOnly) {
  std::string b = file_bytes(kData + "/mrt/mrtparse__samples_quagga_rib");
  auto clean = read_all(kData + "/mrt/mrtparse__samples_quagga_rib");
  // the first RIB_IPV4_UNICAST record: its first entry's peer index to 0xffff
  for (size_t at : record_offsets(b)) {
    if (b[at + 5] != 13 || b[at + 7] != 2) continue;
    size_t p = at + 12 + 4;
    p += 1 + (static_cast<uint8_t>(b[p]) + 7u) / 8 + 2;
    b[p] = b[p + 1] = '\xff';
    break;
  }
  auto s = read_all(temp_file("peer.mrt", b));
  EXPECT_EQ(s.rib + 1, clean.rib);
  EXPECT_EQ(s.stats.dropped_entries, 1u);
  EXPECT_EQ(s.stats.damaged, 1u);
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_NE(s.problems[0].find("peer index 65535"), std::string::npos) << s.problems[0];
}
