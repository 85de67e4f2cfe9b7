// Source names for events that cross threads: RouteEvent::source is a
// borrowed string_view, and the engine keeps (and caches by address) the
// names it saw, so every name handed out here lives until the process ends.
#pragma once
#include <string>
#include <string_view>

namespace dw::net {

// The one stable copy of name.
const std::string& intern_source(std::string_view name);

}  // namespace dw::net
