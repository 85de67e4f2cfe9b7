#include "bmp/negotiated.h"

#include <array>

namespace dw::bmp {

namespace {

constexpr uint8_t kCapAs4 = 65, kCapAddPath = 69;
constexpr uint8_t kReceive = 1, kSend = 2;  // RFC 7911 4 Send/Receive bits

bool has_cap(const bgp::Open& o, uint8_t code) {
  for (const auto& c : o.capabilities)
    if (c.code == code) return true;
  return false;
}

// The ADD-PATH mode (Send/Receive bits) o announces for each family bit.
std::array<uint8_t, 4> addpath_modes(const bgp::Open& o) {
  std::array<uint8_t, 4> m{};
  for (const auto& c : o.capabilities) {
    if (c.code != kCapAddPath) continue;
    for (size_t i = 0; i + 4 <= c.value.size(); i += 4) {
      uint16_t afi = static_cast<uint16_t>((c.value[i] << 8) | c.value[i + 1]);
      uint8_t safi = c.value[i + 2];
      if ((afi != 1 && afi != 2) || (safi != 1 && safi != 2)) continue;  // families we decode
      m[bgp::addpath_bit(static_cast<bgp::Afi>(afi), safi)] = c.value[i + 3];
    }
  }
  return m;
}

}  // namespace

Negotiated negotiate(const bgp::Open& sent, const bgp::Open& received) {
  Negotiated n;
  n.as4 = has_cap(sent, kCapAs4) && has_cap(received, kCapAs4);
  auto router = addpath_modes(sent), peer = addpath_modes(received);
  for (unsigned bit = 0; bit < 4; ++bit) {
    if ((peer[bit] & kSend) && (router[bit] & kReceive)) n.addpath_in |= static_cast<uint8_t>(1u << bit);
    if ((router[bit] & kSend) && (peer[bit] & kReceive)) n.addpath_out |= static_cast<uint8_t>(1u << bit);
  }
  return n;
}

std::vector<std::string> family_names(uint8_t mask) {
  static const char* names[4] = {"ipv4/1", "ipv4/2", "ipv6/1", "ipv6/2"};
  std::vector<std::string> out;
  for (unsigned bit = 0; bit < 4; ++bit)
    if (mask & (1u << bit)) out.emplace_back(names[bit]);
  return out;
}

}  // namespace dw::bmp
