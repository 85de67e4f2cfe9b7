#include "exposure/path_keeper.h"

#include <algorithm>

namespace dw::exposure {

void PathKeeper::record(rib::PeerId peer, rib::PrefixId prefix, PathIndex path) {
  if (peer >= by_peer_.size()) by_peer_.resize(peer + 1);
  auto& v = by_peer_[peer];
  if (prefix >= v.size()) v.resize(std::max<size_t>(prefix + 1, v.size() + v.size() / 2), kNoPath);
  v[prefix] = path;
}

void PathKeeper::on_event(const feed::RouteEvent& e) {
  if (next_) next_->on_event(e);
  if (e.kind != feed::EventKind::Element) return;
  const auto& el = e.elem;
  if ((el.type != bgp::ElemType::Announce && el.type != bgp::ElemType::Rib) || !el.attrs ||
      !bgp::is_unicast(el.safi))
    return;
  if (!last_name_ || e.source.data() != last_src_ || e.source.size() != last_len_) {
    auto it = std::find(sources_.begin(), sources_.end(), e.source);
    const std::string* name = it == sources_.end() ? &sources_.emplace_back(e.source) : &*it;
    last_name_ = name, last_src_ = e.source.data(), last_len_ = e.source.size();
  }
  rib::PeerId peer = rib_.peer(*last_name_, el.peer_ip, el.peer_as);
  rib::PrefixId prefix = rib_.intern(el.prefix);
  record(peer, prefix, table_.intern(rib_.peers()[peer].asn, el.attrs->as_path));
}

size_t PathKeeper::bytes() const {
  size_t n = table_.bytes();
  for (const auto& v : by_peer_) n += v.capacity() * sizeof(PathIndex);
  return n;
}

}  // namespace dw::exposure
