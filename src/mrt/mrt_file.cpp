#include "mrt/mrt_file.h"

namespace dw::mrt {

ReadStats& ReadStats::operator+=(const ReadStats& o) {
  records += o.records;
  skipped += o.skipped;
  damaged += o.damaged;
  frame_errors += o.frame_errors;
  bytes += o.bytes;
  stream_error = stream_error || o.stream_error;
  return *this;
}

MrtFile::MrtFile(const std::string& path, ProblemSink sink)
    : path_(path), sink_(std::move(sink)), input_(std::make_unique<Input>(path)),
      reader_(std::make_unique<RecordReader>(*input_)) {}

void MrtFile::report(uint64_t offset, const std::string& what) {
  if (sink_) sink_(path_ + ": byte " + std::to_string(offset) + ": " + what);
}

static const char* update_outcome_problem(const MrtRecord& rec) {
  if (rec.kind == RecKind::Message && rec.msg.type == bgp::MsgType::Update &&
      rec.msg.update.attrs.outcome != bgp::Outcome::Ok)
    return bgp::to_string(rec.msg.update.attrs.outcome);
  return nullptr;
}

bool MrtFile::next(MrtRecord& rec) {
  while (!finished_) {
    auto raw = reader_->next();
    if (reader_->problem()) {
      ++stats_.frame_errors;
      const auto& p = *reader_->problem();
      report(p.offset, p.what);
    }
    if (!raw) {
      finished_ = true;
      stats_.bytes = input_->offset();
      auto err = input_->error();
      if (!err.empty()) {
        stats_.stream_error = true;
        report(input_->offset(), "decompression failed: " + err + " (" + to_string(input_->compression()) + ")");
      }
      return false;
    }
    ++stats_.records;
    auto st = decoder_.decode(*raw, rec);
    std::string kind = "type " + std::to_string(raw->type) + "/" + std::to_string(raw->subtype);
    if (!st) {
      ++stats_.damaged;
      auto at = reader_->resync_inside(*raw);
      report(raw->offset, kind + ": " + st.error().describe() +
                              (at ? " (record skipped; framing resumes at byte " + std::to_string(*at) + ")"
                                  : " (record skipped)"));
      continue;
    }
    if (rec.kind == RecKind::Skipped) {
      ++stats_.skipped;
      continue;
    }
    if (const char* o = update_outcome_problem(rec)) {
      ++stats_.damaged;
      std::string w;
      for (const auto& x : rec.msg.update.attrs.warnings) w += (w.empty() ? "" : "; ") + x;
      report(raw->offset, kind + ": UPDATE " + o + ": " + w);
    } else if (rec.kind == RecKind::Rib || rec.kind == RecKind::TableDump) {
      for (size_t i = 0; i < rec.n_entries; ++i) {
        const auto& a = rec.entries[i].attrs;
        if (a.outcome == bgp::Outcome::Ok) continue;
        ++stats_.damaged;
        std::string w;
        for (const auto& x : a.warnings) w += (w.empty() ? "" : "; ") + x;
        report(raw->offset, kind + ": RIB entry " + std::to_string(i) + " " + bgp::to_string(a.outcome) + ": " + w);
        break;
      }
    }
    return true;
  }
  return false;
}

}  // namespace dw::mrt
