// A bounds-checked, big-endian cursor over a byte span. Every decoder reads
// through one; sub(n) advances this reader first and returns a child that
// cannot read past n bytes, so a lying inner length can never escape its parent.
#pragma once
#include <cstdint>
#include <cstring>
#include <span>

#include "bgp/result.h"

namespace dw::bgp {

class Reader {
 public:
  Reader() = default;
  Reader(std::span<const uint8_t> data, size_t base = 0) : data_(data), base_(base) {}

  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return pos_ >= data_.size(); }
  size_t offset() const { return base_ + pos_; }  // absolute offset in the record
  std::span<const uint8_t> rest() const { return data_.subspan(pos_); }

  Status require(size_t n, const char* field) const {
    if (remaining() < n) return fail(ErrorCode::Truncated, field, offset(), n, remaining());
    return {};
  }
  // Unchecked reads: call require() first (DuckDB's read / unsafe_read split).
  uint8_t u8_unchecked() { return data_[pos_++]; }
  uint16_t u16_unchecked() {
    uint16_t v = static_cast<uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  uint32_t u32_unchecked() {
    uint32_t v = (uint32_t{data_[pos_]} << 24) | (uint32_t{data_[pos_ + 1]} << 16) |
                 (uint32_t{data_[pos_ + 2]} << 8) | uint32_t{data_[pos_ + 3]};
    pos_ += 4;
    return v;
  }
  void copy_unchecked(uint8_t* out, size_t n) {
    if (n) std::memcpy(out, data_.data() + pos_, n);
    pos_ += n;
  }

  Result<uint8_t> u8(const char* field) {
    DW_TRY(require(1, field));
    return u8_unchecked();
  }
  Result<uint16_t> u16(const char* field) {
    DW_TRY(require(2, field));
    return u16_unchecked();
  }
  Result<uint32_t> u32(const char* field) {
    DW_TRY(require(4, field));
    return u32_unchecked();
  }
  Result<std::span<const uint8_t>> bytes(size_t n, const char* field) {
    DW_TRY(require(n, field));
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  Status skip(size_t n, const char* field) {
    DW_TRY(require(n, field));
    pos_ += n;
    return {};
  }
  // Child reader over the next n bytes; this reader moves past them.
  Result<Reader> sub(size_t n, const char* field) {
    DW_TRY(require(n, field));
    Reader r(data_.subspan(pos_, n), base_ + pos_);
    pos_ += n;
    return r;
  }

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  size_t base_ = 0;
};

}  // namespace dw::bgp
