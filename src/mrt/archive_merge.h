// Several collectors' archives read as one stream in time order: each
// collector starts from its last RIB dump at or before the window, its update
// files follow in order, and the collectors are merged record by record by
// timestamp. Later RIB dumps come out where they fall in time (so the caller
// can compare and repair its state), and a missing stretch of update files
// comes out as a gap at its start, in time order with the other collectors.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "mrt/archive.h"
#include "mrt/mrt_file.h"

namespace dw::mrt {

struct MergeItem {
  enum class Kind { Record, Rib, Gap } kind = Kind::Record;
  size_t collector = 0;              // index into the archive
  const MrtRecord* record = nullptr; // Kind::Record
  const MrtFile* file = nullptr;     // the file the record came from (its peer table)
  const ArchiveFile* rib = nullptr;  // Kind::Rib: a dump due now
  uint32_t gap_from = 0, gap_to = 0; // Kind::Gap: no update files cover [from, to)
  // Kind::Gap from a file not read to its end (cannot be opened, decompressor
  // error, truncated or undecodable tail): that file, from its last good
  // record; null when update files are missing.
  const ArchiveFile* gap_file = nullptr;
};

class ArchiveMerger {
 public:
  ArchiveMerger(const std::vector<CollectorArchive>& archive, std::optional<uint32_t> from, ProblemSink sink);
  // The dump a collector starts from (null: it starts from updates alone).
  // The caller loads these before the first next().
  const ArchiveFile* start_rib(size_t collector) const { return streams_[collector].start_rib; }
  uint32_t start_ts() const { return start_ts_; }
  // The next item in time order; false when every collector is exhausted.
  bool next(MergeItem& out);
  // Files opened so far, and in all.
  size_t files_opened() const { return opened_; }
  size_t files_total() const { return total_files_; }
  // Everything read so far, including files already closed; and one collector's.
  ReadStats stats() const;
  ReadStats stats(size_t collector) const;

 private:
  struct Stream {
    const CollectorArchive* arch = nullptr;
    const ArchiveFile* start_rib = nullptr;
    size_t next_update = 0, next_rib = 0;
    uint32_t start_ts = 0, last_file_ts = 0;
    std::unique_ptr<MrtFile> file;
    MrtRecord rec;
    bool have = false;
    struct Gap {
      uint32_t from, to;
      const ArchiveFile* file;  // not read to its end; null: files missing
    };
    std::vector<Gap> gaps;
    const ArchiveFile* open_file = nullptr;
    ReadStats closed;  // files of this collector already closed
  };
  void close(Stream& s);
  void pull(Stream& s);
  static uint32_t next_time(const Stream& s);
  std::vector<Stream> streams_;
  ProblemSink sink_;
  uint32_t start_ts_ = UINT32_MAX;
  size_t opened_ = 0, total_files_ = 0;
  Stream* consumed_ = nullptr;  // its record was handed out: pull on the next call
};

}  // namespace dw::mrt
