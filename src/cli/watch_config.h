// The configuration of `watch`: a TOML file (docs/watch.md, with a full
// example in docs/watch.example.toml) for everything, command-line flags for
// the common case, flags overriding the file. Read again on SIGHUP.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dw::cli {

struct Endpoint {
  std::string address;  // "127.0.0.1", "::"
  uint16_t port = 0;
  std::string str() const;
};
// "ADDR:PORT" or "[V6]:PORT"; throws naming `what` when it is neither.
Endpoint parse_endpoint(const std::string& s, const std::string& what);

struct BgpPeerConfig {
  std::string address;
  std::optional<uint32_t> asn;  // none: any AS
  std::string name;             // the events' source (default: the address)
  uint32_t max_prefixes = 0;    // 0: no limit
  bool operator==(const BgpPeerConfig&) const = default;
};
// "IP" or "IP:ASN" ("[V6]:ASN" or a bare IPv6 address).
BgpPeerConfig parse_peer(const std::string& s);

struct WatchConfig {
  // sources
  std::optional<Endpoint> bmp;
  uint32_t bmp_idle = 0;  // seconds without a byte before a BMP connection is closed; 0: never
  std::string bmp_view = "pre-policy-else-loc-rib";
  std::optional<Endpoint> bgp;
  uint32_t asn = 0;
  std::string router_id;
  uint16_t hold_time = 90;
  std::vector<BgpPeerConfig> peers;
  std::string ris_live;  // file or "-"
  // outputs
  std::string db, events, as_names;
  std::vector<std::string> alert_files, alert_webhooks;
  bool alert_syslog = false;
  std::string record, warm;
  uint32_t checkpoint_every = 60;  // seconds between checkpoints into the store (--db); 0: only at exit
  std::optional<Endpoint> http;
  std::string user;
  // detection
  std::string geo;
  uint32_t bin = 300, min_duration = 300;
  uint32_t warmup = 600;  // seconds a peer that came up (or was first heard of) re-sends its table before it votes
  double min_loss = 0.05;
  // limits
  size_t queue_events = 65536;             // per source, events waiting for the engine
  size_t buffer_bytes = 4 * 1024 * 1024;   // per connection, bytes read and not yet decoded
  // shared by all sources / connections at once (each keeps a floor): many
  // routers at once hold this much, not each its own full share
  size_t queue_events_total = 1 << 20;
  size_t buffer_bytes_total = 64 * 1024 * 1024;
};

// Reads a TOML file into cfg (keys absent leave cfg's values). Throws
// "FILE: line N: what" on a syntax error, an unknown key or a wrong type.
void load_watch_config(const std::string& path, WatchConfig& cfg);

}  // namespace dw::cli
