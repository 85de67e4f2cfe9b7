// BmpStream: framing (common header, per-type minimum lengths), then one
// decoder per message type. Peers are tracked at two levels: the session
// (distinguisher + address, or a Loc-RIB instance), which PeerUp and PeerDown
// change and whose OPENs decide 4-byte ASNs and ADD-PATH; and the view
// (session + RIB view), which holds counters and the source it is delivered
// under.
#include "bmp/bmp_stream.h"

#include <deque>
#include <map>

#include "bgp/message.h"
#include "bgp/reader.h"
#include "bgp/update_elements.h"
#include "bmp/bmp_wire.h"
#include "bmp/negotiated.h"
#include "bmp/stats_report.h"

namespace dw::bmp {

using bgp::ErrorCode;
using bgp::fail;
using bgp::Reader;
using bgp::Status;

namespace {

struct PerPeerHeader {
  uint8_t type = 0, flags = 0;
  uint64_t rd = 0;
  bgp::IpAddr addr;
  uint32_t asn = 0;
  bgp::IpAddr bgp_id;
  uint32_t ts = 0, usec = 0;

  bool loc_rib() const { return type == kPeerLocRib; }
  RibView view() const {
    if (loc_rib()) return RibView::LocRib;
    bool post = flags & kFlagL;
    if (flags & kFlagO) return post ? RibView::AdjOutPost : RibView::AdjOutPre;
    return post ? RibView::AdjInPost : RibView::AdjInPre;
  }
};

Status read_per_peer(Reader& r, PerPeerHeader& h) {
  DW_TRY(r.require(kPerPeerLen, "BMP per-peer header"));
  h.type = r.u8_unchecked();
  h.flags = r.u8_unchecked();
  h.rd = (uint64_t{r.u32_unchecked()} << 32) | r.u32_unchecked();
  uint8_t a[16];
  r.copy_unchecked(a, 16);
  // the V flag means IPv6 only for peers of a BGP session; a Loc-RIB
  // instance's flag 0x80 is F (filtered) and its address is zero (RFC 9069 4.1)
  bool v6 = !h.loc_rib() && (h.flags & kFlagV);
  h.addr = {};
  h.addr.afi = v6 ? bgp::Afi::Ipv6 : bgp::Afi::Ipv4;
  if (v6) std::copy(a, a + 16, h.addr.b.begin());
  else std::copy(a + 12, a + 16, h.addr.b.begin());
  h.asn = r.u32_unchecked();
  h.bgp_id = bgp::IpAddr::v4(r.u32_unchecked());
  h.ts = r.u32_unchecked();
  h.usec = r.u32_unchecked();
  return {};
}

// RFC 4364 route distinguisher text, as pmacct prints it ("0:64499:94").
std::string rd_text(uint64_t rd) {
  uint16_t type = static_cast<uint16_t>(rd >> 48);
  uint64_t v = rd & 0xffffffffffffULL;
  switch (type) {
    case 0:
      return "0:" + std::to_string(v >> 32) + ":" + std::to_string(v & 0xffffffff);
    case 1:
      return "1:" + bgp::IpAddr::v4(static_cast<uint32_t>(v >> 16)).str() + ":" + std::to_string(v & 0xffff);
    case 2:
      return "2:" + std::to_string(v >> 16) + ":" + std::to_string(v & 0xffff);
    default:
      return std::to_string(rd);
  }
}

struct SessionKey {
  uint64_t rd;
  bgp::IpAddr addr;
  bool loc_rib;
  auto operator<=>(const SessionKey&) const = default;
};

struct Session {
  PeerStatus status;           // the session-level fields (view is the first one seen)
  bgp::DecodeContext in, out;  // how Adj-RIB-In and Adj-RIB-Out UPDATEs read
  bool as4_opens = true;       // both OPENs of the last PeerUp announced 4-byte ASNs
};

struct ViewKey {
  SessionKey session;
  RibView view;
  auto operator<=>(const ViewKey&) const = default;
};

struct Source {
  std::string name;
  uint64_t seq = 0;
};

struct ViewPeer {
  Session* session = nullptr;
  RibView view = RibView::AdjInPre;
  Source* source = nullptr;       // where it is delivered, when delivered
  bool announced_up = false;      // a PeerState up went to the sink and no down after it
  bool delivered = false;         // anything went to the sink
  uint64_t announced_v4 = 0, announced_v6 = 0, withdrawn_v4 = 0, withdrawn_v6 = 0;
  uint32_t last_update = 0;
  std::map<std::tuple<uint16_t, uint16_t, uint8_t>, uint64_t> stats;
};

}  // namespace

struct BmpStream::Impl {
  std::string router;
  feed::EventSink& sink;
  StreamConfig cfg;
  StreamStats stats;
  RouterInfo info;

  std::vector<uint8_t> buf, spare;  // an incomplete message (or, after a content error, the unread bytes)
  uint64_t buf_offset = 0;          // stream offset of buf[0]
  std::optional<bgp::Error> broken; // a framing error: final
  bool has_pre_policy = false;      // the router sent Adj-RIB-In pre-policy routes
  uint32_t now = 0;

  std::map<SessionKey, Session> sessions;
  std::map<ViewKey, ViewPeer> views;
  std::deque<Source> sources;  // stable addresses: events borrow the names
  ViewPeer* last_view = nullptr;
  ViewKey last_key{};
  bgp::Message msg;              // reused across messages
  feed::RouteEvent ev;           // reused for every element

  Impl(std::string r, feed::EventSink& s, StreamConfig c) : router(std::move(r)), sink(s), cfg(c) {}

  // --- delivery -----------------------------------------------------------
  bool delivers(const ViewPeer& v) const {
    switch (cfg.view) {
      case View::All: return true;
      case View::PrePolicy: return v.view == RibView::AdjInPre;
      case View::PostPolicy: return v.view == RibView::AdjInPost;
      case View::LocRib: return v.view == RibView::LocRib;
      case View::AdjRibOut: return v.view == RibView::AdjOutPost;
      case View::PrePolicyElseLocRib:
        return v.view == RibView::AdjInPre || (v.view == RibView::LocRib && !has_pre_policy);
    }
    return false;
  }

  Source* source_for(const SessionKey& k, RibView view) {
    std::string name = router;
    if (cfg.view == View::All && view != RibView::AdjInPre) name += std::string("/") + to_string(view);
    if (k.rd) name += "/" + rd_text(k.rd);
    for (auto& s : sources)
      if (s.name == name) return &s;
    sources.push_back({std::move(name), 0});
    return &sources.back();
  }

  void emit(Source& src, feed::EventKind kind, uint32_t ts) {
    ev.kind = kind;
    ev.source = src.name;
    ev.seq = ++src.seq;
    ev.ts = ts;
    ++stats.delivered;
    sink.on_event(ev);
  }

  bgp::IpAddr peer_ip(const Session& s) const {
    // a Loc-RIB instance has no peer address; its BGP id names it (one per VRF)
    return s.status.peer_type == kPeerLocRib && s.status.address.is_zero() ? s.status.bgp_id : s.status.address;
  }

  void state(ViewPeer& v, bool up, uint32_t ts) {
    if (!delivers(v)) return;
    if (!v.source) v.source = source_for(key_of(v), v.view);
    ev.elem = {};
    ev.elem.type = bgp::ElemType::PeerState;
    ev.elem.ts = ts;
    ev.elem.peer_ip = peer_ip(*v.session);
    ev.elem.peer_as = v.session->status.asn;
    ev.elem.old_state = static_cast<uint16_t>(up ? bgp::FsmState::Idle : bgp::FsmState::Established);
    ev.elem.new_state = static_cast<uint16_t>(up ? bgp::FsmState::Established : bgp::FsmState::Idle);
    v.announced_up = up;
    v.delivered = true;
    emit(*v.source, feed::EventKind::Element, ts);
  }

  SessionKey key_of(const ViewPeer& v) const {
    const auto& st = v.session->status;
    return {st.distinguisher, st.address, st.peer_type == kPeerLocRib};
  }

  // Damage goes under the router's own name.
  void damage(const std::string& text) {
    ++stats.damaged;
    ev.elem = {};
    ev.text = text;
    emit(*source_for({0, {}, false}, RibView::AdjInPre), feed::EventKind::Damage, now);
    ev.text.clear();
  }

  // --- peers --------------------------------------------------------------
  Session& session(const PerPeerHeader& h) {
    SessionKey k{h.rd, h.addr, h.loc_rib()};
    auto [it, fresh] = sessions.try_emplace(k);
    Session& s = it->second;
    if (fresh) {
      s.status.view = h.view();
      s.status.peer_type = h.type;
      s.status.distinguisher = h.rd;
      s.status.address = h.addr;
      // before a PeerUp: the A flag says how AS paths read; ADD-PATH unknown (none)
      s.in.per_family = s.out.per_family = true;
      s.status.as4 = !(h.flags & kFlagA) || h.loc_rib();
    }
    s.status.asn = h.asn;
    s.status.bgp_id = h.bgp_id;
    return s;
  }

  ViewPeer& view_peer(const PerPeerHeader& h) {
    ViewKey k{{h.rd, h.addr, h.loc_rib()}, h.view()};
    if (last_view && k == last_key) return *last_view;
    auto [it, fresh] = views.try_emplace(k);
    if (fresh) {
      it->second.session = &session(h);
      it->second.view = k.view;
    }
    last_key = k;
    last_view = &it->second;
    return it->second;
  }

  // Every view of a session that went to the sink goes down (once).
  void session_down(const Session& s, uint32_t ts) {
    for (auto& [k, v] : views)
      if (v.session == &s && (v.delivered || v.announced_up)) view_down(v, ts);
  }
  void view_down(ViewPeer& v, uint32_t ts) {
    state(v, false, ts);
    v.delivered = v.announced_up = false;
  }

  // The first Adj-RIB-In pre-policy route: in the default view, Loc-RIB stops
  // feeding, and its routes leave routing state (a PeerState down).
  void pre_policy_seen(uint32_t ts) {
    if (has_pre_policy) return;
    std::vector<ViewPeer*> fed;
    if (cfg.view == View::PrePolicyElseLocRib)
      for (auto& [k, v] : views)
        if (v.view == RibView::LocRib && v.delivered) fed.push_back(&v);
    for (ViewPeer* v : fed) view_down(*v, ts);
    has_pre_policy = true;
  }

  // --- messages -----------------------------------------------------------
  Status route_monitoring(Reader r, const char* what) {
    PerPeerHeader h;
    DW_TRY(read_per_peer(r, h));
    ++stats.route_monitoring;
    uint32_t ts = h.ts ? h.ts : now;
    if (h.view() == RibView::AdjInPre) pre_policy_seen(ts);
    ViewPeer& v = view_peer(h);
    Session& s = *v.session;
    bool out = h.view() == RibView::AdjOutPre || h.view() == RibView::AdjOutPost;
    bgp::DecodeContext ctx = out ? s.out : s.in;
    // RFC 7854 4.2: the A flag says the paths are 2-byte; clear, they are
    // 4-byte (a router may re-encode them). When the OPENs said 2-byte and
    // the 4-byte reading damages the paths, the router passed them on as
    // received without setting A: the 2-byte reading stands.
    ctx.as4 = h.loc_rib() || !(h.flags & kFlagA);
    auto st = bgp::decode_message(r.rest(), ctx, msg, r.offset());
    if (st && ctx.as4 && !s.as4_opens && msg.update.attrs.outcome != bgp::Outcome::Ok) {
      ctx.as4 = false;
      bgp::Message alt;
      if (bgp::decode_message(r.rest(), ctx, alt, r.offset()) && alt.type == bgp::MsgType::Update &&
          alt.update.attrs.outcome == bgp::Outcome::Ok)
        std::swap(msg, alt);
    }
    if (!st) {
      auto e = st.error();
      e.field = std::string(what) + " (peer " + h.addr.str() + ") UPDATE: " + e.field;
      return tl::unexpected(std::move(e));
    }
    if (msg.type != bgp::MsgType::Update)
      return fail(ErrorCode::BadValue, std::string(what) + " (peer " + h.addr.str() + "): BGP message is not an UPDATE",
                  r.offset() + 18);
    const bgp::Attributes& a = msg.update.attrs;
    if (bgp::withdraws_announcements(a.outcome)) ++stats.rfc7606;
    if ((a.has(bgp::AttrType::MpReach) && a.mp_reach.safi > 3) ||
        (a.has(bgp::AttrType::MpUnreach) && a.mp_unreach.safi > 3))
      ++stats.unsupported_nlri;
    v.last_update = ts;
    bool deliver = delivers(v);
    if (deliver && !v.source) v.source = source_for(key_of(v), v.view);
    bgp::Element base;
    base.ts = ts;
    base.usec = h.usec;
    base.peer_ip = peer_ip(s);
    base.peer_as = h.asn;
    bgp::for_each_update_element(msg.update, base, [&](const bgp::Element& e) {
      ++stats.elements;
      bool v6 = e.prefix.addr.afi == bgp::Afi::Ipv6;
      if (e.type == bgp::ElemType::Announce) ++(v6 ? v.announced_v6 : v.announced_v4);
      else ++(v6 ? v.withdrawn_v6 : v.withdrawn_v4);
      if (!deliver) {
        ++stats.skipped_views;
        return;
      }
      ev.elem = e;
      v.delivered = true;
      emit(*v.source, feed::EventKind::Element, ts);
    });
    return {};
  }

  // Information TLVs: type(2) length(2) value, to the end of the message.
  template <typename F>
  static Status tlvs(Reader r, const char* what, F&& f) {
    while (!r.empty()) {
      DW_TRY(r.require(4, what));
      uint16_t type = r.u16_unchecked();
      uint16_t len = r.u16_unchecked();
      DW_TRY_ASSIGN(auto v, r.bytes(len, what));
      f(type, std::string(v.begin(), v.end()), v);
    }
    return {};
  }

  Status peer_up(Reader r) {
    PerPeerHeader h;
    DW_TRY(read_per_peer(r, h));
    DW_TRY(r.skip(20, "BMP PeerUp local address and ports"));
    bgp::Open sent, received;
    for (bgp::Open* o : {&sent, &received}) {
      const char* which = o == &sent ? "BMP PeerUp sent OPEN" : "BMP PeerUp received OPEN";
      DW_TRY(r.require(bgp::kHeaderLen, which));
      size_t len = (size_t{r.rest()[16]} << 8) | r.rest()[17];
      DW_TRY_ASSIGN(Reader m, r.sub(std::max(len, bgp::kHeaderLen), which));
      DW_TRY(bgp::decode_message(m.rest(), {}, msg, m.offset()));
      if (msg.type != bgp::MsgType::Open) return fail(ErrorCode::BadValue, which, m.offset() + 18);
      *o = std::move(msg.open);
    }
    ++stats.peers_up;
    Session& s = session(h);
    uint32_t ts = h.ts ? h.ts : now;
    Negotiated n = negotiate(sent, received);
    s.in.addpath_families = n.addpath_in;
    s.out.addpath_families = n.addpath_out;
    s.as4_opens = n.as4;
    s.status.as4 = h.loc_rib() || (!(h.flags & kFlagA) && n.as4);
    s.status.addpath = family_names(n.addpath_in);
    s.status.up = true;
    s.status.up_since = ts;
    s.status.down_reason = 0;
    if (received.bgp_id.v4_host() && !h.loc_rib()) s.status.bgp_id = received.bgp_id;
    DW_TRY(tlvs(r, "BMP PeerUp information TLV", [&](uint16_t type, std::string text, auto) {
      if (type == 3) s.status.table_name = std::move(text);  // VRF/Table Name (RFC 9069 5.1)
    }));
    // the view a PeerUp opens: the one its header names, or the configured
    // one of this session when that is delivered
    state(view_peer(h), true, ts);
    RibView primary = h.loc_rib() ? RibView::LocRib
                      : cfg.view == View::PostPolicy ? RibView::AdjInPost
                      : cfg.view == View::AdjRibOut ? RibView::AdjOutPost
                                                    : RibView::AdjInPre;
    if (primary != h.view()) {
      PerPeerHeader p = h;
      p.flags = primary == RibView::AdjInPost ? kFlagL : primary == RibView::AdjOutPost ? (kFlagO | kFlagL) : 0;
      if (h.flags & kFlagV) p.flags |= kFlagV;
      state(view_peer(p), true, ts);
    }
    return {};
  }

  Status peer_down(Reader r) {
    PerPeerHeader h;
    DW_TRY(read_per_peer(r, h));
    DW_TRY_ASSIGN(uint8_t reason, r.u8("BMP PeerDown reason"));
    // 1, 3: a NOTIFICATION follows; 2: an FSM event code; 4, 5: nothing;
    // 6 (RFC 9069): Loc-RIB instance closed, TLVs. Any reason ends the session.
    if (reason == 1 || reason == 3) {
      DW_TRY(bgp::decode_message(r.rest(), {}, msg, r.offset()));
    } else if (reason == 2) {
      DW_TRY(r.require(2, "BMP PeerDown FSM event code"));
    }
    ++stats.peers_down;
    Session& s = session(h);
    s.status.up = false;
    s.status.down_reason = reason;
    session_down(s, h.ts ? h.ts : now);
    return {};
  }

  Status statistics(Reader r) {
    PerPeerHeader h;
    DW_TRY(read_per_peer(r, h));
    DW_TRY_ASSIGN(uint32_t count, r.u32("BMP Statistics count"));
    ++stats.stats_reports;
    ViewPeer& v = view_peer(h);
    for (uint32_t i = 0; i < count && !r.empty(); ++i) {
      DW_TRY(r.require(4, "BMP Statistics counter"));
      uint16_t type = r.u16_unchecked();
      uint16_t len = r.u16_unchecked();
      DW_TRY_ASSIGN(Reader c, r.sub(len, "BMP Statistics counter value"));
      StatKind kind = stat_kind(type);
      if (kind == StatKind::Unknown) {
        ++stats.stats_unknown;
        continue;
      }
      if (len != stat_length(kind)) {
        ++stats.stats_malformed;
        continue;
      }
      uint16_t afi = 0;
      uint8_t safi = 0;
      uint64_t value = 0;
      if (kind == StatKind::FamilyGauge64) afi = c.u16_unchecked(), safi = c.u8_unchecked();
      if (kind == StatKind::Counter32) value = c.u32_unchecked();
      else value = (uint64_t{c.u32_unchecked()} << 32) | c.u32_unchecked();
      v.stats[{type, afi, safi}] = value;
      ++stats.stats_counters;
    }
    return {};
  }

  Status initiation(Reader r) {
    ++stats.initiations;
    return tlvs(r, "BMP Initiation TLV", [&](uint16_t type, std::string text, auto) {
      if (type == 1) info.sys_descr = std::move(text);
      else if (type == 2) info.sys_name = std::move(text);
      else if (type == 0) info.strings.push_back(std::move(text));
    });
  }

  Status termination(Reader r) {
    ++stats.terminations;
    std::string why;
    DW_TRY(tlvs(r, "BMP Termination TLV", [&](uint16_t type, std::string text, std::span<const uint8_t> v) {
      static const char* reasons[] = {"administratively closed", "unspecified", "out of resources",
                                      "redundant connection", "permanently administratively closed"};
      if (type == 0) why += (why.empty() ? "" : "; ") + text;
      if (type == 1 && v.size() == 2) {
        unsigned code = (unsigned{v[0]} << 8) | v[1];
        why += (why.empty() ? "" : "; ") + std::string(code < 5 ? reasons[code] : "reason " + std::to_string(code));
      }
    }));
    info.termination = why.empty() ? "terminated" : why;
    all_down(now);
    return {};
  }

  void all_down(uint32_t ts) {
    for (auto& [k, s] : sessions) {
      s.status.up = false;
      session_down(s, ts);
    }
  }

  // One whole message: data holds it from its common header on.
  Status message(std::span<const uint8_t> data, uint64_t offset) {
    ++stats.messages;
    uint8_t type = data[5];
    Reader r(data.subspan(kCommonLen), static_cast<size_t>(offset + kCommonLen));
    const char* what = message_name(type);
    size_t min = min_length(type);
    if (data.size() < min)
      return fail(ErrorCode::BadLength, std::string(what) + " message length", static_cast<size_t>(offset + 1), min,
                  data.size());
    switch (type) {
      case kRouteMonitoring: return route_monitoring(r, what);
      case kStatistics: return statistics(r);
      case kPeerDown: return peer_down(r);
      case kPeerUp: return peer_up(r);
      case kInitiation: return initiation(r);
      case kTermination: return termination(r);
      case kRouteMirroring: ++stats.route_mirroring; return {};
      default: ++stats.unknown_messages; return {};
    }
  }

  // The common header at data (6 bytes present): a framing error is final.
  Status check_header(std::span<const uint8_t> data, uint64_t offset, uint32_t& len) {
    if (data[0] != kVersion)
      return fail(ErrorCode::BadValue, "BMP common header version (" + std::to_string(data[0]) + ", not 3)",
                  static_cast<size_t>(offset));
    len = (uint32_t{data[1]} << 24) | (uint32_t{data[2]} << 16) | (uint32_t{data[3]} << 8) | data[4];
    if (len < kCommonLen || len > kMaxMessageLen)
      return fail(ErrorCode::BadLength, std::string("BMP common header length of ") + message_name(data[5]),
                  static_cast<size_t>(offset + 1), kCommonLen, len);
    return {};
  }

  std::string where(const bgp::Error& e) const {
    return "router " + router + ": " + e.describe();
  }

  // Frames and decodes data (whose first byte is at stream offset base);
  // what is left over is kept in buf.
  Status consume(std::span<const uint8_t> data, uint64_t base) {
    size_t pos = 0;
    Status result;
    while (data.size() - pos >= kCommonLen) {
      uint32_t len = 0;
      auto hs = check_header(data.subspan(pos), base + pos, len);
      if (!hs) {
        bgp::Error e = hs.error();
        e.field = "router " + router + ": " + e.field;
        broken = e;
        damage(e.describe());
        result = tl::unexpected(e);
        break;
      }
      if (data.size() - pos < len) break;
      auto ms = message(data.subspan(pos, len), base + pos);
      pos += len;
      stats.bytes += len;
      if (!ms) {
        bgp::Error e = ms.error();
        e.field = "router " + router + ": " + e.field;
        damage(e.describe());
        result = tl::unexpected(e);
        break;
      }
    }
    // keep the rest (data may be buf itself: go through spare)
    spare.assign(data.begin() + static_cast<std::ptrdiff_t>(pos), data.end());
    std::swap(buf, spare);
    buf_offset = base + pos;
    return result;
  }
};

BmpStream::BmpStream(std::string router, feed::EventSink& sink, StreamConfig cfg)
    : impl_(std::make_unique<Impl>(std::move(router), sink, cfg)) {}
BmpStream::~BmpStream() = default;

Status BmpStream::feed(std::span<const uint8_t> bytes, uint32_t now) {
  Impl& m = *impl_;
  if (m.broken) return tl::unexpected(*m.broken);
  m.now = now;
  if (m.buf.empty()) return m.consume(bytes, m.buf_offset);
  m.buf.insert(m.buf.end(), bytes.begin(), bytes.end());
  std::vector<uint8_t> work;
  std::swap(work, m.buf);
  auto st = m.consume(work, m.buf_offset);
  if (m.spare.capacity() < work.capacity()) std::swap(m.spare, work);
  return st;
}

void BmpStream::close(uint32_t now, std::string_view why) {
  Impl& m = *impl_;
  m.now = now;
  if (m.info.termination.empty()) m.info.termination = "connection closed: " + std::string(why);
  m.all_down(now);
}

Status BmpStream::end_of_stream() const {
  const Impl& m = *impl_;
  if (m.broken) return tl::unexpected(*m.broken);
  if (m.buf.empty()) return {};
  size_t off = static_cast<size_t>(m.buf_offset);
  if (m.buf.size() < kCommonLen)
    return fail(ErrorCode::Truncated, "router " + m.router + ": stream ends inside a BMP common header", off,
                kCommonLen, m.buf.size());
  uint32_t len = (uint32_t{m.buf[1]} << 24) | (uint32_t{m.buf[2]} << 16) | (uint32_t{m.buf[3]} << 8) | m.buf[4];
  if (m.buf.size() >= len)  // whole messages left unread after a content error
    return fail(ErrorCode::BadValue, "router " + m.router + ": messages left unread after an error", off);
  return fail(ErrorCode::Truncated,
              "router " + m.router + ": stream ends inside a BMP " + message_name(m.buf[5]) + " message (" +
                  std::to_string(len - m.buf.size()) + " bytes missing)",
              off, len, m.buf.size());
}

bool BmpStream::failed() const { return impl_->broken.has_value(); }
size_t BmpStream::buffered() const { return impl_->buf.size(); }
uint64_t BmpStream::offset() const { return impl_->buf_offset + impl_->buf.size(); }
const StreamStats& BmpStream::stats() const { return impl_->stats; }
const RouterInfo& BmpStream::router_info() const { return impl_->info; }
const std::string& BmpStream::router() const { return impl_->router; }

std::vector<PeerStatus> BmpStream::peers() const {
  std::vector<PeerStatus> out;
  for (const auto& [k, v] : impl_->views) {
    PeerStatus p = v.session->status;
    p.view = v.view;
    p.announced_v4 = v.announced_v4;
    p.announced_v6 = v.announced_v6;
    p.withdrawn_v4 = v.withdrawn_v4;
    p.withdrawn_v6 = v.withdrawn_v6;
    p.last_update = v.last_update;
    for (const auto& [key, value] : v.stats)
      p.stats.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), value});
    if (v.view == RibView::AdjOutPre || v.view == RibView::AdjOutPost) {
      const auto& s = *v.session;
      p.addpath = family_names(s.out.addpath_families);
    }
    out.push_back(std::move(p));
  }
  return out;
}

bool looks_like_bmp(std::span<const uint8_t> data) {
  if (data.size() < kCommonLen || data[0] != kVersion) return false;
  uint32_t len = (uint32_t{data[1]} << 24) | (uint32_t{data[2]} << 16) | (uint32_t{data[3]} << 8) | data[4];
  if (data[5] > kRouteMirroring) return false;
  return len >= min_length(data[5]) && len <= kMaxMessageLen;
}

}  // namespace dw::bmp
