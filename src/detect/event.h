// Events as the rest of the program sees them: typed, self-contained values
// (entity by key and name, prefixes as text) that the store keeps, alerts
// send and the report tells. The detector builds them from its working
// records (OutageDetector::record); event_json.h turns them into the JSON of
// docs/json.md, in one place.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signal/visibility.h"

namespace dw::detect {

enum class EventKind : uint8_t { Outage, Instability };
enum class Family : uint8_t { Ipv4, Ipv6 };
enum class OnsetStyle : uint8_t { Abrupt, Gradual };
// What the onset suggests, in the order the hint is chosen: repeated losses
// before, then everything at once, else a spread-out failure.
enum class CauseHint : uint8_t { PrecededByInstability, CutOrPowerLoss, GradualFailure };

const char* kind_name(EventKind);  // "outage", "instability"
std::optional<EventKind> event_kind(std::string_view);
const char* family_name(Family);   // "ipv4", "ipv6"

// How the loss began: withdrawals of the lost prefixes by voting peers
// around the start, and the entity's short losses in the 6 h before.
struct Onset {
  OnsetStyle style = OnsetStyle::Abrupt;
  uint32_t spread_seconds = 0;  // middle 80% of the withdrawals
  uint32_t withdrawals = 0;
  uint32_t in_first_minute = 0;
  uint32_t episodes_6h_before = 0;
  bool preceded_by_instability = false;  // 2 or more of them
};

struct Explanation {
  Onset onset;
  std::vector<uint32_t> upstreams_before;  // next to the origin on the entity's routes when the loss began
  bool single_upstream = false;
  // origin ASes of the entity with nothing visible / something visible, at the
  // lowest point of the loss (what the severity says)
  std::vector<uint32_t> origins_dark, origins_up;
  uint32_t peers_agreeing = 0, collectors_agreeing = 0, voting_peers = 0;
  CauseHint cause = CauseHint::CutOrPowerLoss;
  // What the entity's exposure profile (taken before the loss) says, when one
  // is kept: "KP had a single international upstream (AS4837, 100% of its space)"
  std::string exposure;
};
// The sentence docs/json.md calls cause_hint.
std::string cause_hint_text(const Explanation&);

// A total loss of outage length inside an instability period: listed by the
// instability (longest first) and reported as part of it.
struct ShortOutage {
  uint32_t start = 0, end = 0;
  double severity = 0;
  Family family = Family::Ipv4;
  bool operator==(const ShortOutage&) const = default;
};

struct EventRecord {
  EventKind kind = EventKind::Outage;
  signal::EntityKey entity{signal::EntityType::Country, 0};
  std::string name;  // AS name, when known
  uint32_t start = 0;
  std::optional<uint32_t> end;  // null while it lasts
  // outage
  double severity = 0;  // share of the baseline lost at the lowest point
  Family family = Family::Ipv4;
  int64_t baseline = 0, lowest = 0;
  std::vector<std::string> prefixes;  // lost (outage: up to 200; instability: up to 50, most unstable first)
  size_t prefix_count = 0;
  std::vector<uint32_t> origin_asns;
  std::optional<Explanation> explanation;
  // a short loss inside an instability period: that period's start
  std::optional<uint32_t> within_instability;
  // instability
  uint32_t episodes = 0, most_episodes_of_one_prefix = 0;
  std::vector<ShortOutage> short_outages;
};

}  // namespace dw::detect
