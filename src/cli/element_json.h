// One JSON object per element: the schema is in docs/json.md.
#pragma once
#include <string>

#include "bgp/element.h"

namespace dw::cli {
void append_element_json(const bgp::Element& e, std::string& out);
}
