// Fuzz inputs as files without touching the disk: a memfd holding the bytes,
// opened by path (/proc/self/fd/N) as any archive would be.
#pragma once
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>

class MemFile {
 public:
  MemFile(const uint8_t* data, size_t size) : fd_(memfd_create("fuzz", 0)) {
    size_t at = 0;
    while (fd_ >= 0 && at < size) {
      ssize_t w = write(fd_, data + at, size - at);
      if (w <= 0) break;
      at += static_cast<size_t>(w);
    }
  }
  ~MemFile() {
    if (fd_ >= 0) close(fd_);
  }
  MemFile(const MemFile&) = delete;
  MemFile& operator=(const MemFile&) = delete;
  bool ok() const { return fd_ >= 0; }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};
