#include "session/notification_text.h"

namespace dw::session {

static const char* code_name(uint8_t c) {
  switch (c) {
    case 1: return "Message Header Error";
    case 2: return "OPEN Message Error";
    case 3: return "UPDATE Message Error";
    case 4: return "Hold Timer Expired";
    case 5: return "Finite State Machine Error";
    case 6: return "Cease";
    case 7: return "ROUTE-REFRESH Message Error";
    default: return "unknown code";
  }
}

static const char* subcode_name(uint8_t c, uint8_t s) {
  static const char* header[] = {nullptr, "Connection Not Synchronized", "Bad Message Length", "Bad Message Type"};
  static const char* open[] = {nullptr, "Unsupported Version Number", "Bad Peer AS", "Bad BGP Identifier",
                               "Unsupported Optional Parameter", nullptr, "Unacceptable Hold Time",
                               "Unsupported Capability"};
  static const char* update[] = {nullptr, "Malformed Attribute List", "Unrecognized Well-known Attribute",
                                 "Missing Well-known Attribute", "Attribute Flags Error", "Attribute Length Error",
                                 "Invalid ORIGIN Attribute", nullptr, "Invalid NEXT_HOP Attribute",
                                 "Optional Attribute Error", "Invalid Network Field", "Malformed AS_PATH"};
  static const char* fsm[] = {nullptr, "unexpected message in OpenSent", "unexpected message in OpenConfirm",
                              "unexpected message in Established"};
  static const char* cease[] = {nullptr, "Maximum Number of Prefixes Reached", "Administrative Shutdown",
                                "Peer De-configured", "Administrative Reset", "Connection Rejected",
                                "Other Configuration Change", "Connection Collision Resolution", "Out of Resources",
                                "Hard Reset"};
  auto pick = [&](const char* const* t, size_t n) -> const char* { return s < n ? t[s] : nullptr; };
  switch (c) {
    case 1: return pick(header, std::size(header));
    case 2: return pick(open, std::size(open));
    case 3: return pick(update, std::size(update));
    case 5: return pick(fsm, std::size(fsm));
    case 6: return pick(cease, std::size(cease));
    case 7: return s == 1 ? "Invalid Message Length" : nullptr;
    default: return nullptr;
  }
}

std::string notification_name(uint8_t code, uint8_t subcode) {
  std::string out = std::to_string(code) + "/" + std::to_string(subcode) + " (" + code_name(code);
  if (const char* s = subcode_name(code, subcode)) out += std::string(", ") + s;
  return out + ")";
}

}  // namespace dw::session
