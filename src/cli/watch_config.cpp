#include "cli/watch_config.h"

#include <map>
#include <set>
#include <stdexcept>
#include <toml++/toml.h>

#include "bgp/ip.h"

namespace dw::cli {

std::string Endpoint::str() const {
  return (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

static uint32_t to_u32(const std::string& s, uint64_t max, const std::string& what) {
  if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos || std::stoull(s) > max)
    throw std::runtime_error(what + ": not a number up to " + std::to_string(max) + ": " + s);
  return static_cast<uint32_t>(std::stoull(s));
}

Endpoint parse_endpoint(const std::string& s, const std::string& what) {
  std::string host, port;
  if (!s.empty() && s[0] == '[') {
    auto e = s.find("]:");
    if (e == std::string::npos) throw std::runtime_error(what + " " + s + ": not [ADDRESS]:PORT");
    host = s.substr(1, e - 1), port = s.substr(e + 2);
  } else {
    auto c = s.rfind(':');
    if (c == std::string::npos || s.find(':') != c) throw std::runtime_error(what + " " + s + ": not ADDRESS:PORT");
    host = s.substr(0, c), port = s.substr(c + 1);
  }
  if (!bgp::IpAddr::parse(host)) throw std::runtime_error(what + " " + s + ": " + host + " is not an IP address");
  return {host, static_cast<uint16_t>(to_u32(port, 65535, what + " " + s + ": port"))};
}

BgpPeerConfig parse_peer(const std::string& s) {
  BgpPeerConfig p;
  std::string host = s, asn;
  if (!s.empty() && s[0] == '[') {
    auto e = s.find(']');
    if (e == std::string::npos) throw std::runtime_error("--peer " + s + ": no closing ]");
    host = s.substr(1, e - 1);
    if (e + 1 < s.size()) {
      if (s[e + 1] != ':') throw std::runtime_error("--peer " + s + ": not [IP]:ASN");
      asn = s.substr(e + 2);
    }
  } else if (auto c = s.rfind(':'); c != std::string::npos && s.find(':') == c) {
    host = s.substr(0, c), asn = s.substr(c + 1);
  }
  auto ip = bgp::IpAddr::parse(host);
  if (!ip) throw std::runtime_error("--peer " + s + ": " + host + " is not an IP address");
  p.address = ip->str();
  if (!asn.empty()) p.asn = to_u32(asn, UINT32_MAX, "--peer " + s + ": AS");
  p.name = p.address;
  return p;
}

namespace {

// Every key the file may hold, by table: a typo is an error, not a default.
const std::map<std::string, std::set<std::string>> kKeys = {
    {"", {"db", "events", "as_names", "alert", "alert_webhook", "alert_syslog", "record", "warm", "checkpoint_every", "http",
          "user", "geo", "bmp", "bgp", "ris_live", "detect", "limits"}},
    {"bmp", {"listen", "idle", "view"}},
    {"bgp", {"listen", "asn", "router_id", "hold_time", "peer"}},
    {"bgp.peer", {"address", "asn", "name", "max_prefixes"}},
    {"ris_live", {"input"}},
    {"detect", {"bin", "min_duration", "min_loss", "warmup"}},
    {"limits", {"queue_events", "buffer_bytes", "queue_events_total", "buffer_bytes_total"}},
};

struct Reader {
  std::string file;
  [[noreturn]] void fail(const toml::node& n, const std::string& what) const {
    auto line = n.source().begin.line;
    throw std::runtime_error(file + ": line " + std::to_string(line) + ": " + what);
  }
  void check_keys(const toml::table& t, const std::string& table) const {
    const auto& allowed = kKeys.at(table);
    for (const auto& [k, v] : t)
      if (!allowed.count(std::string(k.str())))
        fail(v, "unknown key " + (table.empty() ? "" : table + ".") + std::string(k.str()));
  }
  void str(const toml::table& t, const char* key, std::string& out) const {
    if (const auto* n = t.get(key)) {
      if (!n->is_string()) fail(*n, std::string(key) + ": not a string");
      out = n->as_string()->get();
    }
  }
  template <typename T>
  void num(const toml::table& t, const char* key, T& out, int64_t lo, int64_t hi) const {
    if (const auto* n = t.get(key)) {
      if (!n->is_integer()) fail(*n, std::string(key) + ": not an integer");
      int64_t v = n->as_integer()->get();
      if (v < lo || v > hi) fail(*n, std::string(key) + ": out of range " + std::to_string(lo) + ".." + std::to_string(hi));
      out = static_cast<T>(v);
    }
  }
  void strings(const toml::table& t, const char* key, std::vector<std::string>& out) const {
    const auto* n = t.get(key);
    if (!n) return;
    out.clear();
    if (n->is_string()) return out.push_back(n->as_string()->get());
    if (!n->is_array()) fail(*n, std::string(key) + ": not a string or a list of strings");
    for (const auto& x : *n->as_array()) {
      if (!x.is_string()) fail(x, std::string(key) + ": not a string");
      out.push_back(x.as_string()->get());
    }
  }
  void endpoint(const toml::table& t, const char* key, std::optional<Endpoint>& out, const std::string& what) const {
    std::string s;
    str(t, key, s);
    if (s.empty()) return;
    try {
      out = parse_endpoint(s, what);
    } catch (const std::exception& e) {
      fail(*t.get(key), e.what());
    }
  }
  const toml::table* table(const toml::table& t, const char* key) const {
    const auto* n = t.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) fail(*n, std::string(key) + ": not a table");
    check_keys(*n->as_table(), key);
    return n->as_table();
  }
};

}  // namespace

void load_watch_config(const std::string& path, WatchConfig& cfg) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw std::runtime_error(path + ": line " + std::to_string(e.source().begin.line) + ": " +
                             std::string(e.description()));
  }
  Reader r{path};
  r.check_keys(root, "");
  r.str(root, "db", cfg.db);
  r.str(root, "events", cfg.events);
  r.str(root, "as_names", cfg.as_names);
  r.strings(root, "alert", cfg.alert_files);
  r.strings(root, "alert_webhook", cfg.alert_webhooks);
  if (const auto* n = root.get("alert_syslog")) {
    if (!n->is_boolean()) r.fail(*n, "alert_syslog: not true or false");
    cfg.alert_syslog = n->as_boolean()->get();
  }
  r.str(root, "record", cfg.record);
  r.str(root, "warm", cfg.warm);
  r.num(root, "checkpoint_every", cfg.checkpoint_every, 0, 86400);
  r.endpoint(root, "http", cfg.http, "http");
  r.str(root, "user", cfg.user);
  r.str(root, "geo", cfg.geo);
  if (const auto* t = r.table(root, "bmp")) {
    r.endpoint(*t, "listen", cfg.bmp, "bmp.listen");
    r.num(*t, "idle", cfg.bmp_idle, 0, 86400);
    r.str(*t, "view", cfg.bmp_view);
  }
  if (const auto* t = r.table(root, "bgp")) {
    r.endpoint(*t, "listen", cfg.bgp, "bgp.listen");
    r.num(*t, "asn", cfg.asn, 1, UINT32_MAX);
    r.str(*t, "router_id", cfg.router_id);
    r.num(*t, "hold_time", cfg.hold_time, 0, 65535);
    if (const auto* n = t->get("peer")) {
      if (!n->is_array_of_tables()) r.fail(*n, "bgp.peer: not a list of tables ([[bgp.peer]])");
      cfg.peers.clear();
      for (const auto& x : *n->as_array()) {
        const auto& pt = *x.as_table();
        r.check_keys(pt, "bgp.peer");
        std::string addr;
        r.str(pt, "address", addr);
        if (addr.empty()) r.fail(x, "bgp.peer: no address");
        BgpPeerConfig p;
        try {
          p = parse_peer(addr);
        } catch (const std::exception& e) {
          r.fail(x, e.what());
        }
        if (pt.get("asn")) {
          uint32_t a = 0;
          r.num(pt, "asn", a, 1, UINT32_MAX);
          p.asn = a;
        }
        r.str(pt, "name", p.name);
        r.num(pt, "max_prefixes", p.max_prefixes, 0, UINT32_MAX);
        cfg.peers.push_back(p);
      }
    }
  }
  if (const auto* t = r.table(root, "ris_live")) r.str(*t, "input", cfg.ris_live);
  if (const auto* t = r.table(root, "detect")) {
    r.num(*t, "bin", cfg.bin, 1, 86400);
    r.num(*t, "min_duration", cfg.min_duration, 1, 7 * 86400);
    r.num(*t, "warmup", cfg.warmup, 0, 86400);
    if (const auto* n = t->get("min_loss")) {
      if (!n->is_number()) r.fail(*n, "min_loss: not a number");
      double v = n->is_integer() ? static_cast<double>(n->as_integer()->get()) : n->as_floating_point()->get();
      if (!(v > 0 && v <= 1)) r.fail(*n, "min_loss: not in (0, 1]");
      cfg.min_loss = v;
    }
  }
  if (const auto* t = r.table(root, "limits")) {
    r.num(*t, "queue_events", cfg.queue_events, 1, 1 << 24);
    r.num(*t, "buffer_bytes", cfg.buffer_bytes, 4096, int64_t{1} << 32);
    r.num(*t, "queue_events_total", cfg.queue_events_total, 1, 1 << 30);
    r.num(*t, "buffer_bytes_total", cfg.buffer_bytes_total, 4096, int64_t{1} << 40);
  }
}

}  // namespace dw::cli
