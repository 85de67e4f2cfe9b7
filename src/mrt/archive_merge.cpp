#include "mrt/archive_merge.h"

#include <algorithm>

namespace dw::mrt {

ArchiveMerger::ArchiveMerger(const std::vector<CollectorArchive>& archive, std::optional<uint32_t> from,
                             ProblemSink sink)
    : sink_(std::move(sink)) {
  streams_.resize(archive.size());
  for (size_t i = 0; i < archive.size(); ++i) {
    const auto& c = archive[i];
    Stream& s = streams_[i];
    s.arch = &c;
    size_t r = SIZE_MAX;
    for (size_t k = 0; k < c.ribs.size(); ++k)
      if (from && c.ribs[k].ts <= *from) r = k;
    if (r == SIZE_MAX && !c.ribs.empty()) r = 0;
    if (r != SIZE_MAX) {
      s.start_rib = &c.ribs[r];
      s.start_ts = c.ribs[r].ts;
      s.next_rib = r + 1;
    } else if (!c.updates.empty()) {
      s.start_ts = c.updates.front().ts;
    }
    if (from) s.start_ts = std::max(s.start_ts, *from);
    uint32_t iv = c.update_interval ? c.update_interval : 900;
    // update files that end before the start hold nothing we need
    while (s.next_update < c.updates.size() && c.updates[s.next_update].ts + iv <= s.start_ts) ++s.next_update;
    total_files_ += c.updates.size() - s.next_update;
    start_ts_ = std::min(start_ts_, s.start_ts);
  }
  if (start_ts_ == UINT32_MAX) start_ts_ = from.value_or(0);
  for (auto& s : streams_) pull(s);
}

// The time the update file after the stream's current one starts (where a
// gap left by a file not read to its end closes).
static uint32_t next_file_ts(const CollectorArchive& c, size_t next_update, uint32_t ts, uint32_t iv) {
  return next_update < c.updates.size() ? c.updates[next_update].ts : ts + iv;
}

// A file not read to its end is a gap from its last good record to the next
// file, exactly like a missing file: what it held after that is unknown.
void ArchiveMerger::close(Stream& s) {
  const auto& c = *s.arch;
  uint32_t iv = c.update_interval ? c.update_interval : 900;
  if (!s.file->complete()) {
    uint32_t from = std::max(s.file->last_ts() ? s.file->last_ts() : s.open_file->ts, s.open_file->ts);
    uint32_t to = next_file_ts(c, s.next_update, s.open_file->ts, iv);
    s.gaps.push_back({from, std::max(from, to), s.open_file});
  }
  s.closed += s.file->stats();
  s.file.reset();
}

void ArchiveMerger::pull(Stream& s) {
  s.have = false;
  for (;;) {
    if (s.file && s.file->next(s.rec)) {
      if (s.rec.ts < s.start_ts) continue;  // before the dump we started from
      s.have = true;
      return;
    }
    if (s.file) close(s);
    const auto& c = *s.arch;
    if (s.next_update >= c.updates.size()) return;
    const auto& f = c.updates[s.next_update++];
    uint32_t iv = c.update_interval ? c.update_interval : 900;
    if (s.last_file_ts && f.ts > s.last_file_ts + iv + iv / 2) s.gaps.push_back({s.last_file_ts + iv, f.ts, nullptr});
    s.last_file_ts = f.ts;
    ++opened_;
    s.open_file = &f;
    try {
      s.file = std::make_unique<MrtFile>(f.path, sink_);
    } catch (const std::exception& e) {
      sink_(e.what());  // an unreadable file is reported, and is a gap; the rest goes on
      ++s.closed.files_unread;
      s.gaps.push_back({f.ts, next_file_ts(c, s.next_update, f.ts, iv), &f});
    }
  }
}

// A stream's next item: a dump due before its next record, the start of a
// stretch it has no update files for, or the record. Gaps come out at their
// start (the file list says so), so that nothing the collector's stale view
// shows afterwards is taken for news.
uint32_t ArchiveMerger::next_time(const Stream& s) {
  uint32_t t = s.have ? s.rec.ts : UINT32_MAX;  // a stream out of records may still hold a gap
  const auto& c = *s.arch;
  if (s.next_rib < c.ribs.size()) t = std::min(t, c.ribs[s.next_rib].ts);
  if (!s.gaps.empty()) t = std::min(t, s.gaps.front().from);
  return t;
}

bool ArchiveMerger::next(MergeItem& out) {
  if (consumed_) {
    pull(*consumed_);
    consumed_ = nullptr;
  }
  Stream* best = nullptr;
  for (auto& s : streams_)
    if ((s.have || !s.gaps.empty()) && (!best || next_time(s) < next_time(*best))) best = &s;
  if (!best) return false;
  size_t ci = static_cast<size_t>(best - streams_.data());
  const auto& c = *best->arch;
  uint32_t gap_at = best->gaps.empty() ? UINT32_MAX : best->gaps.front().from;
  if (best->have && best->next_rib < c.ribs.size() && c.ribs[best->next_rib].ts <= best->rec.ts &&
      c.ribs[best->next_rib].ts <= gap_at) {
    out = {MergeItem::Kind::Rib, ci, nullptr, nullptr, &c.ribs[best->next_rib++], 0, 0};
    return true;
  }
  if (!best->gaps.empty() && (!best->have || gap_at <= best->rec.ts)) {  // (a record may be at UINT32_MAX)
    auto g = best->gaps.front();
    best->gaps.erase(best->gaps.begin());
    out = {MergeItem::Kind::Gap, ci, nullptr, nullptr, nullptr, g.from, g.to, g.file};
    return true;
  }
  out = {MergeItem::Kind::Record, ci, &best->rec, best->file.get(), nullptr, 0, 0};
  consumed_ = best;
  return true;
}

ReadStats ArchiveMerger::stats() const {
  ReadStats t;
  for (size_t i = 0; i < streams_.size(); ++i) t += stats(i);
  return t;
}

ReadStats ArchiveMerger::stats(size_t collector) const {
  const auto& s = streams_[collector];
  ReadStats t = s.closed;
  if (s.file) t += s.file->stats();
  return t;
}

}  // namespace dw::mrt
