// A cache prefetch that the optimiser keeps. GCC 12's dead-code pass drops
// __builtin_prefetch when the address comes through an inlined hash (seen
// in RibState's prefix index: the whole hint vanished at -O1 and up), so on
// x86 the instruction is written out.
#pragma once

namespace dw::bgp {

inline void prefetch(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

}  // namespace dw::bgp
