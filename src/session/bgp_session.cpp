// The passive side of the RFC 4271 FSM (8.2.2): OpenSent, OpenConfirm,
// Established, and Idle once over. Framing and message checks follow RFC
// 4271 6; UPDATE damage RFC 7606; graceful restart (helper) RFC 4724.
#include "session/bgp_session.h"

#include <algorithm>

#include "bgp/message.h"
#include "bgp/reader.h"
#include "bgp/update_elements.h"
#include "session/adj_rib_in.h"
#include "session/notification_text.h"
#include "session/open_negotiation.h"
#include "session/update_decode.h"

namespace dw::session {

using bgp::FsmState;

static const char* state_name(FsmState s) {
  switch (s) {
    case FsmState::Idle: return "Idle";
    case FsmState::Connect: return "Connect";
    case FsmState::Active: return "Active";
    case FsmState::OpenSent: return "OpenSent";
    case FsmState::OpenConfirm: return "OpenConfirm";
    case FsmState::Established: return "Established";
  }
  return "?";
}

static const char* type_name(uint8_t t) {
  switch (t) {
    case 1: return "OPEN";
    case 2: return "UPDATE";
    case 3: return "NOTIFICATION";
    case 4: return "KEEPALIVE";
    case 5: return "ROUTE-REFRESH";
    default: return "message";
  }
}

constexpr uint32_t kOpenSentHold = 240;  // RFC 4271 8.2.2: a large hold time until the peer's OPEN
constexpr size_t kMaxPlainMessage = 4096;

struct BgpSession::Impl {
  SessionConfig cfg;
  PeerConfig peer;
  feed::EventSink& sink;
  std::string name;
  FsmState state = FsmState::OpenSent;
  Negotiated neg;
  SessionStats stats;
  std::vector<uint8_t> in, out;
  uint64_t stream_offset = 0;  // bytes of the stream before in[0]
  uint32_t opened = 0, last_rx = 0, last_keepalive = 0, established_at = 0;
  bool closed = false;
  std::string reason;

  // what outlives one connection (take_over moves it)
  AdjRibIn rib;
  uint64_t seq = 0;
  bool engine_up = false;      // we told the sink the peer is Established and not yet down
  uint32_t peer_asn = 0;       // the AS of the routes we hold
  uint32_t stale_deadline = 0; // when stale routes are swept; 0: none
  bool sweep_all = false;      // at the deadline: the peer never came back (the whole session is down)

  bgp::Update update;  // reused

  Impl(const SessionConfig& c, const PeerConfig& p, feed::EventSink& s)
      : cfg(c), peer(p), sink(s), name(p.name.empty() ? p.address.str() : p.name) {}

  // ---- events

  void emit(const bgp::Element& e) {
    feed::RouteEvent ev;
    ev.kind = feed::EventKind::Element;
    ev.source = name;
    ev.seq = ++seq;
    ev.ts = e.ts;
    ev.elem = e;
    sink.on_event(ev);
  }
  void emit_damage(uint32_t now, const std::string& text) {
    feed::RouteEvent ev;
    ev.kind = feed::EventKind::Damage;
    ev.source = name;
    ev.seq = ++seq;
    ev.ts = now;
    ev.text = text;
    sink.on_event(ev);
  }
  bgp::Element base(uint32_t now) const {
    bgp::Element e;
    e.ts = now;
    e.peer_ip = peer.address;
    e.peer_as = peer_asn;
    return e;
  }
  void emit_state(uint32_t now, FsmState from, FsmState to) {
    bgp::Element e = base(now);
    e.type = bgp::ElemType::PeerState;
    e.prefix.addr.afi = peer.address.afi;
    e.old_state = static_cast<uint16_t>(from);
    e.new_state = static_cast<uint16_t>(to);
    emit(e);
  }
  void emit_withdrawals(uint32_t now, const std::vector<RouteKey>& keys) {
    bgp::Element e = base(now);
    e.type = bgp::ElemType::Withdraw;
    for (const auto& k : keys) {
      e.prefix = k.prefix, e.safi = k.safi;
      emit(e);
    }
    stats.withdrawn += keys.size();
  }

  // ---- output

  void send(std::vector<uint8_t>&& m) {
    ++stats.messages_out;
    stats.bytes_out += m.size();
    out.insert(out.end(), m.begin(), m.end());
  }
  void send_keepalive(uint32_t now) {
    std::vector<uint8_t> m;
    bgp::encode_keepalive(m);
    send(std::move(m));
    last_keepalive = now;
  }

  // ---- ending

  std::string who() const {
    std::string s = "peer " + name;
    if (!peer.name.empty()) s += " (" + peer.address.str() + ")";
    if (neg.peer_asn) s += " AS" + std::to_string(neg.peer_asn);
    return s;
  }

  // We end the session with a NOTIFICATION; `why` names what and where.
  void fail(uint32_t now, uint8_t code, uint8_t subcode, std::vector<uint8_t> data, const std::string& why,
            bool damage) {
    if (closed) return;
    std::vector<uint8_t> m;
    bgp::encode_notification({code, subcode, std::move(data)}, m);
    send(std::move(m));
    reason = who() + ": " + why + " in " + state_name(state) + "; sent NOTIFICATION " +
             notification_name(code, subcode);
    if (damage) emit_damage(now, reason);
    end(now, false);
  }

  // The session is over. With graceful restart negotiated and `retain`
  // (the TCP connection went away), the routes of the families the peer
  // asked for stay, stale, for its restart time (RFC 4724 4.2).
  void end(uint32_t now, bool retain) {
    if (closed) return;
    FsmState was = state;
    closed = true;
    state = FsmState::Idle;
    if (!engine_up) return;
    if (was == FsmState::Established && retain && neg.gr) {
      for (size_t i = 0; i < kFamilies; ++i) {
        if (neg.gr_family[i]) {
          rib.mark_stale(kFamily[i].afi, kFamily[i].safi);
        } else {
          rib.mark_stale(kFamily[i].afi, kFamily[i].safi);
          emit_withdrawals(now, rib.sweep(kFamily[i].afi, kFamily[i].safi));
        }
      }
      sweep_all = true;
      stale_deadline = now + neg.gr_restart_time;
      if (neg.gr_restart_time == 0) session_gone(now);
      return;
    }
    // still holding stale routes from an earlier connection: their deadline stands
    if (was != FsmState::Established && stale_deadline) return;
    session_gone(now);
  }

  // Everything the peer gave us is gone: one PeerState down, which the
  // engine reads as a session recount (all its routes), not as withdrawals.
  void session_gone(uint32_t now) {
    emit_state(now, FsmState::Established, FsmState::Idle);
    engine_up = false;
    (void)rib.clear();
    stale_deadline = 0;
    sweep_all = false;
  }

  void sweep_family(uint32_t now, size_t i) {
    auto keys = rib.sweep(kFamily[i].afi, kFamily[i].safi);
    stats.stale_swept += keys.size();
    emit_withdrawals(now, keys);
    if (rib.stale() == 0) stale_deadline = 0;
  }

  // ---- messages

  void on_open(std::span<const uint8_t> body, uint32_t now, uint64_t at) {
    if (auto e = negotiate(body, cfg, peer, neg)) {
      uint8_t sub = e->subcode;
      fail(now, 2, sub, e->data, e->why + " (OPEN at byte " + std::to_string(at) + ")", false);
      return;
    }
    send_keepalive(now);
    state = FsmState::OpenConfirm;
  }

  void established(uint32_t now) {
    state = FsmState::Established;
    established_at = now;
    peer_asn = neg.peer_asn;
    emit_state(now, FsmState::OpenConfirm, FsmState::Established);
    engine_up = true;
    sweep_all = false;
    // routes kept from the last connection: RFC 4724 4.2 keeps only those of
    // families the peer again says it preserved forwarding for, until its End-of-RIB
    if (rib.stale()) {
      for (size_t i = 0; i < kFamilies; ++i)
        if (!(neg.gr && neg.gr_family[i] && neg.gr_forwarding[i] && neg.family[i])) sweep_family(now, i);
      if (rib.stale()) stale_deadline = now + cfg.gr_stale_time;
    }
    // we have nothing to announce: say so at once (a restarting peer waits for it)
    for (size_t i = 0; i < kFamilies; ++i)
      if (neg.family[i]) {
        std::vector<uint8_t> m;
        bgp::encode_end_of_rib(kFamily[i].afi, kFamily[i].safi, m);
        send(std::move(m));
      }
  }

  // End-of-RIB (RFC 4724 2): the routes still stale in its family are gone.
  bool end_of_rib(std::span<const uint8_t> body, uint32_t now) {
    int f = -1;
    if (body.size() == 4 && body[0] == 0 && body[1] == 0 && body[2] == 0 && body[3] == 0) {
      f = 0;
    } else {
      const auto& a = update.attrs;
      if (!update.withdrawn.empty() || !update.nlri.empty()) return false;
      if (a.present != (uint64_t{1} << static_cast<unsigned>(bgp::AttrType::MpUnreach)) || !a.mp_unreach.nlri.empty())
        return false;
      f = family_index(static_cast<uint16_t>(a.mp_unreach.afi), a.mp_unreach.safi);
      if (f < 0) return true;
    }
    ++stats.end_of_rib_in;
    sweep_family(now, static_cast<size_t>(f));
    return true;
  }

  void on_update(std::span<const uint8_t> body, uint32_t now, uint64_t at) {
    ++stats.updates_in;
    if (auto e = decode_session_update(body, neg.addpath, neg.as4, update)) {
      fail(now, 3, e->subcode, {},
           "UPDATE at byte " + std::to_string(at) + ": " + e->error.describe(), true);
      return;
    }
    const auto& a = update.attrs;
    if (a.outcome == bgp::Outcome::SessionReset) {
      std::string w = a.warnings.empty() ? "damaged attributes" : a.warnings.front();
      fail(now, 3, 1, {}, "UPDATE at byte " + std::to_string(at) + ": " + w, true);
      return;
    }
    if (end_of_rib(body, now)) return;
    if (a.outcome == bgp::Outcome::TreatAsWithdraw) ++stats.treat_as_withdraw;
    if (a.outcome == bgp::Outcome::AttributeDiscard) ++stats.attribute_discard;
    bool over = false;
    RouteKey over_key;
    bgp::for_each_update_element(update, base(now), [&](const bgp::Element& e) {
      if (over) return;
      RouteKey k{e.prefix, e.safi};
      if (e.type == bgp::ElemType::Announce) {
        if (rib.add(k) && peer.max_prefixes && rib.size() > peer.max_prefixes) {
          rib.remove(k);
          over = true, over_key = k;
          return;
        }
        ++stats.announced;
      } else {
        rib.remove(k);
        ++stats.withdrawn;
      }
      emit(e);
    });
    if (over) {
      // RFC 4486 4: AFI, SAFI and the upper bound
      std::vector<uint8_t> d;
      auto afi = static_cast<uint16_t>(over_key.prefix.addr.afi);
      d = {static_cast<uint8_t>(afi >> 8), static_cast<uint8_t>(afi), over_key.safi};
      for (int s = 24; s >= 0; s -= 8) d.push_back(static_cast<uint8_t>(peer.max_prefixes >> s));
      fail(now, 6, 1, std::move(d),
           "more than " + std::to_string(peer.max_prefixes) + " prefixes (UPDATE at byte " + std::to_string(at) + ")",
           false);
    }
  }

  void on_notification(std::span<const uint8_t> body) {
    ++stats.notifications_in;
    uint8_t code = body[0], sub = body[1];
    reason = who() + ": received NOTIFICATION " + notification_name(code, sub) + " in " + state_name(state);
    // RFC 8203 / 9003: a shutdown message, length-prefixed UTF-8
    if (code == 6 && (sub == 2 || sub == 4) && body.size() >= 3 && body[2] && size_t{body[2]} + 3 <= body.size()) {
      std::string text(body.begin() + 3, body.begin() + 3 + body[2]);
      std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
      reason += ": \"" + text + "\"";
    }
  }

  void on_route_refresh(std::span<const uint8_t> whole, uint32_t now, uint64_t at) {
    ++stats.route_refresh_in;
    if (whole.size() != bgp::kHeaderLen + 4) {
      fail(now, 7, 1, std::vector<uint8_t>(whole.begin(), whole.end()),
           "ROUTE-REFRESH of " + std::to_string(whole.size()) + " bytes at byte " + std::to_string(at), true);
      return;
    }
    auto afi = static_cast<uint16_t>(whole[19] << 8 | whole[20]);
    uint8_t subtype = whole[21], safi = whole[22];
    int f = family_index(afi, safi);
    if (f < 0 || !neg.family[static_cast<size_t>(f)]) return;  // RFC 2918 4: ignore a family not negotiated
    // a request (0) asks for our routes: we have none. RFC 7313's
    // Begin/End of Route Refresh frame the peer's re-advertisement.
    if (subtype == 1) rib.mark_stale(kFamily[static_cast<size_t>(f)].afi, safi);
    if (subtype == 2) sweep_family(now, static_cast<size_t>(f));
  }

  void handle(uint8_t type, std::span<const uint8_t> whole, uint32_t now, uint64_t at) {
    ++stats.messages_in;
    last_rx = now;
    auto body = whole.subspan(bgp::kHeaderLen);
    if (type == 3) {
      on_notification(body);
      end(now, false);
      return;
    }
    switch (state) {
      case FsmState::OpenSent:
        if (type == 1) return on_open(body, now, at);
        return fail(now, 5, 1, {}, std::string(type_name(type)) + " at byte " + std::to_string(at) + " before OPEN", false);
      case FsmState::OpenConfirm:
        if (type == 4) {
          ++stats.keepalives_in;
          return established(now);
        }
        return fail(now, 5, 2, {}, std::string(type_name(type)) + " at byte " + std::to_string(at), false);
      case FsmState::Established:
        switch (type) {
          case 2: return on_update(whole.subspan(bgp::kHeaderLen), now, at);
          case 4: ++stats.keepalives_in; return;
          case 5: return on_route_refresh(whole, now, at);
          default:
            return fail(now, 5, 3, {}, std::string(type_name(type)) + " at byte " + std::to_string(at), false);
        }
      default: return;
    }
  }

  // Checks the header of the message at in[pos] (RFC 4271 6.1); false when
  // it failed the session.
  bool check_header(const uint8_t* m, uint32_t now, uint64_t at) {
    for (int i = 0; i < 16; ++i)
      if (m[i] != 0xff) {
        fail(now, 1, 1, {}, "marker not all ones at byte " + std::to_string(at + static_cast<uint64_t>(i)), true);
        return false;
      }
    uint16_t len = static_cast<uint16_t>(m[16] << 8 | m[17]);
    uint8_t type = m[18];
    std::vector<uint8_t> len_data{m[16], m[17]};
    if (type < 1 || type > 5) {
      fail(now, 1, 3, {type}, "message type " + std::to_string(type) + " at byte " + std::to_string(at + 18), true);
      return false;
    }
    // RFC 8654: only UPDATE, NOTIFICATION and ROUTE-REFRESH may be longer, and only once agreed
    size_t max = (neg.extended && state == FsmState::Established && type != 1 && type != 4) ? bgp::kMaxMessageLen
                                                                                            : kMaxPlainMessage;
    size_t min = type == 1 ? 29 : type == 2 ? 23 : type == 3 ? 21 : 19;
    bool bad = len < min || len > max || (type == 4 && len != 19);
    // a ROUTE-REFRESH of the wrong length is RFC 7313's 7/1, checked on the whole message
    if (type == 5) bad = len < 19 || len > max;
    if (bad) {
      fail(now, 1, 2, std::move(len_data),
           std::string(type_name(type)) + " length " + std::to_string(len) + " at byte " + std::to_string(at + 16),
           true);
      return false;
    }
    return true;
  }

  void on_bytes(std::span<const uint8_t> bytes, uint32_t now) {
    if (closed) return;
    stats.bytes_in += bytes.size();
    in.insert(in.end(), bytes.begin(), bytes.end());
    size_t pos = 0;
    while (!closed && in.size() - pos >= bgp::kHeaderLen) {
      const uint8_t* m = in.data() + pos;
      uint64_t at = stream_offset + pos;
      if (!check_header(m, now, at)) break;
      size_t len = size_t{m[16]} << 8 | m[17];
      if (in.size() - pos < len) break;
      handle(m[18], std::span<const uint8_t>(m, len), now, at);
      pos += len;
    }
    stream_offset += pos;
    in.erase(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(pos));
    if (closed) in.clear();
  }

  uint32_t hold_deadline() const {
    if (closed) return 0;
    if (state == FsmState::OpenSent) return opened + kOpenSentHold;
    return neg.hold_time ? last_rx + neg.hold_time : 0;
  }
  uint32_t keepalive_deadline() const {
    if (closed || state == FsmState::OpenSent || !neg.hold_time) return 0;
    return last_keepalive + std::max<uint32_t>(1, neg.hold_time / 3u);
  }

  void on_timer(uint32_t now) {
    if (uint32_t h = hold_deadline(); h && now >= h)
      fail(now, 4, 0, {}, "no message for " + std::to_string(now - last_rx) + " s (hold timer expired)", false);
    if (uint32_t k = keepalive_deadline(); k && now >= k) send_keepalive(now);
    if (stale_deadline && now >= stale_deadline) {
      if (sweep_all) {
        stats.stale_swept += rib.stale();
        session_gone(now);
      } else {
        for (size_t i = 0; i < kFamilies; ++i) sweep_family(now, i);
        stale_deadline = 0;
      }
    }
  }
};

BgpSession::BgpSession(const SessionConfig& cfg, const PeerConfig& peer, feed::EventSink& sink, uint32_t now)
    : impl_(std::make_unique<Impl>(cfg, peer, sink)) {
  impl_->opened = impl_->last_rx = now;
  impl_->send(encode_our_open(cfg));
}

BgpSession::~BgpSession() = default;

void BgpSession::take_over(BgpSession& previous, uint32_t now) {
  Impl& p = *previous.impl_;
  if (!p.closed) {
    p.reason = p.who() + ": replaced by a new connection from it in " + state_name(p.state);
    p.end(now, true);
  }
  Impl& s = *impl_;
  s.rib = std::move(p.rib);
  p.rib = AdjRibIn{};
  s.seq = p.seq;
  s.engine_up = p.engine_up;
  s.peer_asn = p.peer_asn;
  s.stale_deadline = p.stale_deadline;
  s.sweep_all = p.sweep_all;
  p.engine_up = false;
  p.stale_deadline = 0;
  p.sweep_all = false;
}

void BgpSession::on_bytes(std::span<const uint8_t> bytes, uint32_t now) { impl_->on_bytes(bytes, now); }
void BgpSession::on_timer(uint32_t now) { impl_->on_timer(now); }

void BgpSession::on_closed(uint32_t now) {
  Impl& s = *impl_;
  if (s.closed) return;
  s.reason = s.who() + ": connection closed by the peer in " + state_name(s.state);
  if (!s.in.empty()) s.reason += ", " + std::to_string(s.in.size()) + " bytes of a message unread";
  s.end(now, true);
}

void BgpSession::shutdown(uint32_t now, uint8_t subcode) {
  impl_->fail(now, 6, subcode, {}, "closed by us", false);
}

void BgpSession::request_route_refresh() {
  Impl& s = *impl_;
  if (s.closed || s.state != FsmState::Established || !s.neg.route_refresh) return;
  for (size_t i = 0; i < kFamilies; ++i)
    if (s.neg.family[i]) {
      std::vector<uint8_t> m;
      bgp::encode_route_refresh({static_cast<uint16_t>(kFamily[i].afi), 0, kFamily[i].safi}, m);
      s.send(std::move(m));
    }
}

std::vector<uint8_t> BgpSession::take_output() { return std::exchange(impl_->out, {}); }
bool BgpSession::done() const { return impl_->closed; }
bool BgpSession::finished() const { return impl_->closed && !impl_->stale_deadline; }
const std::string& BgpSession::close_reason() const { return impl_->reason; }

uint32_t BgpSession::next_deadline() const {
  const Impl& s = *impl_;
  uint32_t d = 0;
  for (uint32_t t : {s.hold_deadline(), s.keepalive_deadline(), s.stale_deadline})
    if (t && (!d || t < d)) d = t;
  return d;
}

const SessionStats& BgpSession::stats() const { return impl_->stats; }

SessionStatus BgpSession::status() const {
  const Impl& s = *impl_;
  SessionStatus st;
  st.state = s.state;
  st.established_at = s.state == FsmState::Established ? s.established_at : 0;
  st.peer_asn = s.neg.peer_asn;
  st.peer_id = s.neg.peer_id;
  st.hold_time = s.neg.hold_time;
  st.prefixes_v4 = s.rib.count(bgp::Afi::Ipv4);
  st.prefixes_v6 = s.rib.count(bgp::Afi::Ipv6);
  st.stale = s.rib.stale();
  st.as4 = s.neg.as4;
  st.route_refresh = s.neg.route_refresh;
  st.enhanced_route_refresh = s.neg.enhanced_refresh;
  st.extended_messages = s.neg.extended;
  st.graceful_restart = s.neg.gr;
  st.addpath_v4 = s.neg.addpath[0];
  st.addpath_v6 = s.neg.addpath[1];
  return st;
}

const std::string& BgpSession::source() const { return impl_->name; }

// An IPv4 peer reaching a dual-stack socket shows as ::ffff:a.b.c.d.
static bgp::IpAddr unmapped(const bgp::IpAddr& a) {
  if (a.is_v4()) return a;
  for (int i = 0; i < 10; ++i)
    if (a.b[static_cast<size_t>(i)]) return a;
  if (a.b[10] != 0xff || a.b[11] != 0xff) return a;
  return bgp::IpAddr::v4(uint32_t{a.b[12]} << 24 | uint32_t{a.b[13]} << 16 | uint32_t{a.b[14]} << 8 | a.b[15]);
}

const PeerConfig* find_peer(const std::vector<PeerConfig>& peers, const bgp::IpAddr& addr) {
  bgp::IpAddr a = unmapped(addr);
  for (const auto& p : peers)
    if (unmapped(p.address) == a) return &p;
  return nullptr;
}

}  // namespace dw::session
