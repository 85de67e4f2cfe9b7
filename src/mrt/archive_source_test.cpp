// The archive as a route-event source, on the bundled kp-2014-small archive:
// the start dump first, then the clock, updates in time order, later dumps
// where they fall; one sequence number per source, without holes.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>

#include "mrt/archive.h"
#include "mrt/archive_source.h"
#include "mrt/mrt_file.h"

using namespace dw;

namespace {

struct Collect : feed::EventSink {
  std::vector<feed::RouteEvent> ev;
  void on_event(const feed::RouteEvent& e) override {
    ev.push_back(e);
    ev.back().elem.attrs = nullptr;  // borrowed: not valid after the call
    ev.back().text = e.text;
  }
};

}  // namespace

TEST(ArchiveSource, StartDumpThenClockThenUpdatesInOrder) {
  auto archive = mrt::discover_archive({std::string(DW_TEST_DATA) + "/scenarios/kp-2014-small"});
  ASSERT_EQ(archive.size(), 1u);
  mrt::ArchiveSource src(archive, std::nullopt, std::nullopt);
  Collect c;
  src.run(c);
  ASSERT_GT(c.ev.size(), 1000u);
  EXPECT_EQ(c.ev.front().kind, feed::EventKind::RibBegin);
  EXPECT_TRUE(c.ev.front().initial);
  size_t i = 1;
  size_t entries = 0;
  while (i < c.ev.size() && c.ev[i].kind == feed::EventKind::Element) {
    EXPECT_EQ(c.ev[i].elem.type, bgp::ElemType::Rib);
    ++entries, ++i;
  }
  EXPECT_GT(entries, 1000u) << "the start dump's entries";
  ASSERT_LT(i + 1, c.ev.size());
  EXPECT_EQ(c.ev[i].kind, feed::EventKind::RibEnd);
  EXPECT_TRUE(c.ev[i].initial);
  EXPECT_EQ(c.ev[i + 1].kind, feed::EventKind::Tick);
  EXPECT_EQ(c.ev[i + 1].ts, src.start_ts()) << "the clock starts at the window's start";

  std::map<std::string, uint64_t> seq;
  uint32_t clock = 0;
  size_t updates = 0, later_dumps = 0;
  bool in_dump = false;
  for (const auto& e : c.ev) {
    EXPECT_EQ(e.seq, ++seq[std::string(e.source)]) << "one sequence per source, without holes";
    if (e.kind == feed::EventKind::RibBegin) in_dump = true, later_dumps += !e.initial;
    if (e.kind == feed::EventKind::RibEnd) in_dump = false;
    if (e.kind == feed::EventKind::Tick) {
      EXPECT_GE(e.ts, clock);
      clock = e.ts;
    }
    if (e.kind == feed::EventKind::Element && !in_dump) {
      ++updates;
      EXPECT_LE(e.ts, clock) << "an update never runs ahead of the clock";
    }
  }
  // every element of the update files, counted by reading them one by one
  size_t want = 0, records = 0;
  for (const auto& f : archive[0].updates) {
    mrt::MrtFile mf(f.path, [](const std::string&) {});
    mrt::MrtRecord rec;
    while (mf.next(rec)) {
      ++records;
      mrt::for_each_element(rec, mf.peers(), [&](const bgp::Element&) { ++want; });
    }
  }
  EXPECT_EQ(updates, want);
  EXPECT_EQ(src.records(), records);
  EXPECT_EQ(later_dumps, archive[0].ribs.size() - 1) << "every dump after the first, where it falls";
}

TEST(ArchiveSource, StopsAtUntil) {
  auto archive = mrt::discover_archive({std::string(DW_TEST_DATA) + "/scenarios/kp-2014-small"});
  mrt::ArchiveSource all(archive, std::nullopt, std::nullopt);
  Collect a;
  all.run(a);
  uint32_t mid = a.ev[a.ev.size() / 2].ts;
  mrt::ArchiveSource part(archive, std::nullopt, mid);
  Collect b;
  part.run(b);
  ASSERT_LT(b.ev.size(), a.ev.size());
  for (const auto& e : b.ev)
    if (e.kind == feed::EventKind::Element && e.elem.type != bgp::ElemType::Rib) {
      EXPECT_LT(e.ts, mid);
    }
}

// Update files missing from the middle of an archive: one gap at the first
// missing file's time, saying why (no files), to the next file present.
TEST(ArchiveSource, MissingUpdateFilesAreOneGapThatSaysWhy) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("dw-gap-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(std::string(DW_TEST_DATA) + "/scenarios/kp-2014-small", dir, fs::copy_options::recursive);
  for (const char* f : {"updates.20141222.1200.bz2", "updates.20141222.1215.bz2"})
    ASSERT_TRUE(fs::remove(dir / "route-views2" / "UPDATES" / f));
  auto archive = mrt::discover_archive({dir.string()});
  mrt::ArchiveSource src(archive, std::nullopt, std::nullopt);
  Collect c;
  src.run(c);
  fs::remove_all(dir);
  std::vector<const feed::RouteEvent*> gaps;
  for (const auto& e : c.ev)
    if (e.kind == feed::EventKind::Gap) gaps.push_back(&e);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0]->ts, 1419249600u);     // 2014-12-22 12:00
  EXPECT_EQ(gaps[0]->until, 1419251400u);  // 12:30, the next file
  EXPECT_EQ(gaps[0]->text, "no update files were published for this period");
}
