// Exposure profile of a country or an AS from the routing state and the
// paths every full-feed vantage point holds: size, international upstreams,
// domestic transit, dependence per AS, single points of failure, what-if
// (docs/exposure.md has the definitions). One Profile struct and one JSON
// encoder, which the CLI, the store and the HTTP API share.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "exposure/path_keeper.h"
#include "geo/as_names.h"
#include "geo/country_db.h"
#include "rib/rib_state.h"

namespace dw::exposure {

// country:KP or asn:131279
struct Entity {
  bool is_country = true;
  geo::CountryCode cc = 0;
  uint32_t asn = 0;
  static std::optional<Entity> parse(const std::string& s);
  std::string str() const;
  bool operator==(const Entity&) const = default;
};

struct Space {
  uint64_t prefixes = 0, v4_prefixes = 0, v6_prefixes = 0;
  uint64_t slash24 = 0, slash48 = 0, addresses = 0;  // IPv4 addresses
};

struct AsRef {
  uint32_t asn = 0;
  std::string name, country;  // registration country ("" when the source does not say)
};

struct Origin {
  AsRef as;
  Space space;
};

// An AS and the share of the entity's space it stands for in a list.
struct AsShare {
  AsRef as;
  double share = 0;  // of the space seen from the vantage points, 0..1
};

struct PointOfFailure {
  AsRef as;
  double share = 0;  // space whose every path crosses it
  double left = 0;   // share still reachable without it
  std::string text;  // "every path to KP crosses AS4837: losing it leaves 0% reachable"
};

struct VantageLeft {
  std::string collector, ip;
  uint32_t asn = 0;
  double share = 0;  // of the space this vantage point has paths to, still avoiding the ASes
};

struct WhatIf {
  std::vector<uint32_t> without;
  double space = 0, prefixes = 0, origins = 0;  // share left with a path from some vantage point
  std::vector<VantageLeft> per_vantage;
  std::vector<AsRef> cut_off;  // origins left with nothing
};

struct Profile {
  Entity entity;
  std::string name;      // country code, or the AS's name
  std::string country;   // the country the upstreams are told against
  uint32_t at = 0;       // state time
  uint32_t vantage_points = 0;  // full-feed vantage points whose paths were used
  std::string unit;      // what shares are of: "ipv4 addresses" or "ipv6 /48s"
  Space space;
  double seen = 0;       // share of the space with a path from a vantage point
  size_t origin_count = 0;
  std::vector<Origin> origins;  // empty for a country profile made without detail
  std::vector<AsShare> international_upstreams;  // every one seen, largest first
  std::vector<AsShare> domestic_transit;
  std::vector<AsShare> dependence;  // at least 1%
  std::vector<PointOfFailure> single_points_of_failure;
  std::optional<WhatIf> what_if;
  std::string tier;      // severe / significant / low / resistant / unknown (no upstream seen)
};

// Dyn's tiers from the number of international upstreams.
std::string tier_of(size_t international_upstreams);

nlohmann::json to_json(const Profile& p);
// The text form, from the JSON (so stored profiles print the same way).
std::string to_text(const nlohmann::json& profile);
// One sentence for an outage's explanation: "KP had a single international
// upstream (AS4837 CHINA169-BACKBONE, 100% of its space)".
std::string summary(const nlohmann::json& profile);

// One row per country, most exposed first, from country profiles' JSON.
std::vector<nlohmann::json> rank(const std::vector<nlohmann::json>& country_profiles);

class Profiler {
 public:
  // as_registry: where AS registration countries come from when geo (a
  // MaxMind-format file) has none: RIR delegated files; null: geo itself.
  Profiler(const PathKeeper& paths, const geo::CountryDb* geo, const geo::AsNames* names,
           const geo::CountryDb* as_registry = nullptr);
  std::vector<Entity> countries() const;
  std::vector<Entity> origins() const;
  bool has(const Entity& e) const;
  // detail: the per-origin list (large for big countries)
  Profile profile(const Entity& e, std::span<const uint32_t> without = {}, bool detail = true) const;

 private:
  struct Member {
    rib::PrefixId id;
    uint64_t weight;  // IPv4 addresses in the entity, or IPv6 /48s
    bool whole;       // the whole prefix is the entity's
  };
  geo::CountryCode as_country(uint32_t asn) const;
  AsRef as_ref(uint32_t asn) const;
  const PathKeeper& paths_;
  const rib::RibState& rib_;
  const geo::CountryDb* geo_;
  const geo::AsNames* names_;
  const geo::CountryDb* as_registry_;
  std::vector<rib::PeerId> vantage4_, vantage6_;
  std::unordered_map<geo::CountryCode, std::vector<Member>> by_country_;
  std::unordered_map<uint32_t, std::vector<Member>> by_origin_;
  mutable std::unordered_map<uint32_t, geo::CountryCode> as_cc_;
};

}  // namespace dw::exposure
