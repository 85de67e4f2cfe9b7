#include "mrt/mrt_file.h"

#include <filesystem>

namespace dw::mrt {

MrtFile::MrtFile(const std::string& path, ProblemSink sink)
    : path_(path), sink_(std::move(sink)), input_(std::make_unique<Input>(path)),
      reader_(std::make_unique<RecordReader>(*input_)) {
  stats_.files = 1;
  std::error_code ec;
  if (path != "-") file_bytes_ = std::filesystem::file_size(path, ec);
  if (ec) file_bytes_ = 0;
}

void MrtFile::report(uint64_t offset, const std::string& what) {
  if (sink_) sink_(path_ + ": byte " + std::to_string(offset) + ": " + what);
}

static const char* update_outcome_problem(const MrtRecord& rec) {
  if (rec.kind == RecKind::Message && rec.msg.type == bgp::MsgType::Update &&
      rec.msg.update.attrs.outcome != bgp::Outcome::Ok)
    return bgp::to_string(rec.msg.update.attrs.outcome);
  return nullptr;
}

static std::string kind_text(const RawRecord& raw) {
  return "type " + std::to_string(raw.type) + "/" + std::to_string(raw.subtype);
}

static std::string warnings_text(const bgp::Attributes& a) {
  std::string w;
  for (const auto& x : a.warnings) w += (w.empty() ? "" : "; ") + x;
  return w;
}

std::string decode_failure_text(const RawRecord& raw, const bgp::Error& e, std::optional<uint64_t> resumes_at) {
  return kind_text(raw) + ": " + e.describe() + " (record skipped" +
         (resumes_at ? "; framing resumes at byte " + std::to_string(*resumes_at) : std::string()) + ")";
}

std::string damage_text(const RawRecord& raw, const MrtRecord& rec) {
  if (const char* o = update_outcome_problem(rec))
    return kind_text(raw) + ": UPDATE " + o + ": " + warnings_text(rec.msg.update.attrs);
  if (rec.kind == RecKind::Rib && rec.dropped_entries)
    return kind_text(raw) + ": " + std::to_string(rec.dropped_entries) + " of " +
           std::to_string(rec.dropped_entries + rec.n_entries) + " RIB entries passed over (" + rec.entry_damage +
           (rec.dropped_entries > 1 ? "; ..." : "") + "), the others kept";
  if (rec.kind == RecKind::Rib || rec.kind == RecKind::TableDump) {
    for (size_t i = 0; i < rec.n_entries; ++i) {
      const auto& a = rec.entries[i].attrs;
      if (a.outcome == bgp::Outcome::Ok) continue;
      return kind_text(raw) + ": RIB entry " + std::to_string(i) + " " + bgp::to_string(a.outcome) + ": " +
             warnings_text(a);
    }
  }
  return {};
}

std::optional<RawRecord> MrtFile::next_raw() {
  if (finished_) return std::nullopt;
  auto raw = reader_->next();
  if (reader_->problem()) {
    ++stats_.frame_errors;
    const auto& p = *reader_->problem();
    report(p.offset, p.what);
  }
  if (!raw) {
    finished_ = true;
    tail_lost_ = reader_->problem().has_value();
    stats_.bytes = input_->offset();
    if (!stats_.records) {
      stats_.files_empty = 1;
      report(0, "no records in " + std::to_string(stats_.bytes) + " bytes");
    }
    auto err = input_->error();
    if (!err.empty()) {
      stats_.stream_error = true;
      report(input_->offset(), "decompression failed: " + err + " (" + to_string(input_->compression()) + ")");
    }
    if (!complete()) stats_.files_incomplete = 1;  // told above; the summary counts it
    return std::nullopt;
  }
  ++stats_.records;
  last_ts_ = raw->ts;
  return raw;
}

bool MrtFile::decode(const RawRecord& raw, MrtRecord& rec) {
  auto st = decoder_.decode(raw, rec);
  if (st) return true;
  ++stats_.damaged;
  report(raw.offset, decode_failure_text(raw, st.error(), reader_->resync_inside(raw)));
  return false;
}

bool MrtFile::next(MrtRecord& rec) {
  while (auto raw = next_raw()) {
    if (!decode(*raw, rec)) continue;
    count(rec);
    if (rec.kind == RecKind::Skipped) continue;
    auto damage = damage_text(*raw, rec);
    if (!damage.empty()) {
      ++stats_.damaged;
      report(raw->offset, damage);
    }
    return true;
  }
  return false;
}

}  // namespace dw::mrt
