#include "watch/status.h"

#include <nlohmann/json.hpp>
#include <sstream>

namespace dw::watch {

uint64_t Status::dropped() const {
  uint64_t n = 0;
  for (const auto& l : lanes) n += l.dropped;
  return n;
}

namespace {

// Label values escape backslash, quote and newline (exposition format).
std::string esc(const std::string& v) {
  std::string o;
  for (char c : v) {
    if (c == '\\' || c == '"') o += '\\', o += c;
    else if (c == '\n') o += "\\n";
    else o += c;
  }
  return o;
}

struct Metrics {
  std::ostringstream out;
  std::string last;
  void head(const std::string& name, const char* type, const char* help) {
    if (name == last) return;
    last = name;
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
  }
  template <typename V>
  void row(const std::string& name, const std::string& labels, V v) {
    out << name;
    if (!labels.empty()) out << '{' << labels << '}';
    out << ' ' << v << '\n';
  }
};

std::string lbl(const std::string& router) { return "router=\"" + esc(router) + "\""; }

}  // namespace

std::string to_prometheus(const Status& s) {
  Metrics m;
  m.head("darkwatch_start_time_seconds", "gauge", "When this watch started (unix time).");
  m.row("darkwatch_start_time_seconds", "", s.started);
  struct Total {
    const char* name;
    const char* type;
    const char* help;
    uint64_t Status::*field;
  };
  static const Total kTotals[] = {
      {"darkwatch_elements_total", "counter", "Update elements applied to routing state.", &Status::elements},
      {"darkwatch_announcements_total", "counter", "Announcements applied.", &Status::announcements},
      {"darkwatch_withdrawals_total", "counter", "Withdrawals applied.", &Status::withdrawals},
      {"darkwatch_peer_state_changes_total", "counter", "Peer session state changes applied.", &Status::peer_states},
      {"darkwatch_damaged_total", "counter", "Messages or lines lost to damage, every source.", &Status::damaged},
      {"darkwatch_notices_total", "counter", "Notices raised (peer down, gaps, ...).", &Status::notices},
      {"darkwatch_refused_connections_total", "counter", "Connections refused (not a configured peer).",
       &Status::refused},
      {"darkwatch_prefixes", "gauge", "Distinct prefixes in routing state.", &Status::prefixes},
  };
  for (const auto& t : kTotals) {
    m.head(t.name, t.type, t.help);
    m.row(t.name, "", s.*t.field);
  }
  m.head("darkwatch_open_events", "gauge", "Outage and instability events still open.");
  m.row("darkwatch_open_events", "", s.open_events.size());

  struct C {
    const char* name;
    const char* help;
    uint64_t net::ConnectionStats::*field;
  };
  static const C kConn[] = {
      {"darkwatch_received_bytes_total", "Bytes read from the router's connection.", &net::ConnectionStats::bytes_in},
      {"darkwatch_decoded_bytes_total", "Bytes handed to the decoder.", &net::ConnectionStats::bytes_decoded},
      {"darkwatch_dropped_bytes_total", "Bytes read but never decoded (shutdown).", &net::ConnectionStats::bytes_dropped},
      {"darkwatch_read_pauses_total", "Times reading stopped because the decoder was behind (TCP back-pressure).",
       &net::ConnectionStats::read_pauses},
  };
  for (const auto& c : kConn) {
    m.head(c.name, "counter", c.help);
    for (const auto& x : s.connections)
      m.row(c.name, lbl(x.source) + ",kind=\"" + esc(x.kind) + "\",connection=\"" + std::to_string(x.id) + "\"",
            x.*c.field);
  }
  m.head("darkwatch_connection_up", "gauge", "1 while the connection is open.");
  for (const auto& x : s.connections)
    m.row("darkwatch_connection_up", lbl(x.source) + ",kind=\"" + esc(x.kind) + "\",connection=\"" + std::to_string(x.id) + "\"",
          x.open ? 1 : 0);
  m.head("darkwatch_connection_buffered_bytes", "gauge", "Bytes read and waiting for the decoder.");
  for (const auto& x : s.connections)
    m.row("darkwatch_connection_buffered_bytes", lbl(x.source) + ",connection=\"" + std::to_string(x.id) + "\"", x.buffered);

  struct L {
    const char* name;
    const char* type;
    const char* help;
    uint64_t net::LaneStats::*field;
  };
  static const L kLane[] = {
      {"darkwatch_queued_events_total", "counter", "Events handed from the source to the engine.", &net::LaneStats::events},
      {"darkwatch_queue_waits_total", "counter", "Times the source waited for room in its queue to the engine.",
       &net::LaneStats::waits},
      {"darkwatch_dropped_events_total", "counter", "Events that never reached the engine (shutdown).",
       &net::LaneStats::dropped},
      {"darkwatch_queue_depth", "gauge", "Events waiting for the engine.", &net::LaneStats::depth},
      {"darkwatch_queue_applying", "gauge", "Events the engine is applying now (its current batch).",
       &net::LaneStats::applying},
  };
  for (const auto& c : kLane) {
    m.head(c.name, c.type, c.help);
    for (const auto& l : s.lanes) m.row(c.name, "queue=\"" + esc(l.name) + "\"", l.*c.field);
  }

  m.head("darkwatch_peer_up", "gauge", "1 while the peer's session is up.");
  for (const auto& p : s.peers)
    m.row("darkwatch_peer_up", lbl(p.router) + ",peer=\"" + esc(p.peer) + "\",asn=\"" + std::to_string(p.asn) + "\"",
          p.up ? 1 : 0);
  m.head("darkwatch_peer_awaited", "gauge",
         "1 while a peer restored from a checkpoint is not confirmed again (its session or its table).");
  for (const auto& p : s.peers)
    m.row("darkwatch_peer_awaited", lbl(p.router) + ",peer=\"" + esc(p.peer) + "\"", p.awaited.empty() ? 0 : 1);
  m.head("darkwatch_peer_prefixes", "gauge", "Routes the peer holds, per family.");
  for (const auto& p : s.peers) {
    std::string l = lbl(p.router) + ",peer=\"" + esc(p.peer) + "\"";
    m.row("darkwatch_peer_prefixes", l + ",family=\"ipv4\"", p.prefixes_v4);
    m.row("darkwatch_peer_prefixes", l + ",family=\"ipv6\"", p.prefixes_v6);
  }
  return m.out.str();
}

std::string to_json(const Status& s) {
  using nlohmann::json;
  json j;
  j["version"] = s.version;
  j["started"] = s.started;
  j["now"] = s.now;
  j["elements"] = s.elements;
  j["announcements"] = s.announcements;
  j["withdrawals"] = s.withdrawals;
  j["peer_states"] = s.peer_states;
  j["elements_per_second"] = s.elements_per_second;
  j["damaged"] = s.damaged;
  j["notices"] = s.notices;
  j["prefixes"] = s.prefixes;
  j["refused"] = s.refused;
  j["dropped"] = s.dropped();
  j["connections"] = json::array();
  for (const auto& c : s.connections)
    j["connections"].push_back({{"id", c.id}, {"kind", c.kind}, {"remote", c.remote}, {"source", c.source},
                                {"open", c.open}, {"since", c.since}, {"end_reason", c.end_reason},
                                {"bytes_in", c.bytes_in}, {"bytes_decoded", c.bytes_decoded},
                                {"bytes_dropped", c.bytes_dropped}, {"read_pauses", c.read_pauses},
                                {"buffered", c.buffered}, {"peak_buffered", c.peak_buffered}});
  j["queues"] = json::array();
  for (const auto& l : s.lanes)
    j["queues"].push_back({{"name", l.name}, {"open", l.open}, {"events", l.events}, {"waits", l.waits},
                           {"dropped", l.dropped}, {"depth", l.depth}, {"applying", l.applying},
                           {"peak_depth", l.peak_depth}});
  j["peers"] = json::array();
  for (const auto& p : s.peers)
    j["peers"].push_back({{"router", p.router}, {"peer", p.peer}, {"asn", p.asn}, {"up", p.up},
                          {"down_at", p.down_at}, {"prefixes_v4", p.prefixes_v4}, {"prefixes_v6", p.prefixes_v6},
                          {"awaited", p.awaited.empty() ? json(nullptr) : json(p.awaited)}});
  j["open_events"] = json::array();
  for (const auto& e : s.open_events)
    j["open_events"].push_back({{"kind", e.kind}, {"entity", e.entity}, {"start", e.start}, {"severity", e.severity}});
  return j.dump();
}

}  // namespace dw::watch
