// One MRT file read end to end: input, framing, decoding, and an account of
// everything that was damaged or skipped (nothing vanishes silently).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "mrt/decode.h"
#include "mrt/input.h"
#include "mrt/read_stats.h"
#include "mrt/record.h"

namespace dw::mrt {


// One line per problem: "FILE: byte N: type T/S: what".
using ProblemSink = std::function<void(const std::string&)>;

// "type T/S: what (record skipped)": a record that failed to decode, and
// where framing resumed when it hid further records.
std::string decode_failure_text(const RawRecord& raw, const bgp::Error& e,
                                std::optional<uint64_t> resumes_at = std::nullopt);
// Damage inside a decoded record (RFC 7606 treat-as-withdraw, a damaged RIB
// entry): the line to report, or empty when it is whole.
std::string damage_text(const RawRecord& raw, const MrtRecord& rec);

class MrtFile {
 public:
  MrtFile(const std::string& path, ProblemSink sink);  // throws when it cannot be opened
  // Decodes the next record into rec; false at the end of the file. Records
  // that fail to decode are reported and passed over.
  bool next(MrtRecord& rec);

  // The steps of next(), for readers that decode elsewhere (cmd dump):
  // frame the next record (framing problems reported, the end of the file
  // and decompression errors too); nullopt at the end.
  std::optional<RawRecord> next_raw();
  // Decode a framed record with this file's decoder; on failure report it,
  // resynchronise inside it when it hides further records, and return false.
  bool decode(const RawRecord& raw, MrtRecord& rec);
  const std::vector<PeerEntry>& peers() const { return decoder_.peers(); }
  const ReadStats& stats() const { return stats_; }
  // Counts a record decoded elsewhere (cmd dump's workers count their own).
  void count(const MrtRecord& rec) { stats_.count(rec, decoder_.peers()); }
  // Read to its end: false once the decompressor failed or the tail was lost
  // (truncated, or no record found after damage). Meaningful at the end.
  // A file of no bytes at all is not what a collector publishes either (it
  // was cut before anything was written); a whole compressed stream that
  // holds no record is complete: the collector had nothing to say.
  bool complete() const {
    return !stats_.stream_error && !tail_lost_ && (stats_.bytes > 0 || file_bytes_ > 0);
  }
  // The time of the last record framed (0 before the first).
  uint32_t last_ts() const { return last_ts_; }
  const std::string& path() const { return path_; }
  uint64_t offset() const { return input_->offset(); }

 private:
  void report(uint64_t offset, const std::string& what);
  std::string path_;
  ProblemSink sink_;
  std::unique_ptr<Input> input_;
  std::unique_ptr<RecordReader> reader_;
  MrtDecoder decoder_;
  ReadStats stats_;
  bool finished_ = false;
  bool tail_lost_ = false;
  uint32_t last_ts_ = 0;
  uint64_t file_bytes_ = 0;  // the file's own size, compressed (0 for stdin)
};

}  // namespace dw::mrt
