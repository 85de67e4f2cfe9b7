#include "rislive/ris_live.h"

#include <charconv>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

namespace dw::rislive {

using nlohmann::json;

namespace {

// A malformed part of a message: its text names the field.
struct Bad {
  std::string why;
};

uint32_t parse_asn(const json& v, const char* field) {
  // peer_asn is a string in RIS Live ("11708"); accept a number too
  if (v.is_number_unsigned()) {
    auto n = v.get<uint64_t>();
    if (n <= UINT32_MAX) return static_cast<uint32_t>(n);
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    uint32_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) return n;
  }
  throw Bad{std::string(field) + ": not an AS number: " + v.dump()};
}

// "path": [1, 2, [3, 4], 5]: numbers are AS_SEQUENCE runs, a nested array an AS_SET.
void parse_path(const json& v, bgp::AsPath& out) {
  if (!v.is_array()) throw Bad{"path: not an array"};
  auto add = [&](bgp::SegType t) {
    if (out.segs.empty() || out.segs.back().type != t || t == bgp::SegType::Set || out.segs.back().count == 255)
      out.segs.push_back({t, 0});
    ++out.segs.back().count;
  };
  for (const auto& a : v) {
    if (a.is_array()) {
      if (a.empty()) throw Bad{"path: empty AS set"};
      out.segs.push_back({bgp::SegType::Set, 0});
      for (const auto& s : a) {
        out.asns.push_back(parse_asn(s, "path"));
        ++out.segs.back().count;
      }
    } else {
      out.asns.push_back(parse_asn(a, "path"));
      add(bgp::SegType::Sequence);
    }
  }
}

bgp::Prefix parse_prefix(const json& v, const char* field) {
  if (v.is_string())
    if (auto p = bgp::Prefix::parse(v.get_ref<const std::string&>())) return *p;
  throw Bad{std::string(field) + ": not a prefix: " + v.dump()};
}

// "global" or "global,link-local" (RIS Live joins an IPv6 pair with a comma).
void parse_next_hop(const json& v, bgp::Attributes& a) {
  if (!v.is_string()) throw Bad{"next_hop: not a string"};
  std::string_view s = v.get_ref<const std::string&>();
  std::string_view g = s, l;
  if (auto c = s.find(','); c != s.npos) g = s.substr(0, c), l = s.substr(c + 1);
  auto gip = bgp::IpAddr::parse(g);
  if (!gip) throw Bad{"next_hop: not an address: " + std::string(s)};
  std::optional<bgp::IpAddr> lip;
  if (!l.empty() && !(lip = bgp::IpAddr::parse(l))) throw Bad{"next_hop: not an address: " + std::string(s)};
  if (gip->is_v4() && !lip) {
    a.set(bgp::AttrType::NextHop);
    a.next_hop = *gip;
    return;
  }
  a.set(bgp::AttrType::MpReach);
  a.mp_reach.afi = gip->afi;
  a.mp_reach.safi = 1;
  a.mp_reach.next_hop = *gip;
  a.mp_reach.nh_len = gip->is_v4() ? 4 : 16;
  if (lip) a.mp_reach.next_hop_local = *lip, a.mp_reach.nh_len = static_cast<uint8_t>(a.mp_reach.nh_len * 2);
}

// The attributes shared by every announcement of the message.
void parse_common(const json& d, bgp::Attributes& a) {
  if (auto it = d.find("path"); it != d.end()) {
    a.set(bgp::AttrType::AsPath);
    parse_path(*it, a.as_path);
  }
  if (auto it = d.find("origin"); it != d.end()) {
    static const std::map<std::string, uint8_t, std::less<>> kOrigin{{"igp", 0}, {"egp", 1}, {"incomplete", 2}};
    auto o = it->is_string() ? kOrigin.find(it->get_ref<const std::string&>()) : kOrigin.end();
    if (o == kOrigin.end()) throw Bad{"origin: " + it->dump()};
    a.set(bgp::AttrType::Origin);
    a.origin = o->second;
  }
  if (auto it = d.find("med"); it != d.end()) {
    if (!it->is_number_unsigned() || it->get<uint64_t>() > UINT32_MAX) throw Bad{"med: " + it->dump()};
    a.set(bgp::AttrType::Med);
    a.med = it->get<uint32_t>();
  }
  if (auto it = d.find("community"); it != d.end()) {
    if (!it->is_array()) throw Bad{"community: not an array"};
    a.set(bgp::AttrType::Communities);
    for (const auto& c : *it) {
      if (!c.is_array() || c.size() != 2 || !c[0].is_number_unsigned() || !c[1].is_number_unsigned() ||
          c[0].get<uint64_t>() > 65535 || c[1].get<uint64_t>() > 65535)
        throw Bad{"community: " + c.dump()};
      a.communities.push_back(c[0].get<uint32_t>() << 16 | c[1].get<uint32_t>());
    }
  }
}

}  // namespace

RisLiveDecoder::RisLiveDecoder(feed::EventSink& sink, std::string name) : sink_(sink), name_(std::move(name)) {}

const std::string& RisLiveDecoder::source(std::string_view host) {
  auto it = seq_.find(host);
  if (it == seq_.end()) it = seq_.emplace(std::string(host), 0).first;
  return it->first;
}

void RisLiveDecoder::emit(feed::RouteEvent& e, const std::string& src) {
  e.source = src;
  e.seq = ++seq_.find(src)->second;
  sink_.on_event(e);
}

void RisLiveDecoder::damage(const std::string& src, uint64_t line_no, const std::string& why) {
  ++stats_.damaged;
  feed::RouteEvent e;
  e.kind = feed::EventKind::Damage;
  e.text = "RIS Live line " + std::to_string(line_no) + ": " + why;
  emit(e, src);
}

void RisLiveDecoder::line(std::string_view text, uint64_t line_no) {
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty()) return;
  ++stats_.lines;
  json m = json::parse(text, nullptr, false);
  if (m.is_discarded()) return damage(source(name_), line_no, "not JSON");
  const std::string* src = &source(name_);
  try {
    if (!m.is_object() || !m.contains("type") || !m["type"].is_string()) throw Bad{"no message type"};
    const auto& type = m["type"].get_ref<const std::string&>();
    const json* dp = m.contains("data") ? &m["data"] : nullptr;
    if (type == "ris_error") {
      std::string msg = dp && dp->is_object() && dp->contains("message") ? (*dp)["message"].dump() : "";
      throw Bad{"ris_error from the server: " + msg};
    }
    if (type != "ris_message") {
      ++stats_.skipped;  // pong, ris_subscribe_ok, ...
      return;
    }
    if (!dp || !dp->is_object()) throw Bad{"ris_message without data"};
    const json& d = *dp;
    if (auto h = d.find("host"); h != d.end() && h->is_string() && !h->get_ref<const std::string&>().empty())
      src = &source(h->get_ref<const std::string&>());
    auto mt = d.find("type");
    if (mt == d.end() || !mt->is_string()) throw Bad{"data.type missing"};
    const auto& mtype = mt->get_ref<const std::string&>();
    if (mtype != "UPDATE" && mtype != "RIS_PEER_STATE") {
      ++stats_.skipped;
      return;
    }
    feed::RouteEvent e;
    e.kind = feed::EventKind::Element;
    bgp::Element& el = e.elem;
    auto ts = d.find("timestamp");
    if (ts == d.end() || !ts->is_number() || ts->get<double>() < 0 || ts->get<double>() >= 4294967296.0)
      throw Bad{"timestamp missing or out of range"};
    double t = ts->get<double>();
    el.ts = e.ts = static_cast<uint32_t>(t);
    el.usec = static_cast<uint32_t>(std::lround((t - std::floor(t)) * 1e6) % 1000000);
    auto peer = d.find("peer");
    std::optional<bgp::IpAddr> pip;
    if (peer == d.end() || !peer->is_string() || !(pip = bgp::IpAddr::parse(peer->get_ref<const std::string&>())))
      throw Bad{"peer: not an address"};
    el.peer_ip = *pip;
    auto pas = d.find("peer_asn");
    if (pas == d.end()) throw Bad{"peer_asn missing"};
    el.peer_as = parse_asn(*pas, "peer_asn");

    if (mtype == "RIS_PEER_STATE") {
      auto st = d.find("state");
      if (st == d.end() || !st->is_string()) throw Bad{"state missing"};
      const auto& s = st->get_ref<const std::string&>();
      auto est = static_cast<uint16_t>(bgp::FsmState::Established), idle = static_cast<uint16_t>(bgp::FsmState::Idle);
      if (s == "connected") el.old_state = idle, el.new_state = est;
      else if (s == "down") el.old_state = est, el.new_state = idle;
      else throw Bad{"state: " + s};
      el.type = bgp::ElemType::PeerState;
      ++stats_.peer_states;
      return emit(e, *src);
    }

    ++stats_.updates;
    // everything is checked before the first element leaves: a damaged
    // message is lost whole (and said so), never half applied
    auto common = std::make_shared<bgp::Attributes>();
    parse_common(d, *common);
    std::vector<bgp::Prefix> withdrawn;
    if (auto w = d.find("withdrawals"); w != d.end()) {
      if (!w->is_array()) throw Bad{"withdrawals: not an array"};
      for (const auto& p : *w) withdrawn.push_back(parse_prefix(p, "withdrawals"));
    }
    std::vector<std::pair<std::shared_ptr<const bgp::Attributes>, std::vector<bgp::Prefix>>> announced;
    if (auto an = d.find("announcements"); an != d.end()) {
      if (!an->is_array()) throw Bad{"announcements: not an array"};
      for (const auto& a : *an) {
        if (!a.is_object() || !a.contains("prefixes") || !a["prefixes"].is_array())
          throw Bad{"announcements: no prefixes"};
        auto attrs = std::make_shared<bgp::Attributes>(*common);
        if (a.contains("next_hop")) parse_next_hop(a["next_hop"], *attrs);
        std::vector<bgp::Prefix> ps;
        for (const auto& p : a["prefixes"]) ps.push_back(parse_prefix(p, "prefixes"));
        announced.emplace_back(std::move(attrs), std::move(ps));
      }
    }
    el.type = bgp::ElemType::Withdraw;
    for (const auto& p : withdrawn) {
      el.prefix = p;
      ++stats_.elements;
      emit(e, *src);
    }
    el.type = bgp::ElemType::Announce;
    for (auto& [attrs, ps] : announced) {
      el.owned_attrs = attrs;
      el.attrs = attrs.get();
      for (const auto& p : ps) {
        el.prefix = p;
        ++stats_.elements;
        emit(e, *src);
      }
    }
  } catch (const Bad& b) {
    damage(*src, line_no, b.why);
  } catch (const json::exception& x) {
    damage(*src, line_no, std::string("bad field: ") + x.what());
  }
}

uint64_t read_stream(std::istream& in, RisLiveDecoder& d, const std::atomic<bool>* stop) {
  std::string line;
  uint64_t n = 0;
  while ((!stop || !stop->load()) && std::getline(in, line)) d.line(line, ++n);
  return n;
}

}  // namespace dw::rislive
