// The path of a request URL, checked before anything is looked up by it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_error.h"

namespace dw::api {

// The decoded segments of a URL path ("/v2/signals/raw/country/KP" -> v2,
// signals, raw, country, KP), or a 400: no empty, "." or ".." segment, no
// encoded slash or backslash, no NUL, nothing but an origin-form path.
std::optional<std::vector<std::string>> split_path(std::string_view raw_path, ApiError& err);

}  // namespace dw::api
