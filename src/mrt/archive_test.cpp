// discover_archive: files given by themselves are taken whatever their name,
// by their first record; a path that is not MRT is an error naming it.
#include "mrt/archive.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace {
const fs::path kScenario = fs::path(DW_TEST_DATA) / "scenarios/kp-2014-small/route-views2";

struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("dw-archive-" + std::to_string(getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
};
}  // namespace

TEST(DiscoverArchive, ExplicitFilesTakenByContent) {
  TempDir t;
  fs::copy_file(kScenario / "RIBS/rib.20141222.0000.bz2", t.dir / "table.mrt");
  fs::copy_file(kScenario / "UPDATES/updates.20141222.0015.bz2", t.dir / "changes");
  auto a = dw::mrt::discover_archive({(t.dir / "table.mrt").string(), (t.dir / "changes").string()});
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(a[0].ribs.size(), 1u);
  ASSERT_EQ(a[0].updates.size(), 1u);
  EXPECT_EQ(a[0].ribs[0].ts, 1419206400u);  // 2014-12-22T00:00:00Z, its PEER_INDEX_TABLE's time
  EXPECT_GE(a[0].updates[0].ts, 1419207300u);  // the first update at or after 00:15
  EXPECT_LT(a[0].updates[0].ts, 1419207300u + 900);
}

TEST(DiscoverArchive, FoldersStillGoByName) {
  TempDir t;
  fs::copy_file(kScenario / "RIBS/rib.20141222.0000.bz2", t.dir / "table.mrt");
  EXPECT_TRUE(dw::mrt::discover_archive({t.dir.string()}).empty());
}

TEST(DiscoverArchive, NotMrtIsAnErrorNamingTheFile) {
  TempDir t;
  std::ofstream(t.dir / "notes.txt") << "these are my notes, not routes\n";
  try {
    dw::mrt::discover_archive({(t.dir / "notes.txt").string()});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("notes.txt: not an MRT file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(dw::mrt::discover_archive({(t.dir / "absent").string()}), std::runtime_error);
}
