#include "mrt/read_stats.h"

namespace dw::mrt {

void ReadStats::count(const MrtRecord& rec, const std::vector<PeerEntry>& peers) {
  if (rec.kind == RecKind::Skipped) {
    ++skipped;
    ++skipped_types[{rec.type, rec.subtype}];
    return;
  }
  ++decoded[static_cast<size_t>(rec.kind)];
  dropped_entries += rec.dropped_entries;
  if (rec.kind == RecKind::Message && rec.msg.type == bgp::MsgType::Update &&
      rec.msg.update.attrs.outcome != bgp::Outcome::Ok)
    ++damaged_by_peer[rec.peer_ip.str()];
  if (rec.kind == RecKind::Rib)
    for (size_t i = 0; i < rec.n_entries; ++i)
      if (rec.entries[i].attrs.outcome != bgp::Outcome::Ok && rec.entries[i].peer_index < peers.size())
        ++damaged_by_peer[peers[rec.entries[i].peer_index].ip.str()];
  if (rec.kind == RecKind::TableDump && rec.entries[0].attrs.outcome != bgp::Outcome::Ok)
    ++damaged_by_peer[rec.peer_ip.str()];
}

ReadStats& ReadStats::operator+=(const ReadStats& o) {
  records += o.records;
  skipped += o.skipped;
  damaged += o.damaged;
  frame_errors += o.frame_errors;
  bytes += o.bytes;
  stream_error = stream_error || o.stream_error;
  files += o.files;
  files_unread += o.files_unread;
  files_incomplete += o.files_incomplete;
  files_empty += o.files_empty;
  dropped_entries += o.dropped_entries;
  for (size_t i = 0; i < decoded.size(); ++i) decoded[i] += o.decoded[i];
  for (const auto& [k, n] : o.skipped_types) skipped_types[k] += n;
  for (const auto& [k, n] : o.damaged_by_peer) damaged_by_peer[k] += n;
  return *this;
}

static std::string count(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string describe(const ReadStats& s) {
  std::string out = s.records ? count(s.records, "record", "records") : "no records";
  static const char* kinds[][2] = {{"peer table", "peer tables"},
                                   {"RIB", "RIB"},
                                   {"TABLE_DUMP", "TABLE_DUMP"},
                                   {"message", "messages"},
                                   {"state change", "state changes"}};
  std::string by;
  for (size_t i = 0; i < s.decoded.size(); ++i)
    if (s.decoded[i]) by += (by.empty() ? "" : ", ") + count(s.decoded[i], kinds[i][0], kinds[i][1]);
  if (!by.empty()) out += " (" + by + ")";
  if (s.files) out += " in " + count(s.files, "file", "files");
  if (s.files_empty) out += "; " + count(s.files_empty, "file", "files") + " with no records";
  if (s.skipped) {
    out += "; skipped (types not decoded): ";
    bool first = true;
    for (const auto& [k, n] : s.skipped_types) {
      out += (first ? "" : ", ") + std::to_string(n) + " of type " + std::to_string(k.first) + "/" +
             std::to_string(k.second);
      first = false;
    }
  }
  if (s.damaged || s.dropped_entries) {
    out += "; damaged: " + count(s.damaged, "record", "records");
    if (s.dropped_entries) out += " (" + count(s.dropped_entries, "RIB entry", "RIB entries") + " passed over)";
    if (!s.damaged_by_peer.empty()) {
      out += ", by peer:";
      size_t shown = 0;
      for (const auto& [peer, n] : s.damaged_by_peer) {
        if (shown++ == 8) {
          out += " and " + std::to_string(s.damaged_by_peer.size() - 8) + " more";
          break;
        }
        out += " " + peer + ": " + std::to_string(n);
      }
    }
  }
  if (s.frame_errors) out += "; " + count(s.frame_errors, "framing problem", "framing problems");
  if (s.stream_error) out += "; decompression failed";
  if (s.files_unread) out += "; " + count(s.files_unread, "file", "files") + " could not be read";
  if (s.files_incomplete)
    out += "; " + count(s.files_incomplete, "file", "files") + " not read to the end (a data gap)";
  return out;
}

}  // namespace dw::mrt
