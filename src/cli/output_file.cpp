#include "cli/output_file.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace dw::cli {

OutputFile::OutputFile(const std::string& path) : name_(path == "-" ? "standard output" : path) {
  if (path == "-") {
    f_ = stdout;
    is_stdout_ = true;
    return;
  }
  f_ = std::fopen(path.c_str(), "w");
  if (!f_) fail(errno);
}

OutputFile::~OutputFile() {
  if (f_ && !is_stdout_) std::fclose(f_);
}

void OutputFile::fail(int err) const {
  throw std::runtime_error("cannot write " + name_ + ": " + std::strerror(err ? err : EIO));
}

void OutputFile::write(std::string_view text) {
  if (!f_) throw std::runtime_error("cannot write " + name_ + ": already closed");
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), f_) != text.size()) fail(errno);
}

void OutputFile::line(std::string_view text) {
  write(text);
  write("\n");
}

void OutputFile::close() {
  if (!f_) return;
  FILE* f = f_;
  f_ = nullptr;
  errno = 0;
  bool bad = std::fflush(f) != 0 || std::ferror(f);
  int err = errno;
  if (!is_stdout_ && std::fclose(f) != 0 && !bad) bad = true, err = errno;
  if (bad) fail(err);
}

void check_stdout() {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout))
    throw std::runtime_error(std::string("cannot write standard output: ") + std::strerror(errno ? errno : EIO));
}

}  // namespace dw::cli
