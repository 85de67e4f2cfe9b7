// Hands the signals of one VisibilityCounter to several listeners (the outage
// detector, the notice trackers, the store), in the order they were added.
#pragma once
#include <vector>

#include "signal/visibility.h"

namespace dw::signal {

class SignalFanout : public SignalListener {
 public:
  void add(SignalListener* l) { out_.push_back(l); }
  void on_change(EntityId e, const Values& b, const Values& a, rib::PrefixId p, bool v, uint32_t ts,
                 rib::ChangeCause c) override {
    for (auto* l : out_) l->on_change(e, b, a, p, v, ts, c);
  }
  void on_bin(uint32_t s, uint32_t e) override {
    for (auto* l : out_) l->on_bin(s, e);
  }
  void on_route(rib::PrefixId p, rib::PeerId peer, bool announce, bool voting, uint32_t ts) override {
    for (auto* l : out_) l->on_route(p, peer, announce, voting, ts);
  }

 private:
  std::vector<SignalListener*> out_;
};

}  // namespace dw::signal
