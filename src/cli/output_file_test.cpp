// OutputFile: a path that cannot be opened fails at once; a write that the
// disk refuses fails at write or close, naming the path and the reason.
#include "cli/output_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>

using dw::cli::OutputFile;

namespace {
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(OutputFile, MissingFolderFailsWhenOpened) {
  auto e = error_of([] { OutputFile f("/nonexistent-dw-folder/events.jsonl"); });
  EXPECT_NE(e.find("/nonexistent-dw-folder/events.jsonl"), std::string::npos) << e;
  EXPECT_NE(e.find("No such file or directory"), std::string::npos) << e;
}

TEST(OutputFile, FullDiskIsAnError) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  auto e = error_of([] {
    OutputFile f("/dev/full");
    f.line("{\"kind\":\"outage\"}");
    f.close();
  });
  EXPECT_NE(e.find("/dev/full"), std::string::npos) << e;
  EXPECT_NE(e.find("No space left on device"), std::string::npos) << e;
}

TEST(OutputFile, WritesWhatItIsGiven) {
  auto path = (std::filesystem::temp_directory_path() / ("dw-out-" + std::to_string(getpid()))).string();
  {
    OutputFile f(path);
    f.line("a");
    f.write("b\n");
    f.close();
  }
  std::ifstream in(path);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(all, "a\nb\n");
  std::filesystem::remove(path);
}
