// Prefix -> PrefixId for routing state: an open-addressing table of ids
// whose keys live in the state's own prefix table (PrefixInfo::prefix), so
// a slot is 8 bytes (a hash tag and an id) and a lookup touches one slot
// line and one prefix. It replaced a node-based std::unordered_map, whose
// lookups and rehashes were a third of the engine's time ingesting a full
// table over BMP (a cache miss or two per node, a node allocated per prefix).
// Ids are never removed: prefixes stay interned for the life of the state.
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

#include "bgp/ip.h"
#include "bgp/prefetch.h"

namespace dw::rib {

class PrefixIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // The id of p (its path_id must be 0), or kNone. `table[id].prefix` is each id's key.
  template <class Table>
  uint32_t find(const bgp::Prefix& p, const Table& table) const {
    if (slots_.empty()) return kNone;
    uint32_t h = hash(p);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.id == kNone) return kNone;
      if (s.tag == h && table[s.id].prefix == p) return s.id;
    }
  }
  // Adds p as id (p not present). Grows at half full: probes stay short.
  template <class Table>
  void insert(const bgp::Prefix& p, uint32_t id, const Table&) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(hash(p), id);
    ++size_;
  }
  void reserve(size_t n, const auto&) {
    while (n * 2 > slots_.size()) grow();
  }
  // Starts loading p's first slot: a caller that knows the prefixes to come
  // (a batch of events) hides the cache miss a lookup in a large table costs.
  void prefetch(const bgp::Prefix& p) const {
    if (!slots_.empty()) bgp::prefetch(&slots_[hash(p) & mask_]);
  }
  void clear() { slots_.clear(), mask_ = 0, size_ = 0; }
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t id = kNone;
  };
  // splitmix64's finaliser over the address and length: full tables are
  // dense runs of neighbouring /24s, which a weak hash would cluster
  static uint32_t hash(const bgp::Prefix& p) {
    uint64_t a, b;
    std::memcpy(&a, p.addr.b.data(), 8);
    std::memcpy(&b, p.addr.b.data() + 8, 8);
    uint64_t x = a ^ (b * 0x9E3779B97F4A7C15ull) ^ (uint64_t{p.len} << 56) ^ (p.addr.is_v4() ? 0 : 1ull << 63);
    x ^= x >> 30, x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27, x *= 0x94D049BB133111EBull;
    x ^= x >> 31;
    return static_cast<uint32_t>(x);
  }
  void place(uint32_t h, uint32_t id) {
    size_t i = h & mask_;
    while (slots_[i].id != kNone) i = (i + 1) & mask_;
    slots_[i] = {h, id};
  }
  // The tag is the whole hash, so a rehash reads only the slots, never the
  // prefixes (a cache miss each: that was a sixth of interning a full table).
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.id != kNone) place(s.tag, s.id);
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0, size_ = 0;
};

}  // namespace dw::rib
