// Per-entity visibility over time: for every country, every origin AS and the
// whole table, the IPv4 /24s and IPv6 /48s visible, the prefixes visible, and
// per time bin the announcements, withdrawals and full-feed peers up.
// An IPv4 /24 counts once however many visible prefixes cover it; a prefix
// spanning countries is split across the /24s it covers. IPv6 counts /48s of
// visible prefixes, each /48 once too (see V6Union). Upstreams: the
// distinct ASes next to the origin on any peer's route to the entity's prefixes.
// Special-purpose space (geo/special_space.h) counts toward nothing; space
// the geography places in no country goes to the one Unplaced entity.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <string>
#include <unordered_map>
#include <vector>

#include "bgp/prefetch.h"
#include "geo/country_db.h"
#include "rib/rib_state.h"
#include "signal/entity_index.h"
#include "signal/v6_union.h"

namespace dw::signal {

// Unplaced: the space the geography puts in no country (no answer, or a
// pseudo-code such as ZZ, EU, A1), counted so that the table adds up, but
// never reported as a country and never the subject of an event.
enum class EntityType : uint8_t { Table, Country, Asn, Unplaced };

struct EntityKey {
  EntityType type;
  uint32_t code;  // CountryCode or ASN (0 for the table and unplaced)
  std::string str() const;  // "country:KP", "asn:131279", "table", "unplaced"
  const char* type_name() const;  // "country", "asn", "table", "unplaced"
  std::string code_str() const;   // "KP", "131279", ""
  // Countries and origin ASes are told about; the table and unplaced space are not.
  bool has_events() const { return type == EntityType::Country || type == EntityType::Asn; }
  // "country:KP" (any case), "asn:131279", "AS131279", "131279", "KP", "table", "unplaced"
  static std::optional<EntityKey> parse(std::string_view s);
};

struct Values {
  int64_t v4 = 0;   // /24s
  int64_t v6 = 0;   // /48s
  int64_t prefixes = 0;
};

struct BinRow {
  uint32_t start = 0;
  Values end, low;  // at the bin's end, and the lowest inside it
  uint32_t announcements = 0, withdrawals = 0, peers = 0;
  uint32_t upstreams = 0;  // distinct upstream ASes on the routes at the bin's end
  bool operator==(const BinRow&) const = default;
};
inline bool operator==(const Values& a, const Values& b) {
  return a.v4 == b.v4 && a.v6 == b.v6 && a.prefixes == b.prefixes;
}

// Rows are not kept here: each closed bin is handed to the listeners (the
// store writes it, the detector reads it) and only the last one is held.
struct Entity {
  EntityKey key;
  Values cur;
  BinRow bin{};     // the bin being filled
  BinRow closed{};  // the last closed bin
  bool changed = true;  // closed differs from the bin before it (sparse output)
  // bin.low holds a value: an entity that came into existence inside this bin
  // has none until its first change (its 0 before that is no dip)
  bool low_known = false;
  std::vector<rib::PrefixId> prefixes;  // prefixes ever attributed to it, each once, in id order
  std::unordered_map<uint32_t, uint32_t> upstreams;  // upstream AS -> its prefixes routed through it
};

using EntityId = uint32_t;

struct SignalListener {
  virtual ~SignalListener() = default;
  // An entity's values changed at ts (prefix p flipped, for the reason given).
  virtual void on_change(EntityId, const Values& before, const Values& after, rib::PrefixId p, bool visible,
                         uint32_t ts, rib::ChangeCause cause) = 0;
  virtual void on_bin(uint32_t bin_start, uint32_t bin_end) = 0;
  // A route of prefix p from peer was announced or withdrawn (voting: the peer votes).
  virtual void on_route(rib::PrefixId, rib::PeerId, bool /*announce*/, bool /*voting*/, uint32_t /*ts*/) {}
};

class VisibilityCounter : public rib::RibListener {
 public:
  VisibilityCounter(const rib::RibState& rib, const geo::CountryDb* geo, uint32_t bin_seconds);
  void set_listener(SignalListener* l) { sig_ = l; }

  void on_new_prefix(rib::PrefixId) override;
  // Warms the cache for a route about to be applied (Engine::prefetch), in
  // two steps some events apart: first the country of the prefix's first
  // /24 (a random read in a 32 MB table) and the origin AS's index slot;
  // then, the slot being there, the origin's entity.
  void prefetch(const bgp::Prefix& p, uint32_t origin) const {
    if (geo_ && p.addr.is_v4()) bgp::prefetch(&cc24_[p.addr.v4_host() >> 8]);
    if (origin) index_.prefetch(key_of(EntityType::Asn, origin));
  }
  void prefetch_entity(uint32_t origin) const {
    if (!origin) return;
    if (EntityId id = index_.find(key_of(EntityType::Asn, origin)); id != EntityIndex::kNone) {
      bgp::prefetch(&entities_[id].prefixes);
      bgp::prefetch(&entities_[id].upstreams);
    }
  }
  void on_visibility(rib::PrefixId, bool visible, uint32_t ts, rib::ChangeCause cause) override;
  void on_route_event(rib::PrefixId, rib::PeerId, bool announce, bool voting, uint32_t ts) override;
  void on_upstream(rib::PrefixId, uint32_t upstream, bool added) override;

  // For runs over a stored database (no routing state): an entity by key, and
  // a step change of its values as the store recorded it.
  EntityId add_entity(const EntityKey& k);
  void replay_change(EntityId e, const Values& after, rib::PrefixId p, bool visible, uint32_t ts,
                     rib::ChangeCause cause);

  // Closes every bin that ends at or before ts.
  void advance(uint32_t ts);
  // The clock leapt over a gap in the data (engine: kMaxClockJump): closes
  // the open bin and starts the next at ts's bin, without the empty bins
  // between (listeners see one on_bin, then bins from ts on).
  void jump(uint32_t ts);
  // The first bin starts at ts: what was loaded before (the RIB dumps) is
  // where every entity starts, not a rise from 0 inside that bin.
  void start(uint32_t ts);
  uint32_t bin_seconds() const { return bin_; }

  const std::vector<Entity>& entities() const { return entities_; }
  EntityId find(const EntityKey& k) const;
  const std::vector<EntityId>& entities_of(rib::PrefixId p) const { return prefix_entities_[p]; }
  geo::CountryCode country_of(rib::PrefixId p) const { return prefix_cc_[p]; }
  // Prefixes in special-purpose space, counted toward nothing: how many per
  // registry entry (or length rule), each prefix once.
  const std::map<std::string, uint64_t>& ignored() const { return ignored_; }
  std::string ignored_summary() const;  // "3 prefixes: 2002::/16 6to4 (RFC 3056) 1, ..." or "none"

  // Every entity's counts, open bin and last closed bin, and what each prefix
  // is counted toward, for the engine's checkpoint (signal/state_checkpoint.cpp).
  // load_state is for a fresh counter over a RibState restored from the same
  // checkpoint, and tells no listener.
  void save_state(std::vector<uint8_t>& out) const;
  bgp::Status load_state(std::span<const uint8_t> data);
  template <class S>
  void state_io(S& s);

 private:
  EntityId entity(EntityType t, uint32_t code, rib::PrefixId p);
  EntityId place(geo::CountryCode c, rib::PrefixId p);  // the country's entity, or unplaced
  EntityId find_place(geo::CountryCode c) const;
  geo::CountryCode cc24(uint32_t slash24);
  geo::CountryCode placed(geo::CountryCode c, geo::CountryCode by_as) const;
  void set_value(Entity& en, const Values& v);
  void classify(rib::PrefixId p);
  const rib::RibState& rib_;
  const geo::CountryDb* geo_;
  SignalListener* sig_ = nullptr;
  uint32_t bin_;
  uint32_t bin_start_ = 0;
  std::vector<Entity> entities_;
  EntityIndex index_;  // (type << 32 | code) -> id
  static uint64_t key_of(EntityType t, uint32_t code) { return (uint64_t{static_cast<uint8_t>(t)} << 32) | code; }
  uint64_t last_key_ = UINT64_MAX;  // entity(): the last key asked for, and its id
  EntityId last_id_ = 0;
  // on_upstream(): the counters last added to, a few entities' worth (one
  // slot per entity id modulo 4); forgotten when a counter or an entity may move
  struct UpstreamHit {
    EntityId entity = UINT32_MAX;
    uint32_t upstream = 0;
    uint32_t* count = nullptr;
  };
  UpstreamHit upstream_hits_[4];
  void forget_upstream_hits() {
    for (auto& h : upstream_hits_) h = UpstreamHit{};
  }
  std::vector<std::vector<EntityId>> prefix_entities_;
  std::vector<geo::CountryCode> prefix_cc_;  // 0: unplaced
  // per prefix: not classified yet, counted, counted but covering special /24s, ignored
  enum class Kind : uint8_t { Unknown, Counted, Covers, Ignored };
  std::vector<Kind> kind_;
  std::map<std::string, uint64_t> ignored_;
  std::vector<uint32_t> credited_as_;  // the origin AS a visible prefix is counted under
  std::vector<uint16_t> cov24_;        // visible prefixes covering each /24
  std::vector<uint16_t> cc24_;         // country of each /24 (0xffff: not looked up yet)
  V6Union v6_all_;                     // visible IPv6 /48s, each once
  std::unordered_map<geo::CountryCode, V6Union> v6_by_cc_;
};

}  // namespace dw::signal
