// The file behind a store: a replay's database is staged beside its target
// and renamed in only on commit; nothing but a darkwatch database is replaced.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/signal_store.h"
#include "store/store_file.h"

using namespace dw;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("dw-store-file-" + std::to_string(getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
};

// A store holding bin_seconds = bins, as a replay leaves it.
void write_store(const std::string& path, const std::string& bins) {
  rib::RibState rib;
  signal::VisibilityCounter vis(rib, nullptr, 300);
  store::SignalStore st(path, rib, vis);
  st.set_meta("bin_seconds", bins);
}

std::string bins_of(const std::string& path) {
  store::Database db(path, true);
  store::Statement st(db.handle(), "SELECT value FROM meta WHERE key = 'bin_seconds'");
  return st.step() ? st.text(0) : "";
}

}  // namespace

TEST(StoreFile, TellsWhatIsNotAStore) {
  TempDir t;
  std::string text = (t.dir / "notes.txt").string(), db = (t.dir / "run.db").string();
  std::ofstream(text) << "my notes\n";
  write_store(db, "300");
  EXPECT_EQ(store::why_not_a_store(db), "");
  EXPECT_NE(store::why_not_a_store(text).find("not"), std::string::npos);
  EXPECT_NE(store::why_not_a_store(t.dir.string()).find("is a directory"), std::string::npos);
  EXPECT_EQ(store::why_not_a_store((t.dir / "absent.db").string()), "no such file");
  EXPECT_THROW(store::require_store(text), std::runtime_error);
}

TEST(StoreFile, RefusesToReplaceWhatIsNotAStore) {
  TempDir t;
  std::string text = (t.dir / "notes.txt").string();
  std::ofstream(text) << "my notes\n";
  EXPECT_THROW(store::StagedStore{text}, std::runtime_error);
  EXPECT_THROW(store::StagedStore{t.dir.string()}, std::runtime_error);
  std::ifstream in(text);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "my notes");
  EXPECT_TRUE(fs::is_directory(t.dir));
}

TEST(StoreFile, ReplacesOnlyOnCommit) {
  TempDir t;
  std::string db = (t.dir / "run.db").string();
  write_store(db, "300");
  std::string temp;
  {
    store::StagedStore staged(db);  // a run that fails: never committed
    temp = staged.temp_path();
    EXPECT_EQ(fs::path(temp).parent_path(), t.dir);
    write_store(temp, "600");
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_EQ(bins_of(db), "300");
  {
    store::StagedStore staged(db);
    write_store(staged.temp_path(), "900");
    staged.commit();
  }
  EXPECT_EQ(bins_of(db), "900");
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(t.dir)) files += e.path().filename().string().find("tmp-") == std::string::npos;
  EXPECT_EQ(files, size_t(std::distance(fs::directory_iterator(t.dir), fs::directory_iterator())));
}
