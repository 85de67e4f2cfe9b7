#include "mrt/decode.h"

#include "bgp/attr/decoders.h"
#include "bgp/reader.h"
#include "bgp/update_elements.h"

namespace dw::mrt {

using bgp::Afi;
using bgp::ErrorCode;
using bgp::fail;
using bgp::Reader;
using bgp::Status;

namespace {

Status read_prefix_bytes(Reader& r, Afi afi, uint8_t len, bgp::Prefix& p) {
  unsigned max = afi == Afi::Ipv4 ? 32 : 128;
  if (len > max) return fail(ErrorCode::BadValue, "prefix length", r.offset() - 1);
  p.addr = {};
  p.addr.afi = afi;
  p.len = len;
  size_t n = (len + 7u) / 8;
  DW_TRY(r.require(n, "prefix"));
  r.copy_unchecked(p.addr.b.data(), n);
  if (len % 8) p.addr.b[n - 1] &= static_cast<uint8_t>(0xff << (8 - len % 8));
  return {};
}

}  // namespace

Status MrtDecoder::decode(const RawRecord& raw, MrtRecord& rec) {
  rec.kind = RecKind::Skipped;
  rec.ts = raw.ts;
  rec.usec = raw.usec;
  rec.type = raw.type;
  rec.subtype = raw.subtype;
  rec.et = raw.et();
  rec.legacy = false;
  rec.local = false;
  rec.addpath = false;
  rec.n_entries = 0;
  rec.dropped_entries = 0;
  rec.entry_damage.clear();
  // offsets in errors count from the record header
  Reader r(raw.body, raw.et() ? 16 : 12);
  switch (raw.type) {
    case 12: return decode_table_dump(r, rec);
    case 13:
      if (raw.subtype == 1) {
        rec.kind = RecKind::PeerIndex;
        return decode_peer_index(r);
      }
      return decode_rib(r, rec);
    case 16:
    case 17: return decode_bgp4mp(r, rec);
    case 5: return decode_legacy_bgp(r, rec);
    default: return {};
  }
}

Status MrtDecoder::decode_peer_index(Reader r) {
  peers_.clear();
  DW_TRY(r.require(6, "PEER_INDEX_TABLE header"));
  r.u32_unchecked();  // collector BGP id
  uint16_t name_len = r.u16_unchecked();
  DW_TRY(r.skip(name_len, "PEER_INDEX_TABLE view name"));
  DW_TRY_ASSIGN(uint16_t count, r.u16("PEER_INDEX_TABLE peer count"));
  peers_.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    DW_TRY(r.require(5, "peer entry"));
    uint8_t type = r.u8_unchecked();
    PeerEntry p;
    p.bgp_id = bgp::IpAddr::v4(r.u32_unchecked());
    DW_TRY_ASSIGN(p.ip, bgp::attr::read_addr(r, (type & 1) ? Afi::Ipv6 : Afi::Ipv4, "peer address"));
    if (type & 2) {
      DW_TRY_ASSIGN(p.asn, r.u32("peer AS"));
    } else {
      DW_TRY_ASSIGN(p.asn, r.u16("peer AS"));
    }
    peers_.push_back(p);
  }
  return {};
}

Status MrtDecoder::decode_rib(Reader r, MrtRecord& rec) {
  Afi afi;
  uint8_t safi = 1;
  bool generic = false;
  switch (rec.subtype) {
    case 2: case 8: afi = Afi::Ipv4; break;
    case 3: case 9: afi = Afi::Ipv4, safi = 2; break;
    case 4: case 10: afi = Afi::Ipv6; break;
    case 5: case 11: afi = Afi::Ipv6, safi = 2; break;
    case 6: case 12: generic = true, afi = Afi::Ipv4; break;
    default: return {};  // GEO_PEER_TABLE and unknown: skipped
  }
  rec.addpath = rec.subtype >= 8;
  DW_TRY_ASSIGN(rec.seq, r.u32("RIB sequence number"));
  if (generic) {
    DW_TRY(r.require(3, "RIB_GENERIC AFI/SAFI"));
    uint16_t a = r.u16_unchecked();
    safi = r.u8_unchecked();
    if ((a != 1 && a != 2) || (safi != 1 && safi != 2)) return {};  // other families: skipped
    afi = static_cast<Afi>(a);
  }
  DW_TRY_ASSIGN(uint8_t plen, r.u8("RIB prefix length"));
  DW_TRY(read_prefix_bytes(r, afi, plen, rec.prefix));
  rec.safi = safi;
  DW_TRY_ASSIGN(uint16_t count, r.u16("RIB entry count"));
  if (rec.entries.size() < count) rec.entries.resize(count);
  bgp::DecodeContext ctx;
  ctx.as4 = true;
  ctx.mrt_rib = true;
  ctx.rib_afi = afi;
  ctx.rib_safi = safi;
  // An entry whose own bytes are framed (its attribute length fits) but whose
  // content is wrong is passed over and counted: the record's other entries
  // stand. Only entries that run past the body fail the record.
  auto drop = [&](unsigned i, const bgp::Error& e) {
    if (!rec.dropped_entries++) rec.entry_damage = "RIB entry " + std::to_string(i) + ": " + e.describe();
  };
  size_t kept = 0;
  for (unsigned i = 0; i < count; ++i) {
    RibEntry& e = rec.entries[kept];
    DW_TRY(r.require(6, "RIB entry header"));
    size_t entry_at = r.offset();
    e.peer_index = r.u16_unchecked();
    e.originated = r.u32_unchecked();
    e.path_id = 0;
    if (rec.addpath) {
      DW_TRY_ASSIGN(e.path_id, r.u32("RIB entry path id"));
    }
    DW_TRY_ASSIGN(uint16_t alen, r.u16("RIB entry attribute length"));
    DW_TRY_ASSIGN(Reader a, r.sub(alen, "RIB entry attributes"));
    if (e.peer_index >= peers_.size()) {
      drop(i, bgp::Error{ErrorCode::BadValue, "peer index " + std::to_string(e.peer_index) +
                                                  " (peer table has " + std::to_string(peers_.size()) + ")",
                         entry_at});
      continue;
    }
    if (auto st = bgp::decode_attributes(a.rest(), ctx, e.attrs, a.offset()); !st) {
      drop(i, st.error());
      continue;
    }
    rec.n_entries = ++kept;
  }
  rec.kind = RecKind::Rib;
  return {};
}

Status MrtDecoder::decode_table_dump(Reader r, MrtRecord& rec) {
  Afi afi = rec.subtype == 2 ? Afi::Ipv6 : Afi::Ipv4;
  if (rec.subtype != 1 && rec.subtype != 2) return {};
  DW_TRY(r.require(4, "TABLE_DUMP view/sequence"));
  r.u16_unchecked();
  rec.seq = r.u16_unchecked();
  rec.prefix = {};
  DW_TRY_ASSIGN(rec.prefix.addr, bgp::attr::read_addr(r, afi, "TABLE_DUMP prefix"));
  DW_TRY_ASSIGN(rec.prefix.len, r.u8("TABLE_DUMP prefix length"));
  if (rec.prefix.len > (afi == Afi::Ipv4 ? 32 : 128))
    return fail(ErrorCode::BadValue, "TABLE_DUMP prefix length", r.offset() - 1);
  DW_TRY(r.require(5, "TABLE_DUMP status/originated"));
  r.u8_unchecked();
  rec.originated = r.u32_unchecked();
  DW_TRY_ASSIGN(rec.peer_ip, bgp::attr::read_addr(r, afi, "TABLE_DUMP peer address"));
  DW_TRY_ASSIGN(rec.peer_as, r.u16("TABLE_DUMP peer AS"));
  DW_TRY_ASSIGN(uint16_t alen, r.u16("TABLE_DUMP attribute length"));
  DW_TRY_ASSIGN(Reader a, r.sub(alen, "TABLE_DUMP attributes"));
  if (rec.entries.empty()) rec.entries.resize(1);
  bgp::DecodeContext ctx;
  ctx.as4 = false;
  ctx.mrt_rib = true;
  ctx.rib_afi = afi;
  DW_TRY(bgp::decode_attributes(a.rest(), ctx, rec.entries[0].attrs, a.offset()));
  rec.entries[0].originated = rec.originated;
  rec.entries[0].peer_index = 0;
  rec.entries[0].path_id = 0;
  rec.n_entries = 1;
  rec.kind = RecKind::TableDump;
  return {};
}

Status MrtDecoder::decode_bgp4mp(Reader r, MrtRecord& rec) {
  uint16_t st = rec.subtype;
  bool state = st == 0 || st == 5;
  bool message = st == 1 || (st >= 4 && st <= 11 && st != 5);
  if (!state && !message) return {};  // ENTRY, SNAPSHOT: skipped
  rec.as4 = st == 4 || st == 5 || st == 7 || st == 9 || st == 11;
  rec.local = st == 6 || st == 7 || st == 10 || st == 11;
  rec.addpath = st >= 8;
  if (rec.as4) {
    DW_TRY(r.require(8, "BGP4MP AS numbers"));
    rec.peer_as = r.u32_unchecked();
    rec.local_as = r.u32_unchecked();
  } else {
    DW_TRY(r.require(4, "BGP4MP AS numbers"));
    rec.peer_as = r.u16_unchecked();
    rec.local_as = r.u16_unchecked();
  }
  // Old Zebra wrote records without interface, family and addresses: a bare
  // 8-byte STATE_CHANGE, or a MESSAGE whose BGP marker follows the AS numbers.
  if (state && !rec.as4 && r.remaining() == 4) {
    rec.peer_ip = rec.local_ip = bgp::IpAddr{};
    rec.old_state = r.u16_unchecked();
    rec.new_state = r.u16_unchecked();
    rec.kind = RecKind::StateChange;
    return {};
  }
  if (message && r.remaining() >= 16) {
    auto rest = r.rest();
    bool marker = true;
    for (int i = 0; i < 16; ++i) marker = marker && rest[static_cast<size_t>(i)] == 0xff;
    if (marker) {
      rec.peer_ip = rec.local_ip = bgp::IpAddr{};
      bgp::DecodeContext ctx;
      ctx.as4 = rec.as4;
      ctx.addpath = rec.addpath;
      DW_TRY(bgp::decode_message(r.rest(), ctx, rec.msg, r.offset()));
      rec.kind = RecKind::Message;
      return {};
    }
  }
  DW_TRY(r.require(4, "BGP4MP interface/AFI"));
  r.u16_unchecked();
  uint16_t afi = r.u16_unchecked();
  if (afi != 1 && afi != 2) return fail(ErrorCode::BadValue, "BGP4MP address family " + std::to_string(afi), r.offset() - 2);
  DW_TRY_ASSIGN(rec.peer_ip, bgp::attr::read_addr(r, static_cast<Afi>(afi), "BGP4MP peer address"));
  DW_TRY_ASSIGN(rec.local_ip, bgp::attr::read_addr(r, static_cast<Afi>(afi), "BGP4MP local address"));
  if (state) {
    DW_TRY(r.require(4, "BGP4MP states"));
    rec.old_state = r.u16_unchecked();
    rec.new_state = r.u16_unchecked();
    rec.kind = RecKind::StateChange;
    return {};
  }
  bgp::DecodeContext ctx;
  ctx.as4 = rec.as4;
  ctx.addpath = rec.addpath;
  DW_TRY(bgp::decode_message(r.rest(), ctx, rec.msg, r.offset()));
  rec.kind = RecKind::Message;
  return {};
}

Status MrtDecoder::decode_legacy_bgp(Reader r, MrtRecord& rec) {
  rec.legacy = true;
  rec.as4 = false;
  if (rec.subtype == 1) {  // UPDATE
    DW_TRY(r.require(12, "BGP peer/local"));
    rec.peer_as = r.u16_unchecked();
    rec.peer_ip = bgp::IpAddr::v4(r.u32_unchecked());
    rec.local_as = r.u16_unchecked();
    rec.local_ip = bgp::IpAddr::v4(r.u32_unchecked());
    bgp::DecodeContext ctx;
    ctx.as4 = false;
    rec.msg.type = bgp::MsgType::Update;
    DW_TRY(bgp::decode_update_body(r.rest(), ctx, rec.msg.update, r.offset()));
    rec.kind = RecKind::Message;
    return {};
  }
  if (rec.subtype == 3) {  // STATE_CHANGE
    DW_TRY(r.require(10, "BGP state change"));
    rec.peer_as = r.u16_unchecked();
    rec.peer_ip = bgp::IpAddr::v4(r.u32_unchecked());
    rec.old_state = r.u16_unchecked();
    rec.new_state = r.u16_unchecked();
    rec.kind = RecKind::StateChange;
    return {};
  }
  return {};  // OPEN, NOTIFY, KEEPALIVE, SYNC: nothing to report
}

void for_each_element(const MrtRecord& rec, const std::vector<PeerEntry>& peers,
                      const std::function<void(const bgp::Element&)>& f) {
  bgp::Element e;
  e.ts = rec.ts;
  e.usec = rec.usec;
  switch (rec.kind) {
    case RecKind::Rib:
      e.type = bgp::ElemType::Rib;
      e.safi = rec.safi;
      for (size_t i = 0; i < rec.n_entries; ++i) {
        const auto& en = rec.entries[i];
        e.peer_ip = peers[en.peer_index].ip;
        e.peer_as = peers[en.peer_index].asn;
        e.prefix = rec.prefix;
        e.prefix.path_id = en.path_id;
        e.attrs = &en.attrs;
        f(e);
      }
      return;
    case RecKind::TableDump:
      e.type = bgp::ElemType::Rib;
      e.peer_ip = rec.peer_ip;
      e.peer_as = rec.peer_as;
      e.prefix = rec.prefix;
      e.attrs = &rec.entries[0].attrs;
      f(e);
      return;
    case RecKind::StateChange:
      e.type = bgp::ElemType::PeerState;
      e.peer_ip = rec.peer_ip;
      e.peer_as = rec.peer_as;
      e.old_state = rec.old_state;
      e.new_state = rec.new_state;
      f(e);
      return;
    case RecKind::Message:
      if (rec.local || rec.msg.type != bgp::MsgType::Update) return;  // what we sent is not the peer's view
      e.peer_ip = rec.peer_ip;
      e.peer_as = rec.peer_as;
      bgp::for_each_update_element(rec.msg.update, e, f);
      return;
    default: return;
  }
}

}  // namespace dw::mrt
