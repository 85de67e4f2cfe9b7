#include "cli/element_json.h"

#include "bgp/time_text.h"

namespace dw::cli {

using bgp::AttrType;

namespace {
struct W {
  std::string& o;
  char buf[64];
  void u(uint64_t v) { o += std::to_string(v); }
  void q(const char* s) { o.push_back('"'), o += s, o.push_back('"'); }
  void key(const char* k) { o += ",\""; o += k; o += "\":"; }
  void ip(const bgp::IpAddr& a) { o.push_back('"'), o.append(buf, a.format(buf)), o.push_back('"'); }
};
const char* type_name(bgp::ElemType t) {
  switch (t) {
    case bgp::ElemType::Rib: return "rib";
    case bgp::ElemType::Announce: return "announce";
    case bgp::ElemType::Withdraw: return "withdraw";
    case bgp::ElemType::PeerState: return "state";
  }
  return "?";
}
}  // namespace

void append_element_json(const bgp::Element& e, std::string& out) {
  W w{out, {}};
  out += "{\"type\":";
  w.q(type_name(e.type));
  w.key("timestamp");
  out += std::to_string(e.ts);
  if (e.usec) {
    char b[16];
    std::snprintf(b, sizeof b, ".%06u", e.usec);
    out += b;
  }
  w.key("time");
  w.q(bgp::iso8601(e.ts).c_str());
  w.key("peer_ip");
  w.ip(e.peer_ip);
  w.key("peer_asn");
  w.u(e.peer_as);
  if (e.type == bgp::ElemType::PeerState) {
    w.key("old_state");
    w.u(e.old_state);
    w.key("new_state");
    w.u(e.new_state);
    out += "}\n";
    return;
  }
  w.key("prefix");
  out.push_back('"');
  out.append(w.buf, e.prefix.format(w.buf));
  out.push_back('"');
  if (e.prefix.path_id) {
    w.key("path_id");
    w.u(e.prefix.path_id);
  }
  if (e.safi != 1) {
    w.key("safi");
    w.u(e.safi);
  }
  if (e.parse_withdraw) {
    w.key("parse_withdraw");
    out += "true";
  }
  if (const auto* a = e.attrs) {
    w.key("as_path");
    out.push_back('"');
    a->as_path.format(out);
    out.push_back('"');
    w.key("origin_asn");
    w.u(a->as_path.origin());
    if (a->has(AttrType::Origin)) {
      w.key("origin");
      w.q(a->origin == 0 ? "IGP" : a->origin == 1 ? "EGP" : "INCOMPLETE");
    }
    w.key("next_hop");
    if (a->has(AttrType::MpReach)) w.ip(a->mp_reach.next_hop);
    else if (a->has(AttrType::NextHop)) w.ip(a->next_hop);
    else out += "null";
    if (a->has(AttrType::LocalPref)) w.key("local_pref"), w.u(a->local_pref);
    if (a->has(AttrType::Med)) w.key("med"), w.u(a->med);
    if (a->has(AttrType::Communities)) {
      w.key("communities");
      out.push_back('[');
      for (size_t i = 0; i < a->communities.size(); ++i) {
        if (i) out.push_back(',');
        out.push_back('"');
        out += std::to_string(a->communities[i] >> 16) + ":" + std::to_string(a->communities[i] & 0xffff);
        out.push_back('"');
      }
      out.push_back(']');
    }
    if (a->has(AttrType::LargeCommunities)) {
      w.key("large_communities");
      out.push_back('[');
      for (size_t i = 0; i < a->large_communities.size(); ++i) {
        const auto& c = a->large_communities[i];
        if (i) out.push_back(',');
        out += "\"" + std::to_string(c.global) + ":" + std::to_string(c.local1) + ":" + std::to_string(c.local2) + "\"";
      }
      out.push_back(']');
    }
    if (a->has(AttrType::AtomicAggregate)) w.key("atomic_aggregate"), out += "true";
    if (a->has(AttrType::Aggregator)) {
      w.key("aggregator");
      out += "{\"asn\":" + std::to_string(a->aggregator.asn) + ",\"ip\":";
      w.ip(a->aggregator.ip);
      out.push_back('}');
    }
    if (a->has(AttrType::OnlyToCustomer)) w.key("only_to_customer"), w.u(a->only_to_customer);
  }
  out += "}\n";
}

}  // namespace dw::cli
