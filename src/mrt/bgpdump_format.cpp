#include "mrt/bgpdump_format.h"
#include "bgp/update_elements.h"

namespace dw::mrt {

using bgp::AttrType;
using bgp::Attributes;
using bgp::format_u32;

namespace {

struct Line {
  std::string& o;
  const bgp::ElementFilter* f;
  size_t lines = 0;  // every accepted element is one line
  bool want(bgp::ElemType t, uint32_t ts, const bgp::IpAddr& peer, const bgp::Prefix* p, const Attributes* a) {
    bool ok = !f || f->accept(t, ts, peer, p, a);
    lines += ok;
    return ok;
  }
  char buf[64];
  void s(const char* x) { o += x; }
  void s(const std::string& x) { o += x; }
  void c(char x) { o.push_back(x); }
  void u(uint32_t v) { o.append(buf, format_u32(buf, v)); }
  void i(int32_t v) {
    if (v < 0) {
      c('-');
      u(static_cast<uint32_t>(-static_cast<int64_t>(v)));
    } else {
      u(static_cast<uint32_t>(v));
    }
  }
  void ip(const bgp::IpAddr& a) { o.append(buf, a.format(buf, true)); }
  void pfx(const bgp::Prefix& p) { o.append(buf, p.format(buf, true)); }
};

void time_str(Line& l, const MrtRecord& rec) {
  l.u(rec.ts);
  if (rec.et) {
    l.c('.');
    char b[8];
    uint32_t v = rec.usec;
    for (int k = 5; k >= 0; --k) b[k] = static_cast<char>('0' + v % 10), v /= 10;
    if (v) {  // more than six digits: printf("%06ld") would print them all
      l.o.resize(l.o.size() - 1);
      l.c('.');
      l.u(rec.usec);
    } else {
      l.o.append(b, 6);
    }
  }
}

void communities(Line& l, const Attributes& a) {
  bool first = true;
  for (uint32_t c : a.communities) {
    if (!first) l.c(' ');
    first = false;
    switch (c) {
      case 0xFFFFFF01: l.s("no-export"); break;
      case 0xFFFFFF02: l.s("no-advertise"); break;
      case 0xFFFFFF03: l.s("local-AS"); break;
      default:
        l.u(c >> 16);
        l.c(':');
        l.u(c & 0xffff);
    }
  }
}

// "aspath|origin|" as bgpdump writes it
void path_origin(Line& l, const Attributes& a) {
  if (a.has(AttrType::AsPath)) a.as_path.format(l.o);
  l.c('|');
  uint8_t o = a.has(AttrType::Origin) ? a.origin : 2;
  l.s(o == 0 ? "IGP" : o == 1 ? "EGP" : "INCOMPLETE");
  l.c('|');
}

void v4_next_hop(Line& l, const Attributes& a) {
  if (a.has(AttrType::NextHop)) l.ip(a.next_hop);
  else l.s("255.255.255.255");
}

// "lp|med|comm|AG|agg|\n"; signed_prefs mimics the %d of bgpdump's IPv4 MP path
void tail(Line& l, const Attributes& a, bool with_communities = true, bool signed_prefs = false) {
  uint32_t lp = a.has(AttrType::LocalPref) ? a.local_pref : 0;
  uint32_t med = a.has(AttrType::Med) ? a.med : 0;
  if (signed_prefs) {
    l.i(static_cast<int32_t>(lp));
    l.c('|');
    l.i(static_cast<int32_t>(med));
  } else {
    l.u(lp);
    l.c('|');
    l.u(med);
  }
  l.c('|');
  if (with_communities) {
    if (a.has(AttrType::Communities)) communities(l, a);
    l.c('|');
  } else {
    // bgpdump's type-5 lines glue the communities to the MED with no separator
    // and leave the field out when there are none; kept for compatibility.
    l.o.pop_back();
    if (a.has(AttrType::Communities)) communities(l, a);
    l.c('|');
  }
  l.s(a.has(AttrType::AtomicAggregate) ? "AG|" : "NAG|");
  if (a.has(AttrType::Aggregator)) {
    l.u(a.aggregator.asn);
    l.c(' ');
    l.ip(a.aggregator.ip);
  }
  l.s("|\n");
}

void rib_line(Line& l, const char* label, const MrtRecord& rec, const bgp::IpAddr& peer, uint32_t peer_as,
              const bgp::Prefix& prefix, bool addpath, uint32_t path_id, const Attributes& a) {
  if (!l.want(bgp::ElemType::Rib, rec.ts, peer, &prefix, &a)) return;
  l.s(label);
  l.c('|');
  l.u(rec.ts);
  l.s("|B|");
  l.ip(peer);
  l.c('|');
  l.u(peer_as);
  l.c('|');
  l.pfx(prefix);
  l.c('|');
  if (addpath) {
    l.u(path_id);
    l.c('|');
  }
  path_origin(l, a);
  if (a.has(AttrType::MpReach) && a.mp_reach.afi == bgp::Afi::Ipv6 && a.mp_reach.safi == 1)
    l.ip(a.mp_reach.next_hop);
  else
    v4_next_hop(l, a);
  l.c('|');
  tail(l, a);
}

void head(Line& l, const char* label, const MrtRecord& rec, const char* kind) {
  l.s(label);
  l.c('|');
  time_str(l, rec);
  l.c('|');
  l.s(kind);
  l.c('|');
  // a message we sent is shown from the side it went to, as bgpdump does
  if (rec.local) {
    l.ip(rec.local_ip);
    l.c('|');
    l.u(rec.local_as);
  } else {
    l.ip(rec.peer_ip);
    l.c('|');
    l.u(rec.peer_as);
  }
  l.c('|');
}

// An UPDATE's lines share everything but the prefix: the head ("label|time|A|
// peer|as|") and the rest (path, origin, next hop, attributes) are formatted
// once and copied for each prefix.
struct Parts {
  std::string head, rest;
};

void update_lines(Line& l, const char* label, const MrtRecord& rec) {
  const auto& u = rec.msg.update;
  const Attributes& a = u.attrs;
  const bgp::IpAddr& who = rec.local ? rec.local_ip : rec.peer_ip;
  thread_local Parts w, ann;
  bool have_w = false, have_a = false, have_a6 = false;
  auto make = [&](std::string& dst, auto&& fill) {
    dst.clear();
    Line t{dst, nullptr, 0, {}};
    fill(t);
  };
  auto withdraw = [&](const bgp::Prefix& p) {
    if (!l.want(bgp::ElemType::Withdraw, rec.ts, who, &p, nullptr)) return;
    if (!have_w) make(w.head, [&](Line& t) { head(t, label, rec, "W"); }), have_w = true;
    l.o += w.head;
    l.pfx(p);
    if (rec.addpath) {
      l.c('|');
      l.u(p.path_id);
    }
    l.c('\n');
  };
  for (const auto& p : u.withdrawn) withdraw(p);
  if (a.has(AttrType::MpUnreach) && a.mp_unreach.safi <= 3)
    for (const auto& p : a.mp_unreach.nlri) withdraw(p);
  if (bgp::withdraws_announcements(a.outcome)) {
    // RFC 7606: the UPDATE is treated as withdrawing its routes, and printed so,
    // as --json and routing state read it (bgpdump prints the damaged
    // attributes as if they were an announcement)
    for (const auto& p : u.nlri) withdraw(p);
    if (a.has(AttrType::MpReach) && a.mp_reach.safi <= 3)
      for (const auto& p : a.mp_reach.nlri) withdraw(p);
    return;
  }
  auto announce = [&](const bgp::Prefix& p, bool& have, auto&& fill_rest) {
    if (!l.want(bgp::ElemType::Announce, rec.ts, who, &p, &a)) return;
    if (!have) {
      make(ann.head, [&](Line& t) { head(t, label, rec, "A"); });
      make(ann.rest, fill_rest);
      have = true;
    }
    l.o += ann.head;
    l.pfx(p);
    l.c('|');
    if (rec.addpath) {
      l.u(p.path_id);
      l.c('|');
    }
    l.o += ann.rest;
  };
  if (rec.legacy) {
    for (const auto& p : u.nlri)
      announce(p, have_a, [&](Line& t) {
        path_origin(t, a);
        v4_next_hop(t, a);
        t.c('|');
        tail(t, a, /*with_communities=*/false);
      });
    return;
  }
  for (const auto& p : u.nlri)
    announce(p, have_a, [&](Line& t) {
      path_origin(t, a);
      v4_next_hop(t, a);
      t.c('|');
      tail(t, a);
    });
  if (a.has(AttrType::MpReach) && a.mp_reach.safi <= 3) {
    bool v6 = a.mp_reach.afi == bgp::Afi::Ipv6;
    for (const auto& p : a.mp_reach.nlri)
      announce(p, have_a6, [&](Line& t) {
        path_origin(t, a);
        t.ip(a.mp_reach.next_hop);
        t.c('|');
        tail(t, a, true, /*signed_prefs=*/!v6);
      });
  }
}

}  // namespace

size_t format_bgpdump(const MrtRecord& rec, const std::vector<PeerEntry>& peers, std::string& out,
                      const bgp::ElementFilter* filter) {
  Line l{out, filter, 0, {}};
  switch (rec.kind) {
    case RecKind::Rib: {
      const char* label = rec.addpath ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
      for (size_t i = 0; i < rec.n_entries; ++i) {
        const auto& e = rec.entries[i];
        const auto& p = peers[e.peer_index];
        rib_line(l, label, rec, p.ip, p.asn, rec.prefix, rec.addpath, e.path_id, e.attrs);
      }
      return l.lines;
    }
    case RecKind::TableDump:
      rib_line(l, "TABLE_DUMP", rec, rec.peer_ip, rec.peer_as, rec.prefix, false, 0, rec.entries[0].attrs);
      return l.lines;
    case RecKind::StateChange: {
      if (!l.want(bgp::ElemType::PeerState, rec.ts, rec.peer_ip, nullptr, nullptr)) return 0;
      const char* label = rec.legacy ? "BGP" : rec.et ? "BGP4MP_ET" : "BGP4MP";
      l.s(label);
      l.c('|');
      time_str(l, rec);
      l.s("|STATE|");
      l.ip(rec.peer_ip);
      l.c('|');
      l.u(rec.peer_as);
      l.c('|');
      l.u(rec.old_state);
      l.c('|');
      l.u(rec.new_state);
      l.c('\n');
      return l.lines;
    }
    case RecKind::Message: {
      if (rec.msg.type != bgp::MsgType::Update) return 0;
      const char* label = rec.legacy ? "BGP" : rec.et ? (rec.addpath ? "BGP4MP_ET_AP" : "BGP4MP_ET")
                                                      : (rec.addpath ? "BGP4MP_AP" : "BGP4MP");
      update_lines(l, label, rec);
      return l.lines;
    }
    default: return l.lines;
  }
}

size_t format_bgpdump_element(const char* label, const bgp::Element& e, std::string& out,
                              const bgp::ElementFilter* filter) {
  Line l{out, filter, 0, {}};
  const bgp::Prefix* p = e.type == bgp::ElemType::PeerState ? nullptr : &e.prefix;
  if (!l.want(e.type, e.ts, e.peer_ip, p, e.attrs)) return 0;
  bool ap = p && p->path_id;
  l.s(label);
  if (ap) l.s("_AP");
  l.c('|');
  MrtRecord t;
  t.ts = e.ts;
  t.usec = e.usec;
  t.et = true;
  time_str(l, t);
  l.s(e.type == bgp::ElemType::PeerState ? "|STATE|" : e.type == bgp::ElemType::Withdraw ? "|W|" : "|A|");
  l.ip(e.peer_ip);
  l.c('|');
  l.u(e.peer_as);
  l.c('|');
  if (!p) {
    l.u(e.old_state);
    l.c('|');
    l.u(e.new_state);
    l.c('\n');
    return 1;
  }
  l.pfx(*p);
  if (ap) {
    l.c('|');
    l.u(p->path_id);
  }
  if (e.type == bgp::ElemType::Withdraw || !e.attrs) {
    l.c('\n');
    return 1;
  }
  const Attributes& a = *e.attrs;
  l.c('|');
  path_origin(l, a);
  if (!p->addr.is_v4() || !a.has(AttrType::NextHop)) {
    if (a.has(AttrType::MpReach)) l.ip(a.mp_reach.next_hop);
    else v4_next_hop(l, a);
  } else {
    v4_next_hop(l, a);
  }
  l.c('|');
  tail(l, a);
  return 1;
}

}  // namespace dw::mrt
