// Errors as values on the data path: every decoder returns Result<T>.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <tl/expected.hpp>

namespace dw::bgp {

enum class ErrorCode : uint8_t {
  Truncated,       // fewer bytes than a field needs
  BadLength,       // a length field disagrees with its container
  BadValue,        // a field holds a value the RFC forbids
  Unsupported,     // valid, but not something we decode
};

const char* to_string(ErrorCode c);

// What went wrong, where (byte offset from the start of the record), and how
// many bytes were needed versus present when that is the problem.
struct Error {
  ErrorCode code = ErrorCode::BadValue;
  std::string field;
  size_t offset = 0;
  size_t need = 0;
  size_t have = 0;
  std::string describe() const;
};

template <class T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(ErrorCode c, std::string field, size_t offset, size_t need = 0,
                                  size_t have = 0) {
  return tl::unexpected<Error>(Error{c, std::move(field), offset, need, have});
}

}  // namespace dw::bgp

#define DW_CONCAT_(a, b) a##b
#define DW_CONCAT(a, b) DW_CONCAT_(a, b)
// Propagate an error; assign the value otherwise.
#define DW_TRY_ASSIGN_(tmp, lhs, expr) \
  auto tmp = (expr);                   \
  if (!tmp) return tl::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
#define DW_TRY_ASSIGN(lhs, expr) DW_TRY_ASSIGN_(DW_CONCAT(dw_try_, __LINE__), lhs, expr)
#define DW_TRY(expr)                                                  \
  do {                                                                \
    auto dw_try_s_ = (expr);                                          \
    if (!dw_try_s_) return tl::unexpected(std::move(dw_try_s_).error()); \
  } while (0)
