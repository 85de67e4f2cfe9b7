#include "session/open_negotiation.h"

#include "bgp/message.h"
#include "bgp/reader.h"

namespace dw::session {

int family_index(uint16_t afi, uint8_t safi) {
  for (size_t i = 0; i < kFamilies; ++i)
    if (static_cast<uint16_t>(kFamily[i].afi) == afi && kFamily[i].safi == safi) return static_cast<int>(i);
  return -1;
}

static void put16(std::vector<uint8_t>& v, uint16_t x) {
  v.push_back(static_cast<uint8_t>(x >> 8));
  v.push_back(static_cast<uint8_t>(x));
}

static std::vector<uint8_t> family_bytes(const Family& f) {
  std::vector<uint8_t> v;
  put16(v, static_cast<uint16_t>(f.afi));
  v.push_back(0);
  v.push_back(f.safi);
  return v;
}

std::vector<uint8_t> encode_our_open(const SessionConfig& cfg) {
  bgp::Open o;
  o.version = 4;
  o.asn = cfg.local_asn;
  o.hold_time = cfg.hold_time;
  o.bgp_id = bgp::IpAddr::v4(cfg.router_id);
  for (const auto& f : kFamily) o.capabilities.push_back({kCapMultiprotocol, family_bytes(f)});
  o.capabilities.push_back({kCapRouteRefresh, {}});
  o.capabilities.push_back({kCapEnhancedRefresh, {}});
  if (cfg.extended_messages) o.capabilities.push_back({kCapExtendedMessage, {}});
  if (cfg.gr_restart_time) {
    // helper only: restart time and no families (we keep no forwarding state)
    std::vector<uint8_t> v;
    put16(v, static_cast<uint16_t>(std::min<uint32_t>(cfg.gr_restart_time, 4095)));
    o.capabilities.push_back({kCapGracefulRestart, v});
  }
  std::vector<uint8_t> as4;
  for (int s = 24; s >= 0; s -= 8) as4.push_back(static_cast<uint8_t>(cfg.local_asn >> s));
  o.capabilities.push_back({kCapFourOctetAs, as4});
  std::vector<uint8_t> ap;
  for (const auto& f : kFamily) {
    put16(ap, static_cast<uint16_t>(f.afi));
    ap.push_back(f.safi);
    ap.push_back(1);  // receive
  }
  o.capabilities.push_back({kCapAddPath, ap});
  std::vector<uint8_t> out;
  bgp::encode_open(o, out);
  return out;
}

static OpenError err(uint8_t sub, std::string why, std::vector<uint8_t> data = {}) {
  return OpenError{sub, std::move(data), std::move(why)};
}

// One capability (RFC 5492): what it tells us. Malformed values of the ones
// we use are an error (2/0, unspecific, as RFC 5492 gives no subcode).
static std::optional<OpenError> take_capability(uint8_t code, std::span<const uint8_t> v, Negotiated& n,
                                                std::array<bool, kFamilies>& mp, bool& any_mp, uint32_t& as4) {
  auto be16 = [&](size_t i) { return static_cast<uint16_t>((v[i] << 8) | v[i + 1]); };
  switch (code) {
    case kCapMultiprotocol:
      if (v.size() != 4) return err(0, "multiprotocol capability of " + std::to_string(v.size()) + " bytes");
      any_mp = true;
      if (int i = family_index(be16(0), v[3]); i >= 0) mp[static_cast<size_t>(i)] = true;
      return {};
    case kCapRouteRefresh:
    case kCapRouteRefreshCisco: n.route_refresh = true; return {};
    case kCapEnhancedRefresh: n.enhanced_refresh = true; return {};
    case kCapExtendedMessage: n.extended = true; return {};
    case kCapFourOctetAs:
      if (v.size() != 4) return err(0, "4-octet AS capability of " + std::to_string(v.size()) + " bytes");
      n.as4 = true;
      as4 = (uint32_t{v[0]} << 24) | (uint32_t{v[1]} << 16) | (uint32_t{v[2]} << 8) | v[3];
      return {};
    case kCapAddPath:
      if (v.size() % 4) return err(0, "ADD-PATH capability of " + std::to_string(v.size()) + " bytes");
      for (size_t k = 0; k < v.size(); k += 4)
        if (int i = family_index(be16(k), v[k + 2]); i >= 0) n.addpath[static_cast<size_t>(i)] = (v[k + 3] & 2) != 0;
      return {};
    case kCapGracefulRestart:
      if (v.size() < 2 || (v.size() - 2) % 4)
        return err(0, "graceful restart capability of " + std::to_string(v.size()) + " bytes");
      n.gr = true;
      n.gr_restarting = (v[0] & 0x80) != 0;
      n.gr_restart_time = be16(0) & 0x0fff;
      for (size_t k = 2; k < v.size(); k += 4)
        if (int i = family_index(be16(k), v[k + 2]); i >= 0) {
          n.gr_family[static_cast<size_t>(i)] = true;
          n.gr_forwarding[static_cast<size_t>(i)] = (v[k + 3] & 0x80) != 0;
        }
      return {};
    default: return {};  // RFC 5492: ignore what we do not know
  }
}

std::optional<OpenError> negotiate(std::span<const uint8_t> body, const SessionConfig& cfg,
                                   const PeerConfig& peer, Negotiated& n) {
  n = Negotiated{};
  bgp::Reader r(body, bgp::kHeaderLen);
  if (!r.require(10, "OPEN")) return err(0, "OPEN of " + std::to_string(body.size()) + " bytes");
  uint8_t version = r.u8_unchecked();
  uint16_t as2 = r.u16_unchecked();
  uint16_t hold = r.u16_unchecked();
  uint32_t id = r.u32_unchecked();
  size_t optlen = r.u8_unchecked();
  if (version != 4) return err(1, "BGP version " + std::to_string(version), {0, 4});
  // RFC 9072: a non-extended length of 255 with type 255 first means 2-byte lengths
  bool ext = optlen == 255 && r.remaining() >= 3 && r.rest()[0] == 255;
  if (ext) {
    (void)r.u8_unchecked();
    optlen = r.u16_unchecked();
  }
  auto opts = r.sub(optlen, "OPEN optional parameters");
  if (!opts || !r.empty()) return err(0, "optional parameters length " + std::to_string(optlen) + " disagrees with the OPEN's");
  std::array<bool, kFamilies> mp{};
  bool any_mp = false;
  uint32_t as4 = 0;
  while (!opts->empty()) {
    auto ptype = opts->u8("parameter type");
    auto plen = ext ? opts->u16("parameter length") : opts->u8("parameter length").map([](uint8_t x) { return uint16_t{x}; });
    if (!ptype || !plen) return err(0, "truncated optional parameter");
    auto p = opts->sub(*plen, "parameter");
    if (!p) return err(0, "optional parameter of " + std::to_string(*plen) + " bytes past the OPEN's end");
    if (*ptype != 2) return err(4, "optional parameter type " + std::to_string(*ptype));
    while (!p->empty()) {
      auto code = p->u8("capability code");
      auto clen = p->u8("capability length");
      if (!code || !clen) return err(0, "truncated capability");
      auto v = p->bytes(*clen, "capability value");
      if (!v) return err(0, "capability " + std::to_string(*code) + " runs past its parameter");
      if (auto e = take_capability(*code, *v, n, mp, any_mp, as4)) return e;
    }
  }
  n.peer_asn = n.as4 ? as4 : as2;
  if (n.as4 && as4 == 0) return err(2, "peer AS 0 in its 4-octet AS capability");
  if (!n.as4 && as2 == 0) return err(2, "peer AS 0");
  if (peer.asn && *peer.asn != n.peer_asn)
    return err(2, "peer AS " + std::to_string(n.peer_asn) + ", configured " + std::to_string(*peer.asn));
  n.peer_id = bgp::IpAddr::v4(id);
  // RFC 6286: non-zero, and unlike ours within one AS
  if (id == 0) return err(3, "BGP identifier 0.0.0.0");
  if (id == cfg.router_id && n.peer_asn == cfg.local_asn)
    return err(3, "BGP identifier " + n.peer_id.str() + " is ours");
  if (hold == 1 || hold == 2) return err(6, "hold time " + std::to_string(hold));
  n.hold_time = (hold == 0 || cfg.hold_time == 0) ? 0 : std::min(hold, cfg.hold_time);
  // no multiprotocol capability at all: IPv4 unicast only (RFC 4760 8)
  if (!any_mp) mp[0] = true;
  n.family = mp;
  for (size_t i = 0; i < kFamilies; ++i) {
    n.addpath[i] = n.addpath[i] && mp[i];
  }
  n.extended = n.extended && cfg.extended_messages;
  return {};
}

}  // namespace dw::session
