#include "detect/event_json.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "bgp/time_text.h"

namespace dw::detect {

namespace {

// Appends JSON text in the field order of docs/json.md (nlohmann's objects
// would sort or re-order the keys, and print 1.0 where we print 1.0000).
class Writer {
 public:
  Writer& key(const char* k) {
    out_ += first_ ? "" : ",";
    first_ = false;
    out_ += '"';
    out_ += k;
    out_ += "\":";
    return *this;
  }
  Writer& open() { return raw("{"), first_ = true, *this; }
  Writer& close() { return raw("}"), first_ = false, *this; }
  Writer& raw(std::string_view s) { return out_ += s, *this; }
  Writer& str(const std::string& s) { return raw(nlohmann::json(s).dump()); }
  Writer& num(int64_t v) { return raw(std::to_string(v)); }
  Writer& boolean(bool b) { return raw(b ? "true" : "false"); }
  Writer& fixed4(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.4f", v);
    return raw(b);
  }
  Writer& time(uint32_t t) { return raw("\""), raw(bgp::iso8601(t)), raw("\""); }
  Writer& time_or_null(const std::optional<uint32_t>& t) { return t ? time(*t) : raw("null"); }
  Writer& asns(const std::vector<uint32_t>& v) {
    raw("[");
    for (size_t i = 0; i < v.size(); ++i) raw(i ? "," : ""), num(v[i]);
    return raw("]");
  }
  Writer& strs(const std::vector<std::string>& v) {
    raw("[");
    for (size_t i = 0; i < v.size(); ++i) raw(i ? "," : ""), str(v[i]);
    return raw("]");
  }
  Writer& entity(const signal::EntityKey& k, const std::string& name) {
    open().key("type").str(k.type_name()).key("code").str(k.code_str());
    if (!name.empty()) key("name").str(name);
    return close();
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool first_ = true;
};

void explanation(Writer& w, const Explanation& x) {
  const auto& on = x.onset;
  w.open().key("onset").open();
  w.key("style").str(on.style == OnsetStyle::Abrupt ? "abrupt" : "gradual");
  w.key("spread_seconds").num(on.spread_seconds).key("withdrawals").num(on.withdrawals);
  w.key("in_first_minute").num(on.in_first_minute).key("preceded_by_instability").boolean(on.preceded_by_instability);
  w.key("episodes_6h_before").num(on.episodes_6h_before).close();
  w.key("upstreams_before").asns(x.upstreams_before).key("single_upstream").boolean(x.single_upstream);
  w.key("origins_dark").asns(x.origins_dark).key("origins_up").asns(x.origins_up);
  w.key("peers_agreeing").num(x.peers_agreeing).key("collectors_agreeing").num(x.collectors_agreeing);
  w.key("voting_peers").num(x.voting_peers).key("cause_hint").str(cause_hint_text(x));
  if (!x.exposure.empty()) w.key("exposure").str(x.exposure);
  w.close();
}

const char* why_not_outage(NoticeKind k) {
  switch (k) {
    case NoticeKind::CollectorGap:
      return "the collector's updates for this period are missing; its peers did not vote until its next RIB dump";
    case NoticeKind::LocalLoss: return "the majority of voting peers kept these routes";
    case NoticeKind::Failover: return "the origin stayed visible through its new upstreams";
    case NoticeKind::PeerDown: break;
  }
  return nullptr;
}

}  // namespace

const char* kind_name(EventKind k) { return k == EventKind::Outage ? "outage" : "instability"; }
std::optional<EventKind> event_kind(std::string_view s) {
  if (s == "outage") return EventKind::Outage;
  if (s == "instability") return EventKind::Instability;
  return std::nullopt;
}
const char* family_name(Family f) { return f == Family::Ipv4 ? "ipv4" : "ipv6"; }

const char* kind_name(NoticeKind k) {
  switch (k) {
    case NoticeKind::PeerDown: return "peer_down";
    case NoticeKind::CollectorGap: return "collector_gap";
    case NoticeKind::LocalLoss: return "local_loss";
    case NoticeKind::Failover: return "failover";
  }
  return "?";
}
std::optional<NoticeKind> notice_kind(std::string_view s) {
  for (auto k : {NoticeKind::PeerDown, NoticeKind::CollectorGap, NoticeKind::LocalLoss, NoticeKind::Failover})
    if (s == kind_name(k)) return k;
  return std::nullopt;
}

std::string cause_hint_text(const Explanation& x) {
  switch (x.cause) {
    case CauseHint::PrecededByInstability:
      return "preceded by " + std::to_string(x.onset.episodes_6h_before) +
             " losses in the 6 h before: routers under attack or failing, rather than a cut";
    case CauseHint::CutOrPowerLoss:
      return "everything withdrawn within a minute: consistent with a cut link or a power loss";
    case CauseHint::GradualFailure:
      return "withdrawals spread over " + std::to_string(x.onset.spread_seconds) + " s: a gradual failure";
  }
  return "";
}

Notice peer_down_notice(PeerRef peer, uint32_t since, std::optional<uint32_t> until) {
  Notice n;
  n.kind = NoticeKind::PeerDown;
  n.start = since;
  n.end = until;
  n.peers.push_back(std::move(peer));
  return n;
}

Notice collector_gap_notice(std::string collector, uint32_t from, uint32_t to, std::string reason) {
  Notice n;
  n.kind = NoticeKind::CollectorGap;
  n.start = from;
  n.end = to;
  n.collector = std::move(collector);
  n.reason = std::move(reason);
  return n;
}

std::string to_json(const EventRecord& e) {
  Writer w;
  w.open().key("kind").str(kind_name(e.kind)).key("entity").entity(e.entity, e.name);
  w.key("start").time(e.start).key("end").time_or_null(e.end);
  if (e.kind == EventKind::Instability) {
    w.key("episodes").num(e.episodes).key("most_episodes_of_one_prefix").num(e.most_episodes_of_one_prefix);
    w.key("prefix_count").num(static_cast<int64_t>(e.prefix_count)).key("prefixes").strs(e.prefixes);
    if (!e.short_outages.empty()) {
      w.key("short_outages").raw("[");
      for (size_t i = 0; i < e.short_outages.size(); ++i) {
        const auto& s = e.short_outages[i];
        w.raw(i ? "," : "").open().key("start").time(s.start).key("end").time(s.end);
        w.key("severity").fixed4(s.severity).key("family").str(family_name(s.family)).close();
      }
      w.raw("]");
    }
    return w.close().take();
  }
  w.key("severity").fixed4(e.severity).key("family").str(family_name(e.family));
  w.key("baseline").num(e.baseline).key("lowest").num(e.lowest);
  w.key("prefixes").strs(e.prefixes).key("prefix_count").num(static_cast<int64_t>(e.prefix_count));
  w.key("origin_asns").asns(e.origin_asns);
  if (e.explanation) explanation(w.key("explanation"), *e.explanation);
  if (e.within_instability) w.key("within_instability").time(*e.within_instability);
  return w.close().take();
}

std::string to_json(const Notice& n) {
  Writer w;
  w.open().key("kind").str(kind_name(n.kind));
  auto peer = [&](const PeerRef& p) { w.key("collector").str(p.collector).key("peer").str(p.peer).key("peer_asn").num(p.asn); };
  if (n.kind == NoticeKind::PeerDown && !n.peers.empty()) peer(n.peers.front());
  if (n.kind == NoticeKind::CollectorGap) w.key("collector").str(n.collector);
  if (n.entity) w.key("entity").entity(*n.entity, "");
  w.key("start").time(n.start).key("end").time_or_null(n.end);
  if (n.kind == NoticeKind::CollectorGap && !n.reason.empty()) w.key("reason").str(n.reason);
  if (n.kind == NoticeKind::LocalLoss) {
    w.key("peers").raw("[");
    for (size_t i = 0; i < n.peers.size(); ++i) w.raw(i ? "," : "").open(), peer(n.peers[i]), w.close();
    w.raw("]").key("prefix_count").num(static_cast<int64_t>(n.prefix_count)).key("prefixes").strs(n.prefixes);
    w.key("origin_asns").asns(n.origin_asns);
  }
  if (n.kind == NoticeKind::Failover) w.key("from_upstreams").asns(n.from_upstreams).key("to_upstreams").asns(n.to_upstreams);
  if (const char* why = why_not_outage(n.kind)) w.key("why_not_outage").str(why);
  return w.close().take();
}

namespace {

using nlohmann::json;

std::optional<uint32_t> time_of(const json& j, const char* k) {
  if (!j.contains(k) || !j[k].is_string()) return std::nullopt;
  auto t = bgp::parse_time(j[k].get<std::string>());
  return t ? std::optional<uint32_t>(static_cast<uint32_t>(*t)) : std::nullopt;
}

std::vector<uint32_t> asns_of(const json& j, const char* k) {
  std::vector<uint32_t> v;
  if (j.contains(k) && j[k].is_array())
    for (const auto& x : j[k])
      if (x.is_number_unsigned()) v.push_back(x.get<uint32_t>());
  return v;
}

std::vector<std::string> strs_of(const json& j, const char* k) {
  std::vector<std::string> v;
  if (j.contains(k) && j[k].is_array())
    for (const auto& x : j[k])
      if (x.is_string()) v.push_back(x.get<std::string>());
  return v;
}

std::optional<signal::EntityKey> entity_of(const json& j, std::string* name) {
  if (!j.contains("entity") || !j["entity"].is_object()) return std::nullopt;
  const auto& e = j["entity"];
  if (name) *name = e.value("name", "");
  return signal::EntityKey::parse(e.value("type", "") + ":" + e.value("code", ""));
}

Family family_of(const json& j) { return j.value("family", "ipv4") == "ipv6" ? Family::Ipv6 : Family::Ipv4; }

Explanation explanation_of(const json& x) {
  Explanation e;
  const json on = x.value("onset", json::object());
  e.onset.style = on.value("style", "abrupt") == "gradual" ? OnsetStyle::Gradual : OnsetStyle::Abrupt;
  e.onset.spread_seconds = on.value("spread_seconds", 0u);
  e.onset.withdrawals = on.value("withdrawals", 0u);
  e.onset.in_first_minute = on.value("in_first_minute", 0u);
  e.onset.episodes_6h_before = on.value("episodes_6h_before", 0u);
  e.onset.preceded_by_instability = on.value("preceded_by_instability", false);
  e.upstreams_before = asns_of(x, "upstreams_before");
  e.single_upstream = x.value("single_upstream", false);
  e.origins_dark = asns_of(x, "origins_dark");
  e.origins_up = asns_of(x, "origins_up");
  e.peers_agreeing = x.value("peers_agreeing", 0u);
  e.collectors_agreeing = x.value("collectors_agreeing", 0u);
  e.voting_peers = x.value("voting_peers", 0u);
  e.exposure = x.value("exposure", "");
  e.cause = e.onset.preceded_by_instability       ? CauseHint::PrecededByInstability
            : e.onset.style == OnsetStyle::Abrupt ? CauseHint::CutOrPowerLoss
                                                  : CauseHint::GradualFailure;
  return e;
}

}  // namespace

std::optional<EventRecord> event_from_json(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto kind = event_kind(j.value("kind", ""));
  auto start = time_of(j, "start");
  if (!kind || !start) return std::nullopt;
  EventRecord e;
  e.kind = *kind;
  auto k = entity_of(j, &e.name);
  if (!k) return std::nullopt;
  e.entity = *k;
  e.start = *start;
  e.end = time_of(j, "end");
  e.prefixes = strs_of(j, "prefixes");
  e.prefix_count = j.value("prefix_count", size_t{0});
  if (e.kind == EventKind::Instability) {
    e.episodes = j.value("episodes", 0u);
    e.most_episodes_of_one_prefix = j.value("most_episodes_of_one_prefix", 0u);
    if (j.contains("short_outages") && j["short_outages"].is_array())
      for (const auto& s : j["short_outages"]) {
        auto a = time_of(s, "start"), b = time_of(s, "end");
        if (a && b) e.short_outages.push_back({*a, *b, s.value("severity", 0.0), family_of(s)});
      }
    return e;
  }
  e.severity = j.value("severity", 0.0);
  e.family = family_of(j);
  e.baseline = j.value("baseline", int64_t{0});
  e.lowest = j.value("lowest", int64_t{0});
  e.origin_asns = asns_of(j, "origin_asns");
  if (j.contains("explanation") && j["explanation"].is_object()) e.explanation = explanation_of(j["explanation"]);
  e.within_instability = time_of(j, "within_instability");
  return e;
}

std::optional<Notice> notice_from_json(std::string_view text) {
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto kind = notice_kind(j.value("kind", ""));
  auto start = time_of(j, "start");
  if (!kind || !start) return std::nullopt;
  Notice n;
  n.kind = *kind;
  n.start = *start;
  n.end = time_of(j, "end");
  n.entity = entity_of(j, nullptr);
  auto peer = [](const json& p) { return PeerRef{p.value("collector", ""), p.value("peer", ""), p.value("peer_asn", 0u)}; };
  if (n.kind == NoticeKind::PeerDown) n.peers.push_back(peer(j));
  if (n.kind == NoticeKind::CollectorGap) n.collector = j.value("collector", ""), n.reason = j.value("reason", "");
  if (j.contains("peers") && j["peers"].is_array())
    for (const auto& p : j["peers"]) n.peers.push_back(peer(p));
  n.prefix_count = j.value("prefix_count", size_t{0});
  n.prefixes = strs_of(j, "prefixes");
  n.origin_asns = asns_of(j, "origin_asns");
  n.from_upstreams = asns_of(j, "from_upstreams");
  n.to_upstreams = asns_of(j, "to_upstreams");
  return n;
}

}  // namespace dw::detect
