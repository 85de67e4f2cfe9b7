#include "mrt/archive_source.h"

#include <filesystem>

namespace dw::mrt {

ArchiveSource::ArchiveSource(const std::vector<CollectorArchive>& archive, std::optional<uint32_t> from,
                             std::optional<uint32_t> until)
    : archive_(archive),
      until_(until),
      merger_(archive, from, [this](const std::string& m) { problem(m); }),
      seq_(archive.size(), 0),
      rib_stats_by_(archive.size()) {}

ReadStats ArchiveSource::stats(size_t c) const {
  ReadStats s = merger_.stats(c);
  s += rib_stats_by_[c];
  return s;
}

ReadStats ArchiveSource::stats() const {
  ReadStats s = merger_.stats();
  s += rib_stats_;
  return s;
}

feed::RouteEvent& ArchiveSource::stamp(size_t c, feed::EventKind k, uint32_t ts) {
  ev_.kind = k;
  ev_.source = archive_[c].name;
  ev_.seq = ++seq_[c];
  ev_.ts = ts;
  return ev_;
}

// A problem line names its file first ("FILE: byte N: ..."): that file's
// collector is the source of the damage.
void ArchiveSource::problem(const std::string& text) {
  if (!out_) return;
  size_t c = 0;
  for (size_t i = 0; i < archive_.size(); ++i)
    for (const auto* fs : {&archive_[i].ribs, &archive_[i].updates})
      for (const auto& f : *fs)
        if (text.size() > f.path.size() && text.compare(0, f.path.size(), f.path) == 0 && text[f.path.size()] == ':')
          c = i;
  auto& e = stamp(c, feed::EventKind::Damage, 0);
  e.text = text;
  out_->on_event(e);
  e.text.clear();
}

void ArchiveSource::load_rib(size_t c, const ArchiveFile& f, bool initial) {
  auto& b = stamp(c, feed::EventKind::RibBegin, f.ts);
  b.initial = initial;
  out_->on_event(b);
  {
    MrtFile mf(f.path, [this](const std::string& m) { problem(m); });
    MrtRecord rec;
    while (mf.next(rec))
      for_each_element(rec, mf.peers(), [&](const bgp::Element& x) {
        if (x.type != bgp::ElemType::Rib) return;
        auto& e = stamp(c, feed::EventKind::Element, x.ts);
        e.elem = x;
        out_->on_event(e);
      });
    rib_stats_ += mf.stats();
    rib_stats_by_[c] += mf.stats();
  }
  auto& end = stamp(c, feed::EventKind::RibEnd, f.ts);
  end.initial = initial;
  out_->on_event(end);
  ev_.initial = false;
}

void ArchiveSource::run(feed::EventSink& out) {
  out_ = &out;
  for (size_t i = 0; i < archive_.size(); ++i)
    if (const auto* r = merger_.start_rib(i)) load_rib(i, *r, true);
  out.on_event(stamp(0, feed::EventKind::Tick, merger_.start_ts()));
  uint32_t clock = 0;  // the latest record time handed out
  MergeItem item;
  while (merger_.next(item)) {
    size_t c = item.collector;
    if (item.kind == MergeItem::Kind::Rib) {
      if (until_ && item.rib->ts >= *until_) break;
      load_rib(c, *item.rib, false);
      continue;
    }
    if (item.kind == MergeItem::Kind::Gap) {
      auto& g = stamp(c, feed::EventKind::Gap, item.gap_from);
      g.until = item.gap_to;
      g.text = item.gap_file ? "update file " + std::filesystem::path(item.gap_file->path).filename().string() + " was not read to its end"
                             : std::string("no update files were published for this period");
      out.on_event(g);
      g.text.clear();
      continue;
    }
    const auto& rec = *item.record;
    if (until_ && rec.ts >= *until_) break;
    ++records_;
    // the clock moves on even for records without elements (bins close, warm-ups end)
    if (rec.ts > clock) out.on_event(stamp(c, feed::EventKind::Tick, clock = rec.ts));
    for_each_element(rec, item.file->peers(), [&](const bgp::Element& x) {
      auto& e = stamp(c, feed::EventKind::Element, x.ts);
      e.elem = x;
      out.on_event(e);
    });
    if (progress_ && records_ % progress_every_ == 0) progress_(rec.ts);
  }
  out_ = nullptr;
}

}  // namespace dw::mrt
