// A file the user asked us to write (or standard output for "-"), opened
// before the work so that a path that cannot be written fails at once, and
// checked on every write, flush and close: a full disk or a closed pipe is an
// error naming the path, never a run that says it succeeded with nothing written.
#pragma once
#include <cstdio>
#include <string>
#include <string_view>

namespace dw::cli {

class OutputFile {
 public:
  // Throws "PATH: strerror" when it cannot be opened.
  explicit OutputFile(const std::string& path);
  ~OutputFile();  // closes without checking: call close() to know it was written
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view text);  // throws "PATH: strerror"
  void line(std::string_view text);   // text and a newline
  void close();                       // flushes and closes; throws "PATH: strerror"
  const std::string& name() const { return name_; }

 private:
  [[noreturn]] void fail(int err) const;
  std::string name_;
  FILE* f_ = nullptr;
  bool is_stdout_ = false;
};

// Flushes standard output and throws "standard output: strerror" if any of
// what the program printf'd there could not be written. Called by main.
void check_stdout();

}  // namespace dw::cli
