#include "engine/notices.h"

#include "bgp/time_text.h"

namespace dw::engine {

detect::Notice peer_down_notice(const rib::PeerInfo& p, uint32_t since, std::optional<uint32_t> until) {
  std::string j = "{\"kind\":\"peer_down\",\"collector\":\"" + p.collector + "\",\"peer\":\"" + p.ip.str() +
                  "\",\"peer_asn\":" + std::to_string(p.asn) + ",\"start\":\"" + bgp::iso8601(since) + "\",\"end\":";
  if (until) j.append("\"").append(bgp::iso8601(*until)).append("\"");
  else j.append("null");
  j.append("}");
  return detect::Notice{"peer_down", since, std::move(j), until};
}

detect::Notice collector_gap_notice(const std::string& collector, uint32_t a, uint32_t b) {
  return detect::Notice{"collector_gap", a,
                        "{\"kind\":\"collector_gap\",\"collector\":\"" + collector + "\",\"start\":\"" +
                            bgp::iso8601(a) + "\",\"end\":\"" + bgp::iso8601(b) +
                            "\",\"why_not_outage\":\"the collector published no updates; its peers did not vote "
                            "until its next RIB dump\"}",
                        b};
}

}  // namespace dw::engine
