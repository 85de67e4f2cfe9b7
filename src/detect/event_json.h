// The one JSON encoder for events and notices (docs/json.md): what `replay
// --events` and `detect --events` print, what the store keeps beside its typed
// columns, what alerts carry. The decoder is for the store reader only, which
// reads stored events back into structs; nothing else parses event JSON.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "detect/event.h"
#include "detect/notice.h"

namespace dw::detect {

std::string to_json(const EventRecord&);
std::string to_json(const Notice&);

// Back from what to_json wrote: nullopt when it is not such an object.
std::optional<EventRecord> event_from_json(std::string_view);
std::optional<Notice> notice_from_json(std::string_view);

}  // namespace dw::detect
