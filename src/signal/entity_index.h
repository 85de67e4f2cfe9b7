// Entity key -> EntityId for the visibility counter: an open-addressing
// table of 16-byte slots (key and id side by side), so that a lookup is one
// cache line and a caller that knows which keys come next (the origin ASes
// of a batch of events) can prefetch it. It replaced an unordered_map,
// whose node chase was the larger half of placing each new prefix of a full
// table. Ids are never removed.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "bgp/prefetch.h"

namespace dw::signal {

class EntityIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t find(uint64_t key) const {
    if (slots_.empty()) return kNone;
    for (size_t i = hash(key) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].id == kNone) return kNone;
      if (slots_[i].key == key) return slots_[i].id;
    }
  }
  // The id of key, inserting `id` when it has none; second: inserted.
  std::pair<uint32_t, bool> try_emplace(uint64_t key, uint32_t id) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    for (size_t i = hash(key) & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.id == kNone) {
        s = {key, id};
        ++size_;
        return {id, true};
      }
      if (s.key == key) return {s.id, false};
    }
  }
  void prefetch(uint64_t key) const {
    if (!slots_.empty()) bgp::prefetch(&slots_[hash(key) & mask_]);
  }
  void clear() { slots_.clear(), mask_ = 0, size_ = 0; }
  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t id = kNone;
  };
  static uint64_t hash(uint64_t x) {  // splitmix64's finaliser: AS numbers come in dense runs
    x ^= x >> 30, x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27, x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.id != kNone)
        for (size_t i = hash(s.key) & mask_;; i = (i + 1) & mask_)
          if (slots_[i].id == kNone) {
            slots_[i] = s;
            break;
          }
  }
  std::vector<Slot> slots_;
  size_t mask_ = 0, size_ = 0;
};

}  // namespace dw::signal
