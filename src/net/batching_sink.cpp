#include "net/batching_sink.h"

namespace dw::net {

static bool same_path(const bgp::AsPath& a, const bgp::AsPath& b) {
  if (a.asns != b.asns || a.segs.size() != b.segs.size()) return false;
  for (size_t i = 0; i < a.segs.size(); ++i)
    if (a.segs[i].type != b.segs[i].type || a.segs[i].count != b.segs[i].count) return false;
  return true;
}

bool same_route_attributes(const bgp::Attributes& a, const bgp::Attributes& b) {
  if (a.present != b.present || a.origin != b.origin || a.outcome != b.outcome || a.next_hop != b.next_hop ||
      a.med != b.med || a.local_pref != b.local_pref || !same_path(a.as_path, b.as_path) ||
      a.communities != b.communities || a.warnings != b.warnings)
    return false;
  if (a.large_communities.size() != b.large_communities.size()) return false;
  for (size_t i = 0; i < a.large_communities.size(); ++i) {
    const auto &x = a.large_communities[i], &y = b.large_communities[i];
    if (x.global != y.global || x.local1 != y.local1 || x.local2 != y.local2) return false;
  }
  // the rest is compared whole only when present (rare on the hot path)
  if (a.has(bgp::AttrType::MpReach) &&
      (a.mp_reach.afi != b.mp_reach.afi || a.mp_reach.safi != b.mp_reach.safi || a.mp_reach.nh_len != b.mp_reach.nh_len ||
       a.mp_reach.next_hop != b.mp_reach.next_hop || a.mp_reach.next_hop_local != b.mp_reach.next_hop_local))
    return false;
  if (!a.unknown.empty() || !b.unknown.empty() || !a.ext_communities.empty() || !b.ext_communities.empty() ||
      !a.cluster_list.empty() || !b.cluster_list.empty() || !a.as4_path.empty() || !b.as4_path.empty())
    return false;
  return a.aggregator.asn == b.aggregator.asn && a.aggregator.ip == b.aggregator.ip &&
         a.originator_id == b.originator_id && a.only_to_customer == b.only_to_customer;
}

void BatchingSink::on_event(const feed::RouteEvent& e) {
  batch_.push_back(e);
  feed::RouteEvent& c = batch_.back();
  c.source = *source_;
  c.seq = ++seq_;  // one sequence per connection's source name, from 1
  bgp::Element& el = c.elem;
  if (el.attrs && !el.owned_attrs) {
    if (!last_ || !same_route_attributes(*last_, *el.attrs)) last_ = std::make_shared<const bgp::Attributes>(*el.attrs);
    el.owned_attrs = last_;
    el.attrs = last_.get();
  }
}

bool BatchingSink::flush() {
  if (batch_.empty()) return true;
  Batch b;
  b.swap(batch_);
  batch_.reserve(b.size());
  return q_.push(lane_, std::move(b));
}

}  // namespace dw::net
