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

// --from and --until both given: the window must not be empty or reversed.
inline void check_window(const std::string& from_text, const std::string& until_text) {
  if (from_text.empty() || until_text.empty()) return;
  uint32_t from = time_option(from_text, 0, "--from"), until = time_option(until_text, 0, "--until");
  if (from >= until)
    throw std::runtime_error("--from (" + bgp::iso8601(from) + ") must be before --until (" + bgp::iso8601(until) +
                             ")");
}

}  // namespace dw::cli
