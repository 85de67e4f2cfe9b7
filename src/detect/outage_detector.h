// Outages and instability per entity, from the visibility signals: a loss of
// an entity's visible space against its own trailing baseline (median of the
// bin-end values over the last 24 h), lasting at least min_duration, with
// start and end taken from the update that crossed the threshold; shorter
// losses are episodes, and repeated episodes of the same networks are
// instability (random churn of different prefixes of a large AS is not).
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "detect/event.h"
#include "detect/flap_counter.h"
#include "geo/as_names.h"
#include "signal/visibility.h"

namespace dw::detect {

struct DetectorConfig {
  uint32_t min_duration = 300;     // seconds a loss must last to be an outage
  double min_loss = 0.05;          // share of the baseline lost
  uint32_t baseline_window = 86400;
  uint32_t instability_gap = 3 * 3600;  // episodes further apart start a new instability
  uint32_t onset_chain = 600;     // a gradual decline: losses less than this apart belong together
  uint32_t episode_merge = 300;  // losses with less than this in between are one episode
  uint32_t instability_min_episodes = 3;  // also: some prefix must be lost in this many of them
  // an outage no longer than this many min_durations that overlaps an
  // instability period of its entity is one of that period's losses
  uint32_t short_outage_factor = 3;
};

// The detector's working record of an event (entity and prefixes by id);
// record() makes the self-contained EventRecord the rest of the program uses.
struct Event {
  EventKind kind = EventKind::Outage;
  signal::EntityId entity = 0;
  uint32_t start = 0;
  std::optional<uint32_t> end;
  double severity = 0;
  Family family = Family::Ipv4;
  int64_t baseline = 0, lowest = 0;
  uint32_t episodes = 0;
  uint32_t most_episodes_of_one_prefix = 0;  // instability
  std::vector<rib::PrefixId> prefixes;  // outage: lost; instability: most unstable first
  std::optional<Explanation> explanation;
  std::optional<uint32_t> within_instability;  // outage: a short loss of the instability that starts then
  std::vector<ShortOutage> short_outages;      // instability: those losses, longest first
};

class OutageDetector : public signal::SignalListener {
 public:
  OutageDetector(const rib::RibState& rib, const signal::VisibilityCounter& vis, DetectorConfig cfg = {});
  void on_change(signal::EntityId, const signal::Values& before, const signal::Values& after, rib::PrefixId p,
                 bool visible, uint32_t ts, rib::ChangeCause cause) override;
  void on_bin(uint32_t bin_start, uint32_t bin_end) override;
  // Periods when the view itself is unreliable: no outage may start inside.
  void add_blind(uint32_t from, uint32_t to) { blind_.push_back({from, to}); }
  // The data clock leapt over a long gap (engine: kMaxClockJump): what came
  // before is no baseline for what comes after, so every entity not in a
  // loss builds its baseline again from the next bins.
  void forget_baselines();
  void on_route(rib::PrefixId, rib::PeerId, bool announce, bool voting, uint32_t ts) override;
  // The clock moved to ts (every tick, not only at bin ends): a loss that has
  // now lasted min_duration is confirmed at once, so its alert goes out
  // seconds after it qualifies rather than when the bin closes.
  void on_clock(uint32_t ts);
  // Ends the run: closes open episodes; outages still open keep end = null.
  void finish(uint32_t ts);
  // Told when an outage opens (its end still null) and when it closes, and
  // when an instability period is recognised (already over): for alerts.
  using Observer = std::function<void(const Event&, bool closed)>;
  void set_observer(Observer o) { observer_ = std::move(o); }
  // Another observer after those set or added before (alerts and watch's
  // live stream both listen).
  void add_observer(Observer o) {
    if (!observer_) return set_observer(std::move(o));
    observer_ = [a = std::move(observer_), b = std::move(o)](const Event& e, bool closed) {
      a(e, closed);
      b(e, closed);
    };
  }
  // Names for AS entities and upstreams in the JSON (optional).
  void set_names(const geo::AsNames* n) { names_ = n; }
  // The sentence the entity's exposure profile says, from a later stage
  // (exposure profiles, kept by the caller); "" when it has none.
  using ExposureNote = std::function<std::string(const signal::EntityKey&)>;
  void set_exposure_note(ExposureNote f) { exposure_note_ = std::move(f); }
  const std::vector<Event>& events() const { return all_; }
  // The event as stored, sent and reported (prefixes and origins as of now).
  EventRecord record(const Event& e) const;
  std::string to_json(const Event& e) const;

  // Baselines, losses in progress, episodes, events so far and the onset
  // bookkeeping, for the engine's checkpoint (detect/state_checkpoint.cpp);
  // load_state is for a fresh detector over restored signals.
  void save_state(std::vector<uint8_t>& out) const;
  bgp::Status load_state(std::span<const uint8_t> data);
  template <class S>
  void state_io(S& s);

 private:
  struct Track {
    // bin-end values of the trailing window, run-length encoded: most entities
    // hold still for hours, so a window of 288 bins is a handful of runs
    struct Run {
      signal::Values v;
      uint32_t n;
      template <class S>
      void state_io(S& s);
    };
    std::deque<Run> history;
    uint32_t history_len = 0;
    signal::Values baseline;
    bool has_baseline = false;
    // candidate or confirmed loss
    bool down = false, confirmed = false;
    uint32_t down_since = 0;
    int family = 0;  // 4 or 6
    int64_t lowest = 0;
    uint32_t lowest_at = 0;  // when it first fell that low: the moment the explanation describes
    std::vector<rib::PrefixId> lost;
    std::vector<uint32_t> upstreams_before;
    // short losses, for instability (confirmed outages are not among them)
    struct Episode {
      uint32_t start, end;
      std::vector<rib::PrefixId> lost;
      template <class S>
      void state_io(S& s);
    };
    std::vector<Episode> episodes;
    // when recent episodes began (the last 6 h), kept after their instability
    // is reported: an outage's explanation looks back that far
    std::vector<uint32_t> episode_starts;
    size_t outage_index = SIZE_MAX;
    template <class S>
    void state_io(S& s);
  };
  double loss(const Track& t, const signal::Values& v, int family) const;
  static constexpr rib::PrefixId kNoPrefix = UINT32_MAX;
  static constexpr uint32_t kExplainLookback = 6 * 3600;  // losses before an outage that its explanation counts
  void rebase(signal::EntityId id, const signal::Values& before, const signal::Values& after, rib::PrefixId p,
              bool visible);
  void settle_restored(rib::PrefixId p, uint32_t ts);
  void begin_loss(signal::EntityId id, Track& t, const signal::Values& v, int fam, rib::PrefixId p, uint32_t ts);
  void confirm(signal::EntityId id, Track& t, uint32_t now);
  bool can_confirm(const Track& t, uint32_t ts) const;
  bool someone_votes(bool v6) const;
  uint32_t recovery_start(const Track& t, uint32_t start, uint32_t ts) const;
  std::vector<std::pair<uint32_t, rib::PrefixId>> paced_chain(std::vector<std::pair<uint32_t, rib::PrefixId>> times,
                                                               uint32_t from) const;
  void close(signal::EntityId id, Track& t, uint32_t ts);
  void flush_instability(signal::EntityId id, Track& t, bool force);
  void add_episode(Track& t, uint32_t start, uint32_t end);
  // Both rules may see the same instability: one event, spanning both.
  void emit_instability(Event e);
  void emit_flaps(const FlapCounter::Period& p);
  void push_event(Event e);
  // Matches an entity's short outages with its instability periods (both
  // ways: within_instability and short_outages), afresh.
  void fold_short_outages(signal::EntityId id);
  bool blind(uint32_t ts) const;
  Explanation explain(signal::EntityId id, const Track& t) const;
  // An entity's visible space just changed: keeps the times it had none.
  void note_dark(signal::EntityId id, const signal::Values& before, const signal::Values& after, uint32_t ts);
  bool dark_at(signal::EntityId id, int family, uint32_t ts) const;
  const std::string* name_of(const signal::EntityKey& k) const;
  const rib::RibState& rib_;
  const signal::VisibilityCounter& vis_;
  DetectorConfig cfg_;
  std::vector<Track> tracks_;
  std::vector<signal::EntityId> unconfirmed_;  // losses begun and not yet confirmed (on_clock); rebuilt on restore
  std::vector<std::pair<uint32_t, uint32_t>> blind_;
  std::vector<Event> all_;
  std::vector<std::vector<size_t>> by_entity_;  // indices into all_
  Observer observer_;
  ExposureNote exposure_note_;
  const geo::AsNames* names_ = nullptr;
  uint32_t now_ = 0;
  // recent withdrawal times per prefix (voting peers), for the onset shape
  struct Withdrawal {
    uint32_t ts;
    rib::PeerId peer;
    template <class S>
    void state_io(S& s);
  };
  std::vector<std::vector<Withdrawal>> wd_times_;
  std::vector<uint32_t> invisible_since_;  // per prefix: when the majority last lost it
  std::vector<uint32_t> visible_since_;    // per prefix: when the majority last had it back
  std::vector<std::vector<uint32_t>> an_times_;  // per prefix: recent returns by voting peers
  // per entity and family (IPv4, IPv6): its last few spells with nothing visible [from, to), to =
  // UINT32_MAX while it lasts; which origins were dark at an outage's lowest
  // point is read from them (by the time the outage is confirmed or closed,
  // some may be back)
  std::vector<std::array<std::vector<std::pair<uint32_t, uint32_t>>, 2>> dark_;
  FlapCounter flaps_;
  // lost prefixes of an entity in a loss that a vote recount made visible:
  // not news then (the baseline moved with them), but once a voting peer
  // that lacked one announces it again, it is back (see settle_restored)
  struct Restored {
    rib::PrefixId p;
    signal::EntityId id;
    signal::Values shift;  // what rebase added to the entity's baseline
    template <class S>
    void state_io(S& s);
  };
  std::vector<Restored> restored_;
};

}  // namespace dw::detect
