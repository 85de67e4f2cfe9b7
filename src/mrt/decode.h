// MRT record bodies (RFC 6396, RFC 8050): TABLE_DUMP, TABLE_DUMP_V2, BGP4MP(_ET)
// and the old type-5 BGP records, decoded into MrtRecord; and the elements
// each record holds.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bgp/element.h"
#include "bgp/message.h"
#include "bgp/reader.h"
#include "bgp/result.h"
#include "mrt/record.h"

namespace dw::mrt {

struct PeerEntry {
  bgp::IpAddr bgp_id;
  bgp::IpAddr ip;
  uint32_t asn = 0;
};

enum class RecKind : uint8_t {
  PeerIndex,     // TABLE_DUMP_V2 PEER_INDEX_TABLE
  Rib,           // TABLE_DUMP_V2 RIB_* (entries)
  TableDump,     // TABLE_DUMP v1 (one entry)
  Message,       // BGP4MP(_ET) MESSAGE* and type-5 BGP UPDATE
  StateChange,   // BGP4MP STATE_CHANGE* and type-5 BGP STATE_CHANGE
  Skipped,       // a type we do not decode (counted)
};

struct RibEntry {
  uint16_t peer_index = 0;
  uint32_t originated = 0;
  uint32_t path_id = 0;
  bgp::Attributes attrs;
};

struct MrtRecord {
  RecKind kind = RecKind::Skipped;
  uint32_t ts = 0, usec = 0;
  uint16_t type = 0, subtype = 0;
  bool et = false;
  // Rib / TableDump
  bgp::Prefix prefix;
  uint32_t seq = 0;
  bool addpath = false;
  std::vector<RibEntry> entries;  // capacity reused across records
  size_t n_entries = 0;
  // RIB entries passed over (a peer index outside the peer table, attributes
  // that do not decode), and what was wrong with the first of them
  uint32_t dropped_entries = 0;
  std::string entry_damage;
  uint8_t safi = 1;
  // TableDump v1, Message, StateChange: the peer (and our side)
  bgp::IpAddr peer_ip, local_ip;
  uint32_t peer_as = 0, local_as = 0;
  uint32_t originated = 0;  // TableDump v1
  bool as4 = false;
  bool local = false;  // MESSAGE_LOCAL: sent by the collector, not received
  bool legacy = false; // type-5 BGP record
  bgp::Message msg;
  uint16_t old_state = 0, new_state = 0;
};

class MrtDecoder {
 public:
  // Decodes raw into rec. Errors name the field and byte offset in the record.
  bgp::Status decode(const RawRecord& raw, MrtRecord& rec);
  const std::vector<PeerEntry>& peers() const { return peers_; }
  // The peer table RIB records refer to, for a decoder that works on records
  // framed elsewhere (the PEER_INDEX_TABLE was decoded by another decoder).
  void set_peers(const std::vector<PeerEntry>& peers) { peers_ = peers; }

 private:
  bgp::Status decode_peer_index(bgp::Reader r);
  bgp::Status decode_rib(bgp::Reader r, MrtRecord& rec);
  bgp::Status decode_table_dump(bgp::Reader r, MrtRecord& rec);
  bgp::Status decode_bgp4mp(bgp::Reader r, MrtRecord& rec);
  bgp::Status decode_legacy_bgp(bgp::Reader r, MrtRecord& rec);
  std::vector<PeerEntry> peers_;
};

// Calls f for each element of a decoded record (none for PeerIndex/Skipped).
void for_each_element(const MrtRecord& rec, const std::vector<PeerEntry>& peers,
                      const std::function<void(const bgp::Element&)>& f);

}  // namespace dw::mrt
