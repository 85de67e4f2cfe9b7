// What the recorder keeps to write a faithful RIB dump: per prefix, the
// route of every peer (and path id) that has one, with the attributes it was
// last announced with. rib::RibState keeps only origin and upstream per
// route, which a RIB dump cannot be rebuilt from, so the recorder keeps its
// own table; to stay small it keeps each distinct attribute set once, as
// the bytes a RIB entry holds (interned, reference counted), and 16 bytes
// per route. A session that leaves Established takes its peer's routes with
// it (a collector's RIB holds only routes of sessions that are up).
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bgp/element.h"
#include "mrt/mrt_writer.h"

namespace dw::record {

class RibTable {
 public:
  // Announce or Rib: the route of e.peer for e.prefix (with its path id) is now e.attrs.
  void announce(const bgp::Element& e);
  void withdraw(const bgp::Element& e);
  // Every route of this peer goes (its session went down).
  void drop_peer(const bgp::IpAddr& ip, uint32_t asn);
  void clear();  // a RIB dump of the source follows and replaces everything

  // The whole table as TABLE_DUMP_V2 records at ts (PEER_INDEX_TABLE, then
  // RIB_* by family, SAFI and prefix), appended to out; drain is called
  // whenever out passes about 1 MiB, and may empty it.
  void write_dump(uint32_t ts, std::string_view view, std::vector<uint8_t>& out,
                  const std::function<void()>& drain) const;

  size_t routes() const { return routes_; }
  size_t prefixes() const { return table_.size(); }
  size_t attribute_sets() const { return sets_.size() - free_.size(); }

 private:
  struct Key {
    std::array<uint8_t, 16> b{};
    uint8_t len = 0, afi = 1, safi = 1;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const noexcept;
  };
  struct Route {
    uint32_t attrs;  // index into sets_
    uint32_t path_id;
    uint32_t originated;
    uint16_t peer;
  };
  struct AttrSet {
    std::string bytes;
    uint32_t refs = 0;
  };
  static Key key_of(const bgp::Element& e);
  uint16_t peer_index(const bgp::IpAddr& ip, uint32_t asn);
  uint32_t intern(const std::string& bytes);
  void release(uint32_t id);

  std::unordered_map<Key, std::vector<Route>, KeyHash> table_;
  std::vector<mrt::RibPeer> peers_;
  std::map<std::pair<bgp::IpAddr, uint32_t>, uint16_t> peer_ids_;
  std::vector<AttrSet> sets_;
  std::vector<uint32_t> free_;
  std::unordered_map<std::string, uint32_t> set_ids_;
  std::string scratch_;
  std::vector<uint8_t> enc_;
  size_t routes_ = 0;
};

}  // namespace dw::record
