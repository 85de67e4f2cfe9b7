// Parsing "country:KP", "asn:131279" / "AS131279", "table" into an entity key.
#pragma once
#include <optional>
#include <string>

#include "signal/visibility.h"

namespace dw::cli {

inline std::optional<signal::EntityKey> parse_entity(const std::string& s) {
  if (s == "table") return signal::EntityKey{signal::EntityType::Table, 0};
  auto c = s.find(':');
  std::string type = c == std::string::npos ? "" : s.substr(0, c), code = c == std::string::npos ? s : s.substr(c + 1);
  if (type == "country" && code.size() == 2) {
    for (auto& ch : code) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
    return signal::EntityKey{signal::EntityType::Country, geo::country_code(code)};
  }
  if (type == "asn" || type == "as" || type.empty()) {
    if (code.rfind("AS", 0) == 0 || code.rfind("as", 0) == 0) code = code.substr(2);
    if (code.empty() || code.find_first_not_of("0123456789") != std::string::npos || code.size() > 10) return {};
    return signal::EntityKey{signal::EntityType::Asn, static_cast<uint32_t>(std::stoul(code))};
  }
  return {};
}

}  // namespace dw::cli
