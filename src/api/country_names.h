// A country's short English name by its ISO 3166-1 alpha-2 code ("KP" ->
// "North Korea"); empty for a code that is no assigned country.
#pragma once
#include <string_view>

namespace dw::api {

std::string_view country_name(std::string_view code);

}  // namespace dw::api
