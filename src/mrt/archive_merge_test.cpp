// Several collectors, two layouts, merged into one stream in time order, with
// RIB dumps placed where they fall and a missing update file reported as a gap.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mrt/archive_merge.h"

using namespace dw;
namespace fs = std::filesystem;

namespace {

void put16(std::string& s, uint16_t v) { s += static_cast<char>(v >> 8), s += static_cast<char>(v & 0xff); }
void put32(std::string& s, uint32_t v) { put16(s, static_cast<uint16_t>(v >> 16)), put16(s, static_cast<uint16_t>(v)); }

// A BGP4MP STATE_CHANGE record (RFC 6396 4.4.1): the smallest real record.
std::string state_change(uint32_t ts, uint8_t peer_last_octet) {
  std::string body;
  put16(body, 64500), put16(body, 6447), put16(body, 0), put16(body, 1);
  put32(body, 0xc0000200u | peer_last_octet), put32(body, 0xc0000201u);
  put16(body, 6), put16(body, 1);
  std::string r;
  put32(r, ts), put16(r, 16), put16(r, 0), put32(r, static_cast<uint32_t>(body.size()));
  return r + body;
}

void write(const fs::path& p, const std::vector<uint32_t>& times, uint8_t peer) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  for (auto t : times) f << state_change(t, peer);
}

// 2014-12-22T16:00:00Z
constexpr uint32_t T = 1419264000;

}  // namespace

TEST(ArchiveMerger, CollectorsInterleaveByTimestamp) {
  fs::path dir = fs::temp_directory_path() / ("dw-merge-" + std::to_string(getpid()));
  fs::remove_all(dir);
  write(dir / "route-views2/UPDATES/updates.20141222.1600", {T + 1, T + 4, T + 9}, 1);
  write(dir / "route-views2/UPDATES/updates.20141222.1615", {T + 900, T + 905}, 1);
  write(dir / "rrc00/updates.20141222.1600", {T + 2, T + 3, T + 10}, 2);
  write(dir / "rrc00/updates.20141222.1605", {T + 301, T + 902}, 2);
  auto archive = mrt::discover_archive({dir.string()});
  ASSERT_EQ(archive.size(), 2u);
  std::vector<std::string> problems;
  mrt::ArchiveMerger m(archive, std::nullopt, [&](const std::string& s) { problems.push_back(s); });
  std::vector<uint32_t> times;
  std::vector<std::string> from;
  mrt::MergeItem it;
  while (m.next(it)) {
    ASSERT_EQ(it.kind, mrt::MergeItem::Kind::Record);
    times.push_back(it.record->ts);
    from.push_back(archive[it.collector].name);
  }
  std::vector<uint32_t> want = {T + 1, T + 2, T + 3, T + 4, T + 9, T + 10, T + 301, T + 900, T + 902, T + 905};
  EXPECT_EQ(times, want);
  EXPECT_EQ(from[1], "rrc00");
  EXPECT_EQ(from[7], "route-views2");
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(m.stats().records, 10u);
  fs::remove_all(dir);
}

TEST(ArchiveMerger, RibDumpsComeWhereTheyFallAndGapsAreReported) {
  fs::path dir = fs::temp_directory_path() / ("dw-merge-rib-" + std::to_string(getpid()));
  fs::remove_all(dir);
  // RIS: 5-minute update files; the 16:10 and 16:15 files are missing
  write(dir / "rrc00/bview.20141222.1600", {}, 2);
  write(dir / "rrc00/updates.20141222.1600", {T + 5, T + 200}, 2);
  write(dir / "rrc00/updates.20141222.1605", {T + 310}, 2);
  write(dir / "rrc00/updates.20141222.1620", {T + 1210}, 2);
  write(dir / "rrc00/bview.20141222.1620", {}, 2);
  write(dir / "rrc00/updates.20141222.1625", {T + 1510}, 2);
  // another collector, on time throughout
  write(dir / "route-views2/UPDATES/updates.20141222.1600", {T + 320, T + 700}, 1);
  write(dir / "route-views2/UPDATES/updates.20141222.1615", {T + 1300}, 1);
  auto archive = mrt::discover_archive({dir.string()});
  ASSERT_EQ(archive.size(), 2u);
  mrt::ArchiveMerger m(archive, std::nullopt, [](const std::string&) {});
  size_t ris = archive[0].name == "rrc00" ? 0 : 1;
  ASSERT_NE(m.start_rib(ris), nullptr);
  EXPECT_EQ(m.start_rib(ris)->ts, T);
  std::vector<std::string> seq;
  mrt::MergeItem it;
  while (m.next(it)) {
    if (it.kind == mrt::MergeItem::Kind::Record) seq.push_back("r" + std::to_string(it.record->ts - T));
    if (it.kind == mrt::MergeItem::Kind::Rib) seq.push_back("rib" + std::to_string(it.rib->ts - T));
    if (it.kind == mrt::MergeItem::Kind::Gap)
      seq.push_back("gap" + std::to_string(it.gap_from - T) + "-" + std::to_string(it.gap_to - T));
  }
  // the gap comes out at its start, among the other collector's records, and
  // before the dump that ends it
  std::vector<std::string> want = {"r5",   "r200",    "r310",  "r320", "gap600-1200",
                                   "r700", "rib1200", "r1210", "r1300", "r1510"};
  EXPECT_EQ(seq, want);
  fs::remove_all(dir);
}

TEST(ArchiveMerger, StartsFromTheLastDumpBeforeTheWindow) {
  fs::path dir = fs::temp_directory_path() / ("dw-merge-from-" + std::to_string(getpid()));
  fs::remove_all(dir);
  write(dir / "rv/RIBS/rib.20141222.1600", {}, 1);
  write(dir / "rv/RIBS/rib.20141222.1800", {}, 1);
  write(dir / "rv/UPDATES/updates.20141222.1745", {T + 6300, T + 7000}, 1);
  write(dir / "rv/UPDATES/updates.20141222.1800", {T + 7201}, 1);
  write(dir / "rv/UPDATES/updates.20141222.1815", {T + 8200}, 1);
  auto archive = mrt::discover_archive({dir.string()});
  mrt::ArchiveMerger m(archive, T + 7300, [](const std::string&) {});
  ASSERT_NE(m.start_rib(0), nullptr);
  EXPECT_EQ(m.start_rib(0)->ts, T + 7200);
  mrt::MergeItem it;
  std::vector<uint32_t> times;
  while (m.next(it))
    if (it.kind == mrt::MergeItem::Kind::Record) times.push_back(it.record->ts - T);
  EXPECT_EQ(times, (std::vector<uint32_t>{8200})) << "records before the window are not replayed";
  fs::remove_all(dir);
}

TEST(ArchiveMerger, FilesNotReadToTheEndAreGapsFromTheirLastGoodRecord) {
  fs::path dir = fs::temp_directory_path() / ("dw-merge-damaged-" + std::to_string(getpid()));
  fs::remove_all(dir);
  write(dir / "rrc00/updates.20141222.1600", {T + 5, T + 200}, 2);
  // cut in the middle of its third record
  std::string cut = state_change(T + 310, 2) + state_change(T + 400, 2) + state_change(T + 450, 2);
  std::ofstream(dir / "rrc00/updates.20141222.1605", std::ios::binary) << cut.substr(0, cut.size() - 9);
  write(dir / "rrc00/updates.20141222.1610", {}, 2);  // no bytes at all
  // gzip's magic, then bytes no inflater accepts
  std::ofstream(dir / "rrc00/updates.20141222.1615", std::ios::binary)
      << std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff\xff\xff garbage", 24);
  write(dir / "rrc00/updates.20141222.1620", {T + 1210}, 2);
  std::string tail = state_change(T + 1510, 2) + state_change(T + 1600, 2);
  std::ofstream(dir / "rrc00/updates.20141222.1625", std::ios::binary) << tail.substr(0, tail.size() - 3);
  write(dir / "route-views2/UPDATES/updates.20141222.1600", {T + 320, T + 700}, 1);
  write(dir / "route-views2/UPDATES/updates.20141222.1615", {T + 1300}, 1);
  auto archive = mrt::discover_archive({dir.string()});
  ASSERT_EQ(archive.size(), 2u);
  std::vector<std::string> problems;
  mrt::ArchiveMerger m(archive, std::nullopt, [&](const std::string& p) { problems.push_back(p); });
  size_t ris = archive[0].name == "rrc00" ? 0 : 1;
  std::vector<std::string> seq;
  mrt::MergeItem it;
  while (m.next(it)) {
    if (it.kind == mrt::MergeItem::Kind::Record) seq.push_back("r" + std::to_string(it.record->ts - T));
    if (it.kind == mrt::MergeItem::Kind::Gap) {
      seq.push_back("gap" + std::to_string(it.gap_from - T) + "-" + std::to_string(it.gap_to - T));
      EXPECT_EQ(it.collector, ris);
      ASSERT_NE(it.gap_file, nullptr);
    }
  }
  // each gap from the damaged file's last good record (or its start) to the
  // next file, in time order with the other collector; the last file's gap
  // comes out although no record follows it
  std::vector<std::string> want = {"r5",   "r200",     "r310",  "r320",  "r400",  "gap400-600", "gap600-900",
                                   "r700", "gap900-1200", "r1210", "r1300", "r1510", "gap1510-1800"};
  EXPECT_EQ(seq, want);
  auto st = m.stats(ris);
  EXPECT_EQ(st.files, 6u);
  EXPECT_EQ(st.files_incomplete, 4u);
  EXPECT_EQ(st.files_empty, 2u);
  EXPECT_TRUE(st.stream_error);
  EXPECT_NE(mrt::describe(st).find("4 files not read to the end"), std::string::npos) << mrt::describe(st);
  EXPECT_FALSE(problems.empty());
  fs::remove_all(dir);
}

// A whole compressed stream that holds no record is a complete file (the
// collector had nothing to say, as in a restart with every session down): no
// gap. Only a file cut short, undecodable, or of no bytes at all is one.
TEST(ArchiveMerger, AWholeStreamWithNoRecordIsNoGap) {
  fs::path dir = fs::temp_directory_path() / ("dw-merge-empty-stream-" + std::to_string(getpid()));
  fs::remove_all(dir);
  write(dir / "rrc00/updates.20141222.1600", {T + 5}, 2);
  // what `gzip -c < /dev/null` writes: header, an empty final block, CRC 0, size 0
  std::ofstream(dir / "rrc00/updates.20141222.1605.gz", std::ios::binary)
      << std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00", 20);
  write(dir / "rrc00/updates.20141222.1610", {T + 610}, 2);
  auto archive = mrt::discover_archive({dir.string()});
  ASSERT_EQ(archive.size(), 1u);
  mrt::ArchiveMerger m(archive, std::nullopt, [](const std::string&) {});
  mrt::MergeItem it;
  size_t records = 0;
  while (m.next(it)) {
    EXPECT_NE(it.kind, mrt::MergeItem::Kind::Gap) << it.gap_from - T << "-" << it.gap_to - T;
    records += it.kind == mrt::MergeItem::Kind::Record;
  }
  EXPECT_EQ(records, 2u);
  EXPECT_EQ(m.stats(0).files_incomplete, 0u);
  EXPECT_EQ(m.stats(0).files_empty, 1u) << "still said: a file with no records";
  fs::remove_all(dir);
}
