// An archive as a route-event source: wraps ArchiveMerger and takes over what
// the replay loop did by hand. Each collector's start RIB comes first
// (RibBegin initial, its entries, RibEnd), then a Tick at the start of the
// window, then the collectors' updates merged in time order, with a Tick each
// time the archive's clock moves on, later RIB dumps (RibBegin, entries,
// RibEnd) and data gaps where they fall, and Damage for every record lost.
// Events stop at --until (the first record or dump at or after it).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "feed/route_event.h"
#include "mrt/archive.h"
#include "mrt/archive_merge.h"

namespace dw::mrt {

class ArchiveSource {
 public:
  ArchiveSource(const std::vector<CollectorArchive>& archive, std::optional<uint32_t> from,
                std::optional<uint32_t> until);
  // Every event, in order, to out; returns at the end of the archive or window.
  void run(feed::EventSink& out);
  // Called every `every` update records with the archive time reached (a progress line).
  void set_progress(std::function<void(uint32_t ts)> f, uint64_t every = 20000) {
    progress_ = std::move(f), progress_every_ = every;
  }
  uint32_t start_ts() const { return merger_.start_ts(); }
  uint64_t records() const { return records_; }  // update records read
  size_t files_opened() const { return merger_.files_opened(); }
  size_t files_total() const { return merger_.files_total(); }
  // Everything read, RIB files included: damage decides the exit status.
  ReadStats stats() const;
  // What one collector's files gave (its RIB dumps and update files).
  ReadStats stats(size_t collector) const;

 private:
  void load_rib(size_t collector, const ArchiveFile& f, bool initial);
  void problem(const std::string& text);
  feed::RouteEvent& stamp(size_t collector, feed::EventKind k, uint32_t ts);
  const std::vector<CollectorArchive>& archive_;
  std::optional<uint32_t> until_;
  ArchiveMerger merger_;
  feed::EventSink* out_ = nullptr;
  std::vector<uint64_t> seq_;  // per collector
  feed::RouteEvent ev_;        // reused: events are handed out by reference
  ReadStats rib_stats_;
  std::vector<ReadStats> rib_stats_by_;  // per collector
  uint64_t records_ = 0;
  std::function<void(uint32_t)> progress_;
  uint64_t progress_every_ = 20000;
};

}  // namespace dw::mrt
