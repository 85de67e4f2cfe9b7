#include "mrt/record.h"

namespace dw::mrt {

static uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
static uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

bool known_record_type(uint16_t t, uint16_t st) {
  switch (t) {
    case 5: return st <= 13;
    case 12: return st >= 1 && st <= 2;
    case 13: return st >= 1 && st <= 12;
    case 16: case 17: return st <= 11;
    case 11: case 32: case 33: case 48: case 49: return true;
    default: return false;
  }
}

struct RecordReader::Header {
  uint32_t ts;
  uint16_t type, subtype;
  uint32_t len;
  explicit Header(const uint8_t* h)
      : ts(be32(h)), type(be16(h + 4)), subtype(be16(h + 6)), len(be32(h + 8)) {}
  bool known() const { return known_record_type(type, subtype) && len <= RecordReader::kMaxRecord; }
};

// Whether the bytes at rel (from the current position) can follow a record of
// kind prev: the end of the input, a tail too short for a header (reported
// when reached), a header of a type we know, another record of the same kind
// (a run of a type we do not decode, such as a file of zeros), or, with
// depth, a record of another kind that is itself followed by one of these.
bool RecordReader::follows(size_t rel, uint16_t prev_type, uint16_t prev_subtype, int depth) {
  auto w = in_.peek(rel + 12);
  if (w.size() < rel) return false;      // the record before overruns the input
  if (w.size() < rel + 12) return true;  // the end of the input, or a truncated header told next
  Header h(w.data() + rel);
  if (h.len > kMaxRecord) return false;
  if (h.known()) return true;
  if (h.type == prev_type && h.subtype == prev_subtype) return true;
  if (depth == 0) return false;
  return follows(rel + 12 + h.len, h.type, h.subtype, depth - 1);
}

// Where framing may resume after damage: a header of a type we know, a sane
// length, a time within a day of the last good record's, and followed by
// something that frames (follows() without depth). One false match in the
// middle of a body needs 8 bytes to look like a header and the 12 after its
// length to look like another.
bool RecordReader::resumes_at(size_t rel) {
  auto w = in_.peek(rel + 12);
  if (w.size() < rel + 12) return false;
  Header h(w.data() + rel);
  if (!h.known()) return false;
  if (last_ts_ && (h.ts + 86400u < last_ts_ || h.ts > last_ts_ + 86400u)) return false;
  return follows(rel + 12 + h.len, h.type, h.subtype, 0);
}

std::optional<RawRecord> RecordReader::next() {
  problem_.reset();
  successor_agrees_ = false;
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
  Header hd(h.data());
  uint64_t start = in_.offset();
  std::string kind = "type " + std::to_string(hd.type) + "/" + std::to_string(hd.subtype);
  if (hd.len > kMaxRecord) return scan_forward(start, "record length " + std::to_string(hd.len) + " is impossible");
  size_t size = 12 + size_t{hd.len};
  bool complete = in_.peek(size).size() == size;
  if (complete && follows(size, hd.type, hd.subtype, 1)) {
    successor_agrees_ = true;
    return take(hd, size);
  }
  if (!hd.known()) {
    // a header of no type we know whose length leads nowhere: not a record
    return scan_forward(start, complete ? kind + " with length " + std::to_string(hd.len) +
                                              " is followed by no header"
                                        : "truncated record: " + kind + " declares " + std::to_string(hd.len) +
                                              " bytes, " + std::to_string(in_.peek(size).size() - 12) + " remain");
  }
  // A header we know whose length does not reach a header: the length may be
  // damaged. Look inside for records it swallowed or cut short (the one-byte
  // shift of a header that lost its body), else keep it as it is.
  size_t avail = in_.peek(size).size();
  for (size_t k = 1; k < avail; ++k) {
    if (!resumes_at(k)) continue;
    problem_ = FrameProblem{start, kind + " record length " + std::to_string(hd.len) +
                                       " does not reach the next header; framing resumes at byte " +
                                       std::to_string(start + k),
                            k};
    in_.consume(k);
    return next_after_problem();
  }
  if (complete) return take(hd, size);
  problem_ = FrameProblem{start, "truncated record: " + kind + " declares " + std::to_string(hd.len) + " bytes, " +
                                     std::to_string(avail - 12) + " remain",
                          avail};
  in_.consume(avail);
  return std::nullopt;
}

// The header at the current position is not a record: scan forward byte by
// byte for where framing may resume.
std::optional<RawRecord> RecordReader::scan_forward(uint64_t start, const std::string& what) {
  in_.consume(1);
  uint64_t skipped = 1;
  for (;;) {
    auto w = in_.peek(12);
    if (w.size() < 12) {
      skipped += w.size();
      in_.consume(w.size());
      problem_ = FrameProblem{start, what + "; no record follows", skipped};
      return std::nullopt;
    }
    if (resumes_at(0)) break;
    in_.consume(1);
    ++skipped;
  }
  problem_ = FrameProblem{start, what + "; resynchronised at byte " + std::to_string(start + skipped), skipped};
  return next_after_problem();
}

// The record where framing resumed, with the problem that led there kept
// (and any the next header has added to it).
std::optional<RawRecord> RecordReader::next_after_problem() {
  auto saved = problem_;
  auto rec = next();
  if (!problem_) problem_ = saved;
  else problem_->what = saved->what + "; then " + problem_->what;
  return rec;
}

RawRecord RecordReader::take(const Header& hd, size_t size) {
  RawRecord r;
  r.offset = in_.offset();
  r.ts = hd.ts;
  r.type = hd.type;
  r.subtype = hd.subtype;
  auto whole = in_.peek(size);
  r.body = whole.subspan(12, hd.len);
  last_whole_ = whole;
  if (r.et()) {
    if (hd.len < 4) {
      problem_ = FrameProblem{r.offset, "extended-timestamp record shorter than its 4-byte header", 0};
      r.body = {};
    } else {
      r.usec = be32(r.body.data());
      r.body = r.body.subspan(4);
    }
  }
  if (hd.known()) last_ts_ = r.ts;
  pending_consume_ = size;
  return r;
}

// After a record failed to decode: the start of the records its length
// swallowed. When its length reaches a valid header, only a chain of
// well-formed records that ends exactly where it ends counts (a damaged body
// is not searched for false headers); otherwise, as next() already looked for
// records it cut short, the same chain of two headers as there.
std::optional<uint64_t> RecordReader::resync_inside(const RawRecord& rec) {
  auto w = last_whole_;
  auto ok = [&](size_t k) {
    if (k + 12 > w.size()) return false;
    Header h(w.data() + k);
    if (h.ts + 3600u < rec.ts || h.ts > rec.ts + 3600u) return false;
    return h.known();
  };
  auto tiles = [&](size_t k) {
    while (k < w.size()) {
      if (!ok(k)) return false;
      k += 12 + size_t{be32(w.data() + k + 8)};
    }
    return k == w.size();
  };
  for (size_t k = 4; k + 12 <= w.size(); ++k) {
    if (!ok(k)) continue;
    if (successor_agrees_) {
      if (!tiles(k)) continue;
    } else {
      size_t next = k + 12 + be32(w.data() + k + 8);
      if (next + 12 <= w.size() && !ok(next)) continue;  // the one after must frame too
    }
    pending_consume_ = k;
    return rec.offset + k;
  }
  return std::nullopt;
}

}  // namespace dw::mrt
