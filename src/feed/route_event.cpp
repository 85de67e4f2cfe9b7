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

void own_attributes(RouteEvent& e) {
  if (!e.elem.attrs || (e.owned && e.owned.get() == e.elem.attrs)) return;
  e.owned = std::make_shared<const bgp::Attributes>(*e.elem.attrs);
  e.elem.attrs = e.owned.get();
}

}  // namespace dw::feed
