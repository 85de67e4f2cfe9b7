// AS_PATH (RFC 4271 5.1.2, 2- or 4-byte ASNs per RFC 6793) and AS4_PATH (type 17),
// and the RFC 6793 merge of the two.
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

void merge_as4_path(Attributes& a) {
  constexpr uint32_t kAsTrans = 23456;
  // An AGGREGATOR from a 4-byte-capable router means AS4_* attributes are stale.
  if (a.has(AttrType::Aggregator) && a.aggregator.asn != kAsTrans) return;
  if (a.has(AttrType::As4Aggregator)) a.aggregator = a.as4_aggregator;
  if (!a.has(AttrType::As4Path)) return;
  // Confederation segments in AS4_PATH are not allowed (RFC 6793 6); ignore them.
  size_t n2 = a.as_path.path_length(), n4 = a.as4_path.path_length();
  if (n2 < n4) return;
  AsPath merged;
  size_t keep = n2 - n4;
  size_t at = 0;
  for (const auto& s : a.as_path.segs) {
    if (keep == 0) break;
    bool confed = s.type == SegType::ConfedSequence || s.type == SegType::ConfedSet;
    if (s.type == SegType::Set || confed) {
      if (!confed) --keep;
      merged.segs.push_back(s);
      merged.asns.insert(merged.asns.end(), a.as_path.asns.begin() + static_cast<long>(at),
                         a.as_path.asns.begin() + static_cast<long>(at + s.count));
    } else {
      uint16_t take = static_cast<uint16_t>(std::min<size_t>(keep, s.count));
      merged.segs.push_back({s.type, take});
      merged.asns.insert(merged.asns.end(), a.as_path.asns.begin() + static_cast<long>(at),
                         a.as_path.asns.begin() + static_cast<long>(at + take));
      keep -= take;
    }
    at += s.count;
  }
  size_t at4 = 0;
  for (const auto& s : a.as4_path.segs) {
    // join with a preceding sequence, as the path is one sequence on the wire
    if (s.type == SegType::Sequence && !merged.segs.empty() && merged.segs.back().type == SegType::Sequence &&
        merged.segs.back().count + s.count <= 255) {
      merged.segs.back().count = static_cast<uint16_t>(merged.segs.back().count + s.count);
    } else {
      merged.segs.push_back(s);
    }
    merged.asns.insert(merged.asns.end(), a.as4_path.asns.begin() + static_cast<long>(at4),
                       a.as4_path.asns.begin() + static_cast<long>(at4 + s.count));
    at4 += s.count;
  }
  a.as_path = std::move(merged);
}

}  // namespace dw::bgp::attr
