// A --from/--until value (unix seconds or ISO 8601), or a default when absent.
// A value that is not a time is an error naming the option, not a silent default.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

#include "bgp/time_text.h"

namespace dw::cli {

inline uint32_t time_option(const std::string& value, uint32_t dflt, const char* option) {
  if (value.empty()) return dflt;
  auto t = bgp::parse_time(value);
  if (!t || *t < 0 || *t > UINT32_MAX) throw std::runtime_error(std::string(option) + ": not a time: " + value);
  return static_cast<uint32_t>(*t);
}

}  // namespace dw::cli
