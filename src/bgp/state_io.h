// Checkpoints of in-memory state (the engine's, docs/engine.md "Checkpoints
// and warm start"): each type lists its fields once, in a function template
// `io(S&, T&)` (or a member `state_io(S&)` for classes with private state),
// and the same list writes (StateOut) and reads (StateIn). Listing the fields
// once is what keeps the two sides from drifting apart.
//
// Encoding: unsigned integers as LEB128 varints, signed ones zigzagged,
// doubles as their 8 IEEE bytes, containers as a count then their elements.
// Reading is sticky: the first failure (a bound, a count larger than what is
// left, a bad flag) is kept with the field and byte offset, and every later
// read is a no-op, so a damaged checkpoint ends in one clear error and never
// in a crash or an unbounded allocation.
//
// Hash containers: a restored unordered_map must iterate in the order the
// original did (the detector and trackers walk them, and events come out in
// that order), so the bucket count is kept and the elements are inserted
// back in reverse order of iteration, which rebuilds the same chain in
// libstdc++ (a node goes to the front of its bucket, or of the list).
#pragma once
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bgp/ip.h"
#include "bgp/reader.h"
#include "bgp/result.h"
#include "bgp/writer.h"

namespace dw::bgp {

struct StateOut {
  static constexpr bool reading = false;
  explicit StateOut(std::vector<uint8_t>& b) : w{b} {}
  Writer w;
  size_t limit = SIZE_MAX;
  // what the reader checks is true of what is written: nothing to do here
  bool ok() const { return true; }
  void fail(ErrorCode, const char*) {}
};

class StateIn {
 public:
  static constexpr bool reading = true;
  // `what` names the section in errors ("detector: ...").
  StateIn(std::span<const uint8_t> data, std::string what) : r_(data), what_(std::move(what)) {}
  bool ok() const { return !err_; }
  // A bound that an outer object read earlier sets for an inner one (the
  // routing state: how many prefixes a table's ids may reach).
  size_t limit = SIZE_MAX;
  void fail(ErrorCode c, const char* field) {
    if (!err_) err_ = Error{c, what_ + ": " + field, r_.offset()};
  }
  uint64_t varint(const char* field) {
    uint64_t v = 0;
    for (unsigned s = 0; ok(); s += 7) {
      if (r_.empty()) return fail(ErrorCode::Truncated, field), 0;
      auto b = *r_.u8(field);
      if (s == 63 && b > 1) return fail(ErrorCode::BadValue, field), 0;
      v |= uint64_t{b & 0x7fu} << s;
      if (!(b & 0x80)) return v;
      if (s == 63) return fail(ErrorCode::BadValue, field), 0;
    }
    return 0;
  }
  // A count of things that take at least `each` bytes apiece: more than what
  // is left cannot be right (and must not be allocated).
  size_t count(const char* field, size_t each = 1) {
    uint64_t n = varint(field);
    if (ok() && n > r_.remaining() / (each ? each : 1)) fail(ErrorCode::BadLength, field);
    return ok() ? static_cast<size_t>(n) : 0;
  }
  void raw(uint8_t* out, size_t n, const char* field) {
    if (!ok()) return;
    if (r_.remaining() < n) return fail(ErrorCode::Truncated, field);
    r_.copy_unchecked(out, n);
  }
  // Everything must have been read: a longer section is not this version's.
  Status finish() {
    if (ok() && !r_.empty()) fail(ErrorCode::BadLength, "bytes after the end");
    if (err_) return tl::unexpected(*err_);
    return {};
  }

 private:
  Reader r_;
  std::string what_;
  std::optional<Error> err_;
};

template <class S>
concept StateIo = std::is_same_v<S, StateOut> || std::is_same_v<S, StateIn>;

// Declared first so that containers of containers find each other.
template <StateIo S, class T>
  requires std::is_unsigned_v<T>
void io(S& s, T& v);
template <StateIo S, class T>
  requires(std::is_signed_v<T> && std::is_integral_v<T>)
void io(S& s, T& v);
template <StateIo S>
void io(S& s, bool& v);
template <StateIo S>
void io(S& s, double& v);
template <StateIo S, class E>
  requires std::is_enum_v<E>
void io(S& s, E& v);
template <StateIo S>
void io(S& s, std::string& v);
template <StateIo S>
void io(S& s, IpAddr& v);
template <StateIo S>
void io(S& s, Prefix& v);
template <StateIo S, class A, class B>
void io(S& s, std::pair<A, B>& v);
template <StateIo S, class T, size_t N>
void io(S& s, std::array<T, N>& v);
template <StateIo S, class T>
void io(S& s, std::optional<T>& v);
template <StateIo S, class T>
void io(S& s, std::vector<T>& v);
template <StateIo S, class T>
void io(S& s, std::deque<T>& v);
template <StateIo S, class K, class V, class C>
void io(S& s, std::map<K, V, C>& v);
template <StateIo S, class K, class V, class H, class Q>
void io(S& s, std::unordered_map<K, V, H, Q>& v);
template <StateIo S, class T>
  requires requires(S& s, T& t) { t.state_io(s); }
void io(S& s, T& v) {
  v.state_io(s);
}

// Several fields in order.
template <StateIo S, class... T>
void fields(S& s, T&... v) {
  (io(s, v), ...);
}

template <StateIo S, class T>
  requires std::is_unsigned_v<T>
void io(S& s, T& v) {
  if constexpr (S::reading) {
    uint64_t x = s.varint("integer");
    if (x > std::numeric_limits<T>::max()) s.fail(ErrorCode::BadValue, "integer out of range");
    v = static_cast<T>(x);
  } else {
    s.w.varint(v);
  }
}
template <StateIo S, class T>
  requires(std::is_signed_v<T> && std::is_integral_v<T>)
void io(S& s, T& v) {
  using U = std::make_unsigned_t<T>;
  if constexpr (S::reading) {
    uint64_t z = s.varint("integer");
    auto x = static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1));
    if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max())
      s.fail(ErrorCode::BadValue, "integer out of range");
    v = static_cast<T>(x);
  } else {
    auto x = static_cast<int64_t>(v);
    s.w.varint((static_cast<uint64_t>(x) << 1) ^ static_cast<uint64_t>(x >> 63));
    (void)sizeof(U);
  }
}
template <StateIo S>
void io(S& s, bool& v) {
  uint8_t b = v;
  io(s, b);
  if (b > 1) s.fail(ErrorCode::BadValue, "flag");
  v = b == 1;
}
template <StateIo S>
void io(S& s, double& v) {
  uint64_t bits = std::bit_cast<uint64_t>(v);
  if constexpr (S::reading) {
    std::array<uint8_t, 8> b{};
    s.raw(b.data(), 8, "double");
    bits = 0;
    for (auto x : b) bits = (bits << 8) | x;
    v = std::bit_cast<double>(bits);
  } else {
    for (int k = 56; k >= 0; k -= 8) s.w.u8(static_cast<uint8_t>(bits >> k));
  }
}
// Enums as their underlying value (the type's own check, where it has one,
// is the reader's: see the stage files).
template <StateIo S, class E>
  requires std::is_enum_v<E>
void io(S& s, E& v) {
  auto u = static_cast<std::underlying_type_t<E>>(v);
  io(s, u);
  v = static_cast<E>(u);
}
template <StateIo S>
void io(S& s, std::string& v) {
  if constexpr (S::reading) {
    size_t n = s.count("string length");
    v.assign(n, '\0');
    s.raw(reinterpret_cast<uint8_t*>(v.data()), n, "string");
  } else {
    s.w.varint(v.size());
    s.w.b.insert(s.w.b.end(), v.begin(), v.end());
  }
}
template <StateIo S>
void io(S& s, IpAddr& v) {
  uint8_t f = v.is_v4() ? 4 : 6;
  io(s, f);
  if (f != 4 && f != 6) return s.fail(ErrorCode::BadValue, "address family");
  v.afi = f == 4 ? Afi::Ipv4 : Afi::Ipv6;
  size_t n = f == 4 ? 4 : 16;
  if constexpr (S::reading) {
    v.b = {};
    s.raw(v.b.data(), n, "address");
  } else {
    s.w.b.insert(s.w.b.end(), v.b.begin(), v.b.begin() + static_cast<std::ptrdiff_t>(n));
  }
}
template <StateIo S>
void io(S& s, Prefix& v) {
  fields(s, v.addr, v.len, v.path_id);
  if (v.len > (v.addr.is_v4() ? 32 : 128)) s.fail(ErrorCode::BadValue, "prefix length");
}
template <StateIo S, class A, class B>
void io(S& s, std::pair<A, B>& v) {
  fields(s, v.first, v.second);
}
template <StateIo S, class T, size_t N>
void io(S& s, std::array<T, N>& v) {
  for (auto& x : v) io(s, x);
}
template <StateIo S, class T>
void io(S& s, std::optional<T>& v) {
  bool has = v.has_value();
  io(s, has);
  if constexpr (S::reading) {
    if (has && s.ok()) v.emplace();
    else v.reset();
  }
  if (has && v) io(s, *v);
}
template <StateIo S, class Seq>
void io_sequence(S& s, Seq& v) {
  if constexpr (S::reading) {
    size_t n = s.count("element count");
    v.clear();
    v.resize(n);
  } else {
    s.w.varint(v.size());
  }
  for (auto& x : v) {
    io(s, x);
    if constexpr (S::reading)
      if (!s.ok()) return v.clear();
  }
}
template <StateIo S, class T>
void io(S& s, std::vector<T>& v) {
  if constexpr (std::is_same_v<T, bool>) {
    static_assert(!std::is_same_v<T, bool>, "vector<bool>: not used in checkpoints");
  } else {
    io_sequence(s, v);
  }
}
template <StateIo S, class T>
void io(S& s, std::deque<T>& v) {
  io_sequence(s, v);
}
template <StateIo S, class K, class V, class C>
void io(S& s, std::map<K, V, C>& v) {
  if constexpr (S::reading) {
    size_t n = s.count("map size", 2);
    v.clear();
    for (size_t i = 0; i < n && s.ok(); ++i) {
      std::pair<K, V> kv;
      io(s, kv);
      v.emplace_hint(v.end(), std::move(kv));
    }
    if (s.ok() && v.size() != n) s.fail(ErrorCode::BadValue, "repeated map key");
  } else {
    s.w.varint(v.size());
    for (auto& [k, x] : v) {
      K key = k;
      io(s, key);
      io(s, x);
    }
  }
}
template <StateIo S, class K, class V, class H, class Q>
void io(S& s, std::unordered_map<K, V, H, Q>& v) {
  if constexpr (S::reading) {
    size_t buckets = s.count("bucket count", 0);
    size_t n = s.count("map size", 2);
    if (s.ok() && buckets > (size_t{1} << 24)) s.fail(ErrorCode::BadValue, "bucket count");
    std::vector<std::pair<K, V>> kvs(n);
    for (auto& kv : kvs) io(s, kv);
    v.clear();
    if (!s.ok()) return;
    if (buckets > 1) v.rehash(buckets);  // 1: a map never filled (its single static bucket)
    for (size_t i = n; i-- > 0;) v.insert(std::move(kvs[i]));
    if (v.size() != n) s.fail(ErrorCode::BadValue, "repeated map key");
  } else {
    s.w.varint(v.bucket_count());
    s.w.varint(v.size());
    for (auto& [k, x] : v) {
      K key = k;
      io(s, key);
      io(s, x);
    }
  }
}

// A whole object out, or in (with its section's name for errors).
template <class T>
void save_state(T& v, std::vector<uint8_t>& out) {
  StateOut s(out);
  io(s, v);
}
template <class T>
Status load_state(T& v, std::span<const uint8_t> data, std::string what) {
  StateIn s(data, std::move(what));
  io(s, v);
  return s.finish();
}

}  // namespace dw::bgp
