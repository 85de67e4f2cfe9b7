// AS_PATH (RFC 4271 5.1.2, 2- or 4-byte ASNs per RFC 6793) and AS4_PATH (type 17),
// and the RFC 6793 merge of the two.
#include <algorithm>

#include "bgp/attr/decoders.h"

namespace dw::bgp::attr {

Status decode_as_path(Reader r, const DecodeContext&, AsPath& out, bool four_byte) {
  out.clear();
  const size_t w = four_byte ? 4 : 2;
  while (!r.empty()) {
    DW_TRY(r.require(2, "AS_PATH segment header"));
    uint8_t type = r.u8_unchecked();
    uint8_t count = r.u8_unchecked();
    if (type < 1 || type > 4) return fail(ErrorCode::BadValue, "AS_PATH segment type", r.offset() - 2);
    if (count == 0) return fail(ErrorCode::BadValue, "AS_PATH empty segment", r.offset() - 1);
    DW_TRY(r.require(count * w, "AS_PATH segment ASNs"));
    out.segs.push_back({static_cast<SegType>(type), count});
    for (unsigned i = 0; i < count; ++i) out.asns.push_back(four_byte ? r.u32_unchecked() : r.u16_unchecked());
  }
  return {};
}

namespace {

bool is_confed(SegType t) { return t == SegType::ConfedSequence || t == SegType::ConfedSet; }

void append_seg(AsPath& out, const AsPath& from, size_t at, AsPath::Seg s) {
  out.segs.push_back(s);
  out.asns.insert(out.asns.end(), from.asns.begin() + static_cast<long>(at),
                  from.asns.begin() + static_cast<long>(at + s.count));
}

}  // namespace

// RFC 6793 4.2.3, as written:
// - AGGREGATOR and AS4_AGGREGATOR both received, AGGREGATOR's AS not AS_TRANS:
//   AS4_AGGREGATOR and AS4_PATH are ignored (a 4-byte speaker aggregated after
//   they were made: they are stale); AS_PATH and AGGREGATOR stand.
// - Otherwise AS4_AGGREGATOR (when received beside an AS_TRANS AGGREGATOR) is
//   the aggregator, and the path is rebuilt from AS_PATH and AS4_PATH: an
//   AS4_PATH longer than AS_PATH (sets count 1, confederation segments 0) is
//   ignored; else the leading ASes of AS_PATH that AS4_PATH lacks are kept in
//   front of it, with any confederation segment that leads or is adjacent to a
//   kept segment.
// An AS4_AGGREGATOR without AGGREGATOR has nothing to replace: it is ignored.
// Confederation segments in AS4_PATH are discarded (RFC 6793 6).
void merge_as4_path(Attributes& a) {
  constexpr uint32_t kAsTrans = 23456;
  if (a.has(AttrType::Aggregator) && a.has(AttrType::As4Aggregator)) {
    if (a.aggregator.asn != kAsTrans) return;
    a.aggregator = a.as4_aggregator;
  }
  if (!a.has(AttrType::As4Path)) return;
  const AsPath* four = &a.as4_path;
  AsPath no_confed;
  if (std::any_of(four->segs.begin(), four->segs.end(), [](const AsPath::Seg& s) { return is_confed(s.type); })) {
    a.warnings.push_back("AS4_PATH holds confederation segments (discarded, RFC 6793 6)");
    if (a.outcome == Outcome::Ok) a.outcome = Outcome::AttributeDiscard;
    size_t at = 0;
    for (const auto& s : four->segs) {
      if (!is_confed(s.type)) append_seg(no_confed, *four, at, s);
      at += s.count;
    }
    four = &no_confed;
  }
  size_t n2 = a.as_path.path_length(), n4 = four->path_length();
  if (n2 < n4) return;
  AsPath merged;
  size_t keep = n2 - n4;
  size_t at = 0;
  for (const auto& s : a.as_path.segs) {
    if (is_confed(s.type)) {
      // reached only while every segment before it was kept: it leads or is adjacent
      append_seg(merged, a.as_path, at, s);
    } else if (keep == 0) {
      break;
    } else if (s.type == SegType::Set) {
      append_seg(merged, a.as_path, at, s);
      --keep;
    } else {
      uint16_t take = static_cast<uint16_t>(std::min<size_t>(keep, s.count));
      append_seg(merged, a.as_path, at, {s.type, take});
      keep -= take;
    }
    at += s.count;
  }
  size_t at4 = 0;
  for (const auto& s : four->segs) {
    // join with a preceding sequence, as the path is one sequence on the wire
    if (s.type == SegType::Sequence && !merged.segs.empty() && merged.segs.back().type == SegType::Sequence &&
        merged.segs.back().count + s.count <= 255) {
      merged.segs.back().count = static_cast<uint16_t>(merged.segs.back().count + s.count);
      merged.asns.insert(merged.asns.end(), four->asns.begin() + static_cast<long>(at4),
                         four->asns.begin() + static_cast<long>(at4 + s.count));
    } else {
      append_seg(merged, *four, at4, s);
    }
    at4 += s.count;
  }
  a.as_path = std::move(merged);
}

}  // namespace dw::bgp::attr
