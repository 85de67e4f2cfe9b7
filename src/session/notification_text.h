// Names of NOTIFICATION codes and subcodes (RFC 4271 4.5 and 6, RFC 4486,
// RFC 6608, RFC 7313), for close reasons and logs.
#pragma once
#include <cstdint>
#include <string>

namespace dw::session {

std::string notification_name(uint8_t code, uint8_t subcode);

}  // namespace dw::session
