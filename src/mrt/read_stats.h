// The account of what reading MRT files met: records framed, decoded by kind,
// skipped by type, damaged (per peer where the damage names one), framing
// problems, and files not read to their end. Nothing passes over in silence:
// the summary says every count that is not zero, and says so when nothing
// was read at all.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "mrt/decode.h"

namespace dw::mrt {

struct ReadStats {
  uint64_t records = 0;     // framed records
  uint64_t skipped = 0;     // of types we do not decode
  uint64_t damaged = 0;     // records whose body failed to decode, or had RFC 7606 damage
  uint64_t frame_errors = 0;// truncation, impossible lengths, resynchronisation
  uint64_t bytes = 0;       // decompressed bytes read
  bool stream_error = false;// the decompressor failed
  uint64_t files = 0;            // opened
  uint64_t files_unread = 0;     // could not be opened
  uint64_t files_incomplete = 0; // not read to their end (decompressor error, truncated or undecodable tail)
  uint64_t files_empty = 0;      // opened, and not one record in them
  uint64_t dropped_entries = 0;  // RIB entries passed over inside records that were kept
  std::array<uint64_t, 5> decoded{};                            // by RecKind (PeerIndex .. StateChange)
  std::map<std::pair<uint16_t, uint16_t>, uint64_t> skipped_types;  // (type, subtype) -> records
  std::map<std::string, uint64_t> damaged_by_peer;              // peer address -> damaged records or entries

  // A record that decoded (kind Skipped included): counted by kind or type,
  // and its damage by peer. Does not count it as damaged (the caller does,
  // once per record, when it reports it).
  void count(const MrtRecord& rec, const std::vector<PeerEntry>& peers);
  ReadStats& operator+=(const ReadStats& o);
};

// One line: "N records (K peer tables, R RIB, ...); skipped: ...; damaged:
// ...", every count that is not zero; "no records" when there were none.
std::string describe(const ReadStats& s);

}  // namespace dw::mrt
