// Instability of large entities, seen prefix by prefix. When a country's
// networks flap one by one, or a small share of them together, no single loss
// is a visible share of the whole, so the episode rule of OutageDetector
// (losses of at least min_loss of the entity, repeated) never sees them. Here
// each entity counts, over a sliding window, how often the majority of
// vantage points lost each of its prefixes: enough prefixes lost again and
// again is instability. Random churn touches different prefixes each time and
// does not add up.
#pragma once
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "rib/rib_state.h"
#include "signal/visibility.h"

namespace dw::detect {

struct FlapConfig {
  uint32_t window = 3 * 3600;  // losses counted over this long; a period ends after this long without flaps
  uint32_t debounce = 300;     // a prefix lost again sooner is the same flap crossing the majority line
  uint32_t min_losses = 3;     // a prefix flaps when lost this often within the window
  uint32_t min_prefixes = 3;   // and this many of the entity's prefixes flap ...
  double min_share = 0.01;     // ... and at least this share of them
};

class FlapCounter {
 public:
  explicit FlapCounter(FlapConfig cfg = {}) : cfg_(cfg) {}
  struct Period {
    signal::EntityId entity;
    uint32_t start, end;
    uint32_t losses;  // of flapping prefixes, within the period
    uint32_t most;    // the most losses of one prefix
    std::vector<rib::PrefixId> prefixes;  // flapping ones, most losses first
  };
  // The majority lost prefix p of the entity (which has `size` prefixes) / has it back.
  void lost(signal::EntityId id, rib::PrefixId p, uint32_t ts, size_t size);
  void back(signal::EntityId id, rib::PrefixId p, uint32_t ts);
  // Periods that are over by `now` (no flap for a window), or every open one when `all`.
  std::vector<Period> take_finished(uint32_t now, bool all);
  template <class S>
  void state_io(S& s);  // detect/state_checkpoint.cpp

 private:
  struct Count {
    uint32_t n = 0;     // losses within the window
    uint32_t last = 0;  // the last loss counted
    template <class S>
    void state_io(S& s);
  };
  struct Entity {
    std::deque<std::pair<uint32_t, rib::PrefixId>> losses;  // within the window, oldest first
    std::unordered_map<rib::PrefixId, Count> count;
    uint32_t flapping = 0;  // prefixes with n >= min_losses
    bool active = false;
    uint32_t last = 0;  // the last loss of a flapping prefix
    std::unordered_map<rib::PrefixId, uint32_t> in_period;  // losses of flapping prefixes
    std::vector<uint32_t> times, returns;  // of those losses, and of their returns
    template <class S>
    void state_io(S& s);
  };
  void expire(Entity& e, uint32_t ts);
  Period close(signal::EntityId id, Entity& e);
  FlapConfig cfg_;
  std::unordered_map<signal::EntityId, Entity> ents_;
};

}  // namespace dw::detect
