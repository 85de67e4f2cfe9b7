#include "mrt/record.h"

namespace dw::mrt {

static uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
static uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

static bool known_type(uint16_t t, uint16_t st) {
  switch (t) {
    case 5: return st <= 13;
    case 12: return st >= 1 && st <= 2;
    case 13: return st >= 1 && st <= 12;
    case 16: case 17: return st <= 11;
    case 11: case 32: case 33: case 48: case 49: return true;
    default: return false;
  }
}

// Used only to find the next record after damage: a header of a type we know,
// a sane length, and a time near the last good record's.
bool RecordReader::plausible(std::span<const uint8_t> h) const {
  uint32_t ts = be32(h.data());
  uint16_t t = be16(h.data() + 4), st = be16(h.data() + 6);
  uint32_t len = be32(h.data() + 8);
  if (!known_type(t, st) || len > kMaxRecord) return false;
  if (last_ts_ && (ts + 86400u < last_ts_ || ts > last_ts_ + 86400u)) return false;
  return true;
}

std::optional<RawRecord> RecordReader::next() {
  problem_.reset();
  if (pending_consume_) {
    in_.consume(pending_consume_);
    pending_consume_ = 0;
  }
  auto h = in_.peek(12);
  if (h.empty()) return std::nullopt;
  if (h.size() < 12) {
    problem_ = FrameProblem{in_.offset(), "truncated record header (" + std::to_string(h.size()) + " of 12 bytes)",
                            h.size()};
    in_.consume(h.size());
    return std::nullopt;
  }
  RawRecord r;
  r.offset = in_.offset();
  r.ts = be32(h.data());
  r.type = be16(h.data() + 4);
  r.subtype = be16(h.data() + 6);
  uint32_t len = be32(h.data() + 8);
  if (len > kMaxRecord) {
    // resynchronise: scan forward for the next plausible header
    uint64_t start = in_.offset();
    in_.consume(1);
    uint64_t skipped = 1;
    for (;;) {
      auto w = in_.peek(12);
      if (w.size() < 12) {
        skipped += w.size();
        in_.consume(w.size());
        problem_ = FrameProblem{start, "record length " + std::to_string(len) + " is impossible; no record follows",
                                skipped};
        return std::nullopt;
      }
      if (plausible(w)) break;
      in_.consume(1);
      ++skipped;
    }
    problem_ = FrameProblem{start, "record length " + std::to_string(len) + " is impossible; resynchronised", skipped};
    auto saved = problem_;
    auto rec = next();
    if (!problem_) problem_ = saved;
    else problem_->what = saved->what + "; then " + problem_->what;
    return rec;
  }
  auto whole = in_.peek(12 + size_t{len});
  if (whole.size() < 12 + size_t{len}) {
    problem_ = FrameProblem{r.offset,
                            "truncated record: type " + std::to_string(r.type) + "/" + std::to_string(r.subtype) +
                                " declares " + std::to_string(len) + " bytes, " +
                                std::to_string(whole.size() - 12) + " remain",
                            whole.size()};
    in_.consume(whole.size());
    return std::nullopt;
  }
  r.body = whole.subspan(12, len);
  last_whole_ = whole;
  if (r.et()) {
    if (len < 4) {
      problem_ = FrameProblem{r.offset, "extended-timestamp record shorter than its 4-byte header", 0};
      r.body = {};
    } else {
      r.usec = be32(r.body.data());
      r.body = r.body.subspan(4);
    }
  }
  last_ts_ = r.ts;
  pending_consume_ = 12 + size_t{len};
  return r;
}

}  // namespace dw::mrt

namespace dw::mrt {

std::optional<uint64_t> RecordReader::resync_inside(const RawRecord& rec) {
  auto w = last_whole_;
  auto ok = [&](size_t k) {
    if (k + 12 > w.size()) return false;
    auto h = w.subspan(k, 12);
    uint32_t ts = be32(h.data());
    if (ts + 3600u < rec.ts || ts > rec.ts + 3600u) return false;
    if (!known_type(be16(h.data() + 4), be16(h.data() + 6))) return false;
    return be32(h.data() + 8) <= kMaxRecord;
  };
  for (size_t k = 4; k + 12 <= w.size(); ++k) {
    if (!ok(k)) continue;
    size_t next = k + 12 + be32(w.data() + k + 8);
    if (next + 12 <= w.size() && !ok(next)) continue;  // the one after must frame too
    pending_consume_ = k;
    return rec.offset + k;
  }
  return std::nullopt;
}

}  // namespace dw::mrt
