// Statistics Report counters (RFC 7854 4.8, RFC 8671 5, RFC 9069 5.3): which
// types we know and how long each is. Unknown types (vendors', FRR's 65531)
// are skipped by their TLV length and counted, never an error.
#pragma once
#include <cstddef>
#include <cstdint>

namespace dw::bmp {

enum class StatKind : uint8_t { Unknown, Counter32, Gauge64, FamilyGauge64 };

inline StatKind stat_kind(uint16_t type) {
  switch (type) {
    case 0: case 1: case 2: case 3: case 4: case 5: case 6:  // rejected, duplicates, loops
    case 11: case 12: case 13:                                // treat-as-withdraw, duplicate updates
      return StatKind::Counter32;
    case 7: case 8: case 14: case 15:  // routes in Adj-RIB-In, Loc-RIB, Adj-RIB-Out pre/post
      return StatKind::Gauge64;
    case 9: case 10: case 16: case 17:  // the same per AFI/SAFI: afi(2) safi(1) gauge(8)
      return StatKind::FamilyGauge64;
    default:
      return StatKind::Unknown;
  }
}

inline size_t stat_length(StatKind k) {
  switch (k) {
    case StatKind::Counter32: return 4;
    case StatKind::Gauge64: return 8;
    case StatKind::FamilyGauge64: return 11;
    case StatKind::Unknown: return 0;
  }
  return 0;
}

}  // namespace dw::bmp
