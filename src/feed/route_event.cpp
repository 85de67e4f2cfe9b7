#include "feed/route_event.h"

namespace dw::feed {

const char* to_string(EventKind k) {
  switch (k) {
    case EventKind::Element: return "element";
    case EventKind::RibBegin: return "rib_begin";
    case EventKind::RibEnd: return "rib_end";
    case EventKind::Gap: return "gap";
    case EventKind::Damage: return "damage";
    case EventKind::Tick: return "tick";
  }
  return "unknown";
}

void own_attributes(RouteEvent& e) { e.elem = e.elem.owning(); }

}  // namespace dw::feed
