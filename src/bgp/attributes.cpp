// The path-attribute block: framing of each attribute (flags, type, length),
// dispatch to the per-type decoders, and the RFC 7606 decision when one fails.
#include "bgp/attributes.h"

#include "bgp/attr/decoders.h"

namespace dw::bgp {

const char* to_string(ErrorCode c) {
  switch (c) {
    case ErrorCode::Truncated: return "truncated";
    case ErrorCode::BadLength: return "bad length";
    case ErrorCode::BadValue: return "bad value";
    case ErrorCode::Unsupported: return "unsupported";
  }
  return "unknown";
}

std::string Error::describe() const {
  std::string s = field + ": " + to_string(code) + " at byte " + std::to_string(offset);
  if (code == ErrorCode::Truncated || (code == ErrorCode::BadLength && need))
    s += " (need " + std::to_string(need) + ", have " + std::to_string(have) + ")";
  return s;
}

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Ok: return "ok";
    case Outcome::AttributeDiscard: return "attribute-discard";
    case Outcome::TreatAsWithdraw: return "treat-as-withdraw";
    case Outcome::SessionReset: return "session-reset";
  }
  return "unknown";
}

size_t AsPath::path_length() const {
  size_t n = 0;
  for (const auto& s : segs) {
    if (s.type == SegType::Sequence) n += s.count;
    else if (s.type == SegType::Set) n += 1;
  }
  return n;
}

uint32_t AsPath::origin() const {
  if (segs.empty() || segs.back().type != SegType::Sequence) return 0;
  return asns.back();
}

uint32_t AsPath::upstream() const {
  if (segs.empty() || segs.back().type != SegType::Sequence) return 0;
  uint32_t o = asns.back();
  // walk back over prepending within the trailing sequences
  size_t i = asns.size();
  size_t seq_start = asns.size() - segs.back().count;
  while (i > 0) {
    --i;
    if (i < seq_start) {
      // crossed into an earlier segment: only a sequence may continue the chain
      size_t at = 0;
      for (const auto& s : segs) {
        if (i >= at && i < at + s.count) {
          if (s.type != SegType::Sequence) return 0;
          seq_start = at;
          break;
        }
        at += s.count;
      }
    }
    if (asns[i] != o) return asns[i];
  }
  return 0;
}

void AsPath::format(std::string& out) const {
  char buf[16];
  size_t at = 0;
  bool first = true;
  for (const auto& s : segs) {
    if (!first) out.push_back(' ');
    first = false;
    const char* open = "";
    const char* close = "";
    char sep = ' ';
    switch (s.type) {
      case SegType::Set: open = "{", close = "}", sep = ','; break;
      case SegType::ConfedSequence: open = "(", close = ")"; break;
      case SegType::ConfedSet: open = "[", close = "]", sep = ','; break;
      case SegType::Sequence: break;
    }
    out += open;
    for (unsigned i = 0; i < s.count; ++i) {
      if (i) out.push_back(sep);
      out.append(buf, format_u32(buf, asns[at + i]));
    }
    out += close;
    at += s.count;
  }
}

std::string AsPath::str() const {
  std::string s;
  format(s);
  return s;
}

// Resets only what the last decode wrote (dirty), so a cleared record costs
// the cache lines it used, not all of them; fields read only when present.
void Attributes::clear() {
  uint64_t d = dirty;
  auto was = [d](AttrType t) { return (d >> static_cast<unsigned>(t)) & 1; };
  present = 0;
  dirty = 0;
  outcome = Outcome::Ok;
  as_path.clear();
  if (!warnings.empty()) warnings.clear();
  if (!unknown.empty()) unknown.clear();
  if (was(AttrType::Origin)) origin = 0;
  if (was(AttrType::NextHop)) next_hop = {};
  if (was(AttrType::Med)) med = 0;
  if (was(AttrType::LocalPref)) local_pref = 0;
  if (was(AttrType::Communities)) communities.clear();
  if (was(AttrType::LargeCommunities)) large_communities.clear();
  if (was(AttrType::Aggregator) || was(AttrType::As4Aggregator)) aggregator = as4_aggregator = {};
  if (was(AttrType::As4Path)) as4_path.clear();
  if (was(AttrType::ExtCommunities)) ext_communities.clear();
  if (was(AttrType::OriginatorId)) originator_id = {};
  if (was(AttrType::ClusterList)) cluster_list.clear();
  if (was(AttrType::OnlyToCustomer)) only_to_customer = 0;
  if (was(AttrType::MpReach)) mp_reach.nlri.clear();
  if (was(AttrType::MpUnreach)) mp_unreach.nlri.clear();
}

static Status decode_nlri_strict(std::span<const uint8_t> data, Afi afi, bool addpath, std::vector<Prefix>& out,
                                 size_t base_offset);

Status decode_nlri(std::span<const uint8_t> data, Afi afi, bool addpath, std::vector<Prefix>& out,
                   size_t base_offset, bool* guessed) {
  size_t before = out.size();
  auto st = decode_nlri_strict(data, afi, addpath, out, base_offset);
  if (st || addpath || !guessed) return st;
  std::vector<Prefix> alt;
  if (!decode_nlri_strict(data, afi, true, alt, base_offset)) return st;
  out.resize(before);
  out.insert(out.end(), alt.begin(), alt.end());
  *guessed = true;
  return {};
}

static Status decode_nlri_strict(std::span<const uint8_t> data, Afi afi, bool addpath, std::vector<Prefix>& out,
                                 size_t base_offset) {
  Reader r(data, base_offset);
  const unsigned max = afi == Afi::Ipv4 ? 32 : 128;
  while (!r.empty()) {
    Prefix p;
    p.addr.afi = afi;
    if (addpath) {
      DW_TRY(r.require(4, "NLRI path id"));
      p.path_id = r.u32_unchecked();
    }
    DW_TRY(r.require(1, "NLRI prefix length"));
    uint8_t len = r.u8_unchecked();
    if (len > max) return fail(ErrorCode::BadValue, "NLRI prefix length", r.offset() - 1);
    size_t nbytes = (len + 7u) / 8;
    DW_TRY(r.require(nbytes, "NLRI prefix"));
    r.copy_unchecked(p.addr.b.data(), nbytes);
    // bits past the length must be ignored (bgpdump's nlri_mask_trailing_bits case)
    if (len % 8) p.addr.b[nbytes - 1] &= static_cast<uint8_t>(0xff << (8 - len % 8));
    p.len = len;
    out.push_back(p);
  }
  return {};
}

namespace {

// RFC 7606 section 7: what a malformed attribute of this type costs.
Outcome outcome_for(uint8_t type) {
  switch (static_cast<AttrType>(type)) {
    case AttrType::AtomicAggregate:
    case AttrType::Aggregator:
    case AttrType::As4Aggregator:
    case AttrType::As4Path:  // RFC 6793 as amended by RFC 7606 7.9... attribute discard
      return Outcome::AttributeDiscard;
    case AttrType::MpReach:
    case AttrType::MpUnreach:
      return Outcome::SessionReset;
    default:
      return Outcome::TreatAsWithdraw;
  }
}

void worsen(Attributes& a, Outcome o) {
  if (static_cast<uint8_t>(o) > static_cast<uint8_t>(a.outcome)) a.outcome = o;
}

Status dispatch(uint8_t type, Reader v, const DecodeContext& ctx, Attributes& a) {
  using namespace attr;
  switch (static_cast<AttrType>(type)) {
    case AttrType::Origin: return decode_origin(v, ctx, a);
    case AttrType::AsPath: return decode_as_path(v, ctx, a.as_path, ctx.as4);
    case AttrType::NextHop: return decode_next_hop(v, ctx, a);
    case AttrType::Med: return decode_med(v, ctx, a);
    case AttrType::LocalPref: return decode_local_pref(v, ctx, a);
    case AttrType::AtomicAggregate: return decode_atomic_aggregate(v, ctx, a);
    case AttrType::Aggregator: return decode_aggregator(v, a.aggregator, ctx.as4);
    case AttrType::Communities: return decode_communities(v, ctx, a);
    case AttrType::OriginatorId: return decode_originator_id(v, ctx, a);
    case AttrType::ClusterList: return decode_cluster_list(v, ctx, a);
    case AttrType::MpReach: return decode_mp_reach(v, ctx, a);
    case AttrType::MpUnreach: return decode_mp_unreach(v, ctx, a);
    case AttrType::ExtCommunities: return decode_ext_communities(v, ctx, a);
    case AttrType::As4Path: return decode_as_path(v, ctx, a.as4_path, true);
    case AttrType::As4Aggregator: return decode_aggregator(v, a.as4_aggregator, true);
    case AttrType::LargeCommunities: return decode_large_communities(v, ctx, a);
    case AttrType::OnlyToCustomer: return decode_only_to_customer(v, ctx, a);
  }
  return fail(ErrorCode::Unsupported, "attribute type", v.offset());
}

bool known(uint8_t type) {
  switch (static_cast<AttrType>(type)) {
    case AttrType::Origin: case AttrType::AsPath: case AttrType::NextHop: case AttrType::Med:
    case AttrType::LocalPref: case AttrType::AtomicAggregate: case AttrType::Aggregator:
    case AttrType::Communities: case AttrType::OriginatorId: case AttrType::ClusterList:
    case AttrType::MpReach: case AttrType::MpUnreach: case AttrType::ExtCommunities:
    case AttrType::As4Path: case AttrType::As4Aggregator: case AttrType::LargeCommunities:
    case AttrType::OnlyToCustomer:
      return true;
  }
  return false;
}

}  // namespace

Status decode_attributes(std::span<const uint8_t> data, const DecodeContext& ctx, Attributes& a,
                         size_t base_offset) {
  a.clear();
  uint64_t seen[4] = {};  // attribute types met so far, all 256 of them
  Reader r(data, base_offset);
  while (!r.empty()) {
    size_t at = r.offset();
    if (r.remaining() < 3) {
      a.warnings.push_back("attribute header truncated at byte " + std::to_string(at));
      worsen(a, Outcome::TreatAsWithdraw);
      break;
    }
    uint8_t flags = r.u8_unchecked();
    uint8_t type = r.u8_unchecked();
    size_t len;
    if (flags & 0x10) {
      if (r.remaining() < 2) {
        a.warnings.push_back("attribute length truncated at byte " + std::to_string(at));
        worsen(a, Outcome::TreatAsWithdraw);
        break;
      }
      len = r.u16_unchecked();
    } else {
      len = r.u8_unchecked();
    }
    auto v = r.sub(len, "attribute value");
    if (!v) {
      // RFC 7606 4: a length that overruns the block makes the rest unreadable
      a.warnings.push_back("attribute " + std::to_string(type) + " overruns the attribute block: " +
                           v.error().describe());
      worsen(a, type == 14 || type == 15 ? Outcome::SessionReset : Outcome::TreatAsWithdraw);
      break;
    }
    if (seen[type / 64] >> (type % 64) & 1) {
      // RFC 7606 3(g): a second MP_REACH or MP_UNREACH makes the attribute list
      // malformed (session reset); any other repeat, known or not, is discarded
      // and the first occurrence stands.
      bool mp = type == 14 || type == 15;
      a.warnings.push_back("repeated attribute " + std::to_string(type) + " at byte " + std::to_string(at) +
                           (mp ? " (malformed attribute list)" : " (discarded, the first one kept)"));
      worsen(a, mp ? Outcome::SessionReset : Outcome::AttributeDiscard);
      continue;
    }
    seen[type / 64] |= uint64_t{1} << (type % 64);
    if (!known(type)) {
      a.unknown.push_back({flags, type, std::vector<uint8_t>(v->rest().begin(), v->rest().end())});
      continue;
    }
    if (type < 64) a.dirty |= uint64_t{1} << type;  // written even if the decode fails
    auto st = dispatch(type, *v, ctx, a);
    if (!st) {
      a.warnings.push_back("attribute " + std::to_string(type) + ": " + st.error().describe());
      worsen(a, outcome_for(type));
      continue;
    }
    a.set(static_cast<AttrType>(type));
  }
  if (!ctx.as4 && (a.has(AttrType::As4Path) || a.has(AttrType::As4Aggregator))) attr::merge_as4_path(a);
  return {};
}

}  // namespace dw::bgp
