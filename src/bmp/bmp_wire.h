// BMP wire constants (RFC 7854 4, RFC 8671, RFC 9069): message types, header
// sizes, per-peer flags and the minimum length of each message type.
#pragma once
#include <cstddef>
#include <cstdint>

namespace dw::bmp {

constexpr uint8_t kVersion = 3;
constexpr size_t kCommonLen = 6;    // version(1) length(4) type(1)
constexpr size_t kPerPeerLen = 42;  // type flags distinguisher(8) address(16) AS BGP-id ts-sec ts-usec
// Two extended OPENs and TLVs fit with room; a longer header is a lie, and
// buffering it would let one router hold unbounded memory.
constexpr uint32_t kMaxMessageLen = 1u << 20;

enum : uint8_t {
  kRouteMonitoring = 0, kStatistics = 1, kPeerDown = 2, kPeerUp = 3,
  kInitiation = 4, kTermination = 5, kRouteMirroring = 6,
};

constexpr uint8_t kPeerGlobal = 0, kPeerRd = 1, kPeerLocal = 2, kPeerLocRib = 3;
// per-peer header flags (peer types 0-2); a Loc-RIB instance's 0x80 is F (filtered)
constexpr uint8_t kFlagV = 0x80, kFlagL = 0x40, kFlagA = 0x20, kFlagO = 0x10;

inline const char* message_name(uint8_t type) {
  switch (type) {
    case kRouteMonitoring: return "Route Monitoring";
    case kStatistics: return "Statistics Report";
    case kPeerDown: return "Peer Down";
    case kPeerUp: return "Peer Up";
    case kInitiation: return "Initiation";
    case kTermination: return "Termination";
    case kRouteMirroring: return "Route Mirroring";
    default: return "unknown-type";
  }
}

// Per type: common header, per-peer header where there is one, and the
// fixed part (an UPDATE's 19-byte header; PeerUp's addresses, ports and two
// OPENs of at least 29 bytes; PeerDown's reason; Statistics' count).
inline size_t min_length(uint8_t type) {
  switch (type) {
    case kRouteMonitoring: return kCommonLen + kPerPeerLen + 19;
    case kStatistics: return kCommonLen + kPerPeerLen + 4;
    case kPeerDown: return kCommonLen + kPerPeerLen + 1;
    case kPeerUp: return kCommonLen + kPerPeerLen + 20 + 29 + 29;
    case kRouteMirroring: return kCommonLen + kPerPeerLen;
    default: return kCommonLen;
  }
}

}  // namespace dw::bmp
