// IPv6 space counted in /48s with each /48 counted once, however many visible
// prefixes cover it (the IPv6 side of the /24 rule). Prefixes are nested or
// disjoint, so the union is the sum of the outermost visible ones; a prefix
// longer than /48 stands for the /48 that holds it, and one shorter than /32
// for the /32 it starts with: 65,536 /48s at most, so that one short
// aggregate (a /19 is 2^29 /48s) cannot outweigh a country's networks.
#pragma once
#include <cstdint>
#include <map>
#include <unordered_map>
#include <utility>

#include "bgp/ip.h"

namespace dw::signal {

class V6Union {
 public:
  static constexpr unsigned kShortest = 32;  // a shorter prefix weighs as a /32
  // The /48 blocks a prefix stands for: [first, first + count).
  static std::pair<uint64_t, uint64_t> blocks(const bgp::Prefix& p);
  // Adds (or removes) one visible prefix; returns the change of the union, in /48s.
  int64_t add(const bgp::Prefix& p);
  int64_t remove(const bgp::Prefix& p);
  int64_t size() const { return size_; }
  template <class S>
  void state_io(S& s);  // signal/state_checkpoint.cpp

 private:
  bool covered_by_ancestor(uint64_t first, uint64_t count) const;
  int64_t union_inside(uint64_t first, uint64_t count) const;  // of visible ranges strictly inside
  // (first, count) -> visible prefixes with exactly that range; ordered by first, larger ranges first
  struct Key {
    uint64_t first, count;
    bool operator<(const Key& o) const { return first != o.first ? first < o.first : count > o.count; }
    template <class S>
    void state_io(S& s);
  };
  std::map<Key, uint32_t> visible_;
  int64_t size_ = 0;
};

}  // namespace dw::signal
