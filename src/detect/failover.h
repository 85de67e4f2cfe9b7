// An origin that changes upstreams while it stays reachable: paths move from
// one provider to another, visibility does not fall. Reported as a failover
// notice (from, to, when) because a naive count of withdrawals would see an
// outage in the transient withdrawals of the switch.
#pragma once
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "detect/notice.h"
#include "signal/visibility.h"

namespace dw::detect {

class FailoverTracker : public signal::SignalListener {
 public:
  FailoverTracker(const rib::RibState& rib, const signal::VisibilityCounter& vis) : rib_(rib), vis_(vis) {}
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool, uint32_t,
                 rib::ChangeCause) override {}
  void on_route(rib::PrefixId, rib::PeerId, bool announce, bool voting, uint32_t ts) override;
  void on_bin(uint32_t bin_start, uint32_t bin_end) override;
  std::vector<Notice> take() { return std::move(out_); }
  // For the engine's checkpoint (detect/state_checkpoint.cpp).
  void save_state(std::vector<uint8_t>& out) const;
  bgp::Status load_state(std::span<const uint8_t> data);
  template <class S>
  void state_io(S& s);

  // A switch: upstreams that carried at least main_share of the origin's
  // routes now carry none, and the routes went to new upstreams or to one that
  // now carries main_share and at least twice its old share. (Path churn moves
  // some routes between upstreams all the time; a failover moves the origin
  // off its upstreams.)
  double main_share = 0.5;

 private:
  struct AsState {
    std::unordered_map<uint32_t, double> shares;  // upstream -> share, as of the last quiet bin
    uint32_t voters = 0;                          // voting peers then (a different view is no switch)
    uint32_t changing_since = 0;                  // first route event since then (0: quiet)
    bool touched = false;                         // route events in the current bin
    template <class S>
    void state_io(S& s);
  };
  // upstream -> share of the origin's routes; *prefixes: how many of its prefixes have routes
  std::unordered_map<uint32_t, double> shares_now(uint32_t asn, size_t* prefixes) const;
  const rib::RibState& rib_;
  const signal::VisibilityCounter& vis_;
  std::unordered_map<uint32_t, AsState> as_;
  uint32_t last_asn_ = 0;  // on_route: the last origin and its state (0: none)
  AsState* last_ = nullptr;
  std::vector<uint32_t> touched_;
  std::vector<uint32_t> seen_bin_;  // per prefix: the bin it last marked its origin in
  uint32_t bin_ = 0;
  std::vector<Notice> out_;
};

}  // namespace dw::detect
