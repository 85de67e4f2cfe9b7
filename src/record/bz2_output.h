// One recorded file being written: bzip2 into a temporary name in the same
// folder (".partial-" and the final name with its dots as dashes, which no
// archive reader takes for an MRT file), renamed to the final name only when
// complete, so a crash never leaves a half file under a final name. When the
// final name already exists (a restart within the same interval), its content
// is decompressed into the new file first and the new file replaces it whole:
// a finished file is never deleted or cut.
#pragma once
#include <bzlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include <tl/expected.hpp>

namespace dw::record {

using IoStatus = tl::expected<void, std::string>;

// The temporary name for a final path, and whether a file name is one.
std::filesystem::path partial_path(const std::filesystem::path& final_path);
bool is_partial_name(const std::string& filename);

class Bz2Output {
 public:
  static tl::expected<std::unique_ptr<Bz2Output>, std::string> open(const std::filesystem::path& final_path,
                                                                    int block_size_100k = 9);
  ~Bz2Output();  // not finished: closed, and the temporary file removed
  Bz2Output(const Bz2Output&) = delete;
  Bz2Output& operator=(const Bz2Output&) = delete;

  IoStatus write(std::span<const uint8_t> data);
  // What was written so far reaches the temporary file (still not final).
  IoStatus flush();
  // Ends the stream, syncs, closes, renames to the final name.
  IoStatus finish();
  uint64_t bytes_in() const { return in_; }
  uint64_t bytes_out() const { return out_; }
  const std::filesystem::path& final_path() const { return final_; }

 private:
  Bz2Output() = default;
  IoStatus pump(int action);
  IoStatus fail(const std::string& what);
  std::filesystem::path final_, temp_;
  FILE* f_ = nullptr;
  bz_stream bz_{};
  bool bz_open_ = false, done_ = false;
  uint64_t in_ = 0, out_ = 0;
  char buf_[1 << 16];
};

}  // namespace dw::record
