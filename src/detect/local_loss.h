// A loss seen by a minority: a voting peer withdraws routes that the majority
// keeps. Lasting at least min_duration, it becomes a local_loss notice naming
// the peers, the entity and the prefixes; it never raises an outage (the
// prefixes stay visible), but an operator watching from that peer wants to know.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <unordered_map>
#include <vector>

#include "detect/notice.h"
#include "signal/visibility.h"

namespace dw::detect {

class LocalLossTracker : public signal::SignalListener {
 public:
  LocalLossTracker(const rib::RibState& rib, const signal::VisibilityCounter& vis, uint32_t min_duration = 300)
      : rib_(rib), vis_(vis), min_duration_(min_duration) {}
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool, uint32_t,
                 rib::ChangeCause) override {}
  void on_route(rib::PrefixId, rib::PeerId, bool announce, bool voting, uint32_t ts) override;
  void on_bin(uint32_t bin_start, uint32_t bin_end) override;
  // Closes what is open (end null) and merges the peers that lost the same
  // prefixes at the same time into one notice each.
  std::vector<Notice> finish();
  // For the engine's checkpoint (detect/state_checkpoint.cpp).
  void save_state(std::vector<uint8_t>& out) const;
  bgp::Status load_state(std::span<const uint8_t> data);
  template <class S>
  void state_io(S& s);

 private:
  struct Episode {
    rib::PeerId peer;
    uint32_t start = 0, end = 0;  // end 0: still open
    std::vector<rib::PrefixId> prefixes;
    template <class S>
    void state_io(S& s);
  };
  const rib::RibState& rib_;
  const signal::VisibilityCounter& vis_;
  uint32_t min_duration_;
  // per peer: prefixes it withdrew while the majority kept them, since when
  std::unordered_map<rib::PeerId, std::unordered_map<rib::PrefixId, uint32_t>> pending_;
  std::map<rib::PeerId, size_t> open_;  // peer -> index in episodes_
  std::unordered_map<rib::PeerId, uint32_t> last_return_;
  std::vector<Episode> episodes_;
};

}  // namespace dw::detect
