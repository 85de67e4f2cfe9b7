// MRT framing (RFC 6396 2): the common header, checked against each type's
// limits before anything decodes the body. Frame first, decode lazily.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "mrt/input.h"

namespace dw::mrt {

enum class MrtType : uint16_t {
  Null = 0, Start = 1, Die = 2, IAmDead = 3, PeerDown = 4, Bgp = 5, Rip = 6, Idrp = 7, RipNg = 8,
  Bgp4Plus = 9, Bgp4Plus01 = 10, Ospf2 = 11, TableDump = 12, TableDumpV2 = 13, Bgp4mp = 16,
  Bgp4mpEt = 17, Isis = 32, IsisEt = 33, Ospf3 = 48, Ospf3Et = 49,
};

struct RawRecord {
  uint32_t ts = 0;
  uint32_t usec = 0;  // from the extended header of *_ET types
  uint16_t type = 0, subtype = 0;
  uint64_t offset = 0;  // of the header, in the decompressed stream
  std::span<const uint8_t> body;  // valid until the next call to next()
  bool et() const { return type == 17 || type == 33 || type == 49; }
};

// Something wrong in the framing: where, and what.
struct FrameProblem {
  uint64_t offset;
  std::string what;
  uint64_t skipped = 0;  // bytes passed over to find the next record
};

// A type/subtype this reader knows (decoded, or counted as a known kind).
bool known_record_type(uint16_t type, uint16_t subtype);

// Framing: a record is taken as its header says when its length leads to
// something that frames (a header of a known type, another record of the same
// kind, or the end of the input). Otherwise the header is damage: a header of
// a known type is searched inside for records its length swallowed or cut
// short (else kept), any other is passed over byte by byte to the next header
// of a known type, within a day of the last good record's time, that is
// itself followed by a header. Nothing a valid header still frames is lost.
class RecordReader {
 public:
  explicit RecordReader(Input& in) : in_(in) {}
  // The next record, or nullopt at the end. Framing damage is reported through
  // problem() (cleared on each call) and reading goes on where framing allows.
  std::optional<RawRecord> next();
  const std::optional<FrameProblem>& problem() const { return problem_; }
  static constexpr uint32_t kMaxRecord = 1u << 26;  // 64 MiB: larger is damage
  // After rec (the last record returned) failed to decode: look inside it for
  // the start of a chain of well-formed records, as when a header's length was
  // damaged and swallowed its successors. Returns that record's stream offset,
  // and reading continues there; nullopt leaves the framing as it was.
  // A record whose length reaches a valid header is searched only for a
  // chain of records that ends exactly where it ends.
  std::optional<uint64_t> resync_inside(const RawRecord& rec);

 private:
  struct Header;
  bool follows(size_t rel, uint16_t prev_type, uint16_t prev_subtype, int depth);
  bool resumes_at(size_t rel);
  std::optional<RawRecord> scan_forward(uint64_t start, const std::string& what);
  std::optional<RawRecord> next_after_problem();
  RawRecord take(const Header& hd, size_t size);
  std::span<const uint8_t> last_whole_;
  bool successor_agrees_ = false;  // the last record's length reaches a valid header
  Input& in_;
  std::optional<FrameProblem> problem_;
  uint32_t last_ts_ = 0;
  size_t pending_consume_ = 0;
};

}  // namespace dw::mrt
