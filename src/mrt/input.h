// Byte input for archives: a file or stdin, decompressed by what its first
// bytes say (gzip, bzip2, xz, zstd, or none), on a thread of its own so that
// reading and decompression overlap with decoding.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace dw::mrt {

enum class Compression : uint8_t { None, Gzip, Bzip2, Xz, Zstd };
const char* to_string(Compression c);
Compression sniff_compression(std::span<const uint8_t> head);

class ChunkQueue;  // internal

// A block of decompressed bytes (buffers are recycled, not zeroed).
struct Chunk {
  std::unique_ptr<uint8_t[]> data;
  size_t size = 0;
};

// Sequential reader with a growable window: peek(n) makes n bytes contiguous.
class Input {
 public:
  // path "-" reads stdin. Throws std::runtime_error when the file cannot be
  // opened (an edge: the caller reports it and moves on to the next file).
  explicit Input(const std::string& path);
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Up to n bytes at the current position (fewer only at end of input).
  std::span<const uint8_t> peek(size_t n);
  void consume(size_t n);
  uint64_t offset() const { return offset_; }  // decompressed bytes consumed
  Compression compression() const { return compression_; }
  const std::string& path() const { return path_; }
  // An error from the decompressor (corrupt stream), empty when none.
  std::string error() const;

 private:
  bool next_chunk();
  std::string path_;
  Compression compression_ = Compression::None;
  std::unique_ptr<ChunkQueue> queue_;
  Chunk cur_;
  size_t cur_pos_ = 0;
  std::vector<uint8_t> carry_;  // a peek that straddles chunks
  size_t carry_pos_ = 0;
  uint64_t offset_ = 0;
  bool eof_ = false;
};

}  // namespace dw::mrt
