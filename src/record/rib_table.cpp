#include "record/rib_table.h"

#include <algorithm>

#include "bgp/writer.h"

namespace dw::record {

size_t RibTable::KeyHash::operator()(const Key& k) const noexcept {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](uint8_t x) { h = (h ^ x) * 1099511628211ull; };
  size_t n = (k.len + 7u) / 8u;
  for (size_t i = 0; i < n; ++i) mix(k.b[i]);
  mix(k.len), mix(k.afi), mix(k.safi);
  return static_cast<size_t>(h);
}

RibTable::Key RibTable::key_of(const bgp::Element& e) {
  Key k;
  k.b = e.prefix.addr.b;
  k.len = e.prefix.len;
  k.afi = static_cast<uint8_t>(e.prefix.addr.afi);
  k.safi = e.safi == 2 ? 2 : 1;  // SAFI 3 routes are unicast ones
  return k;
}

uint16_t RibTable::peer_index(const bgp::IpAddr& ip, uint32_t asn) {
  auto [it, fresh] = peer_ids_.try_emplace({ip, asn}, static_cast<uint16_t>(peers_.size()));
  if (fresh) {
    mrt::RibPeer p;
    p.ip = ip;
    p.asn = asn;
    // the peer's BGP identifier is not in an element: its IPv4 address stands in (0.0.0.0 for IPv6)
    if (ip.is_v4()) p.bgp_id = ip;
    peers_.push_back(p);
  }
  return it->second;
}

uint32_t RibTable::intern(const std::string& bytes) {
  auto it = set_ids_.find(bytes);
  if (it != set_ids_.end()) {
    ++sets_[it->second].refs;
    return it->second;
  }
  uint32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
  } else {
    id = static_cast<uint32_t>(sets_.size());
    sets_.emplace_back();
  }
  sets_[id].bytes = bytes;
  sets_[id].refs = 1;
  set_ids_.emplace(bytes, id);
  return id;
}

void RibTable::release(uint32_t id) {
  if (--sets_[id].refs) return;
  set_ids_.erase(sets_[id].bytes);
  sets_[id].bytes = std::string();
  free_.push_back(id);
}

void RibTable::announce(const bgp::Element& e) {
  if (!e.attrs) return;
  if (peer_ids_.size() >= 65535 && !peer_ids_.count({e.peer_ip, e.peer_as})) return;  // a peer table holds 65535
  enc_.clear();
  bgp::Writer w{enc_};
  mrt::encode_rib_attributes(*e.attrs, e.prefix.addr.afi, w);
  scratch_.assign(reinterpret_cast<const char*>(enc_.data()), enc_.size());
  uint16_t peer = peer_index(e.peer_ip, e.peer_as);
  auto& rs = table_[key_of(e)];
  uint32_t id = intern(scratch_);
  for (auto& r : rs)
    if (r.peer == peer && r.path_id == e.prefix.path_id) {
      release(r.attrs);
      r.attrs = id;
      r.originated = e.ts;
      return;
    }
  rs.push_back({id, e.prefix.path_id, e.ts, peer});
  ++routes_;
}

void RibTable::withdraw(const bgp::Element& e) {
  auto pit = peer_ids_.find({e.peer_ip, e.peer_as});
  if (pit == peer_ids_.end()) return;
  auto it = table_.find(key_of(e));
  if (it == table_.end()) return;
  auto& rs = it->second;
  for (size_t i = 0; i < rs.size(); ++i)
    if (rs[i].peer == pit->second && rs[i].path_id == e.prefix.path_id) {
      release(rs[i].attrs);
      rs.erase(rs.begin() + static_cast<std::ptrdiff_t>(i));
      --routes_;
      break;
    }
  if (rs.empty()) table_.erase(it);
}

void RibTable::drop_peer(const bgp::IpAddr& ip, uint32_t asn) {
  auto pit = peer_ids_.find({ip, asn});
  if (pit == peer_ids_.end()) return;
  uint16_t peer = pit->second;
  for (auto it = table_.begin(); it != table_.end();) {
    auto& rs = it->second;
    for (size_t i = rs.size(); i-- > 0;)
      if (rs[i].peer == peer) {
        release(rs[i].attrs);
        rs.erase(rs.begin() + static_cast<std::ptrdiff_t>(i));
        --routes_;
      }
    it = rs.empty() ? table_.erase(it) : std::next(it);
  }
}

void RibTable::clear() {
  table_.clear();
  sets_.clear();
  free_.clear();
  set_ids_.clear();
  routes_ = 0;
  // peers stay: their indexes are only names
}

void RibTable::write_dump(uint32_t ts, std::string_view view, std::vector<uint8_t>& out,
                          const std::function<void()>& drain) const {
  bgp::Writer w{out};
  mrt::write_peer_index(w, ts, bgp::IpAddr{}, view, peers_);
  std::vector<const std::pair<const Key, std::vector<Route>>*> order;
  order.reserve(table_.size());
  for (const auto& kv : table_) order.push_back(&kv);
  std::sort(order.begin(), order.end(), [](auto* x, auto* y) {
    const Key &a = x->first, &b = y->first;
    if (a.afi != b.afi) return a.afi < b.afi;
    if (a.safi != b.safi) return a.safi < b.safi;
    if (a.b != b.b) return a.b < b.b;
    return a.len < b.len;
  });
  std::vector<mrt::RibEntryOut> entries;
  uint32_t seq = 0;
  for (const auto* kv : order) {
    const Key& k = kv->first;
    bgp::Prefix p;
    p.addr.afi = static_cast<bgp::Afi>(k.afi);
    p.addr.b = k.b;
    p.len = k.len;
    bool addpath = false;
    entries.clear();
    for (const auto& r : kv->second) {
      addpath = addpath || r.path_id != 0;
      const auto& s = sets_[r.attrs].bytes;
      entries.push_back({r.peer, r.originated, r.path_id,
                         {reinterpret_cast<const uint8_t*>(s.data()), s.size()}});
    }
    mrt::write_rib_record(w, ts, seq++, p, k.safi, addpath, entries);
    if (out.size() > (1u << 20)) drain();
  }
}

}  // namespace dw::record
