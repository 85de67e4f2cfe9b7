// Time as text: ISO 8601 UTC to the second, both ways. Every stage prints and
// parses times through these so they agree.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dw::bgp {

// "2014-12-22T16:15:04Z"
std::string iso8601(int64_t unix_seconds);
// Accepts unix seconds, "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z]" (or a space for T).
std::optional<int64_t> parse_time(std::string_view s);

}  // namespace dw::bgp
