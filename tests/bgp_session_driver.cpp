// Test driver for src/session with real BGP speakers (tests/session_real_peers.sh):
// listens on a loopback port with plain POSIX sockets, runs one BgpSession per
// accepted connection from a configured peer, and keeps, per peer, the table
// its events describe. Every second (and at exit) it writes DIR/NAME.routes
// ("prefix path_id", sorted) and DIR/NAME.status, and appends to DIR/log why
// sessions ended and which connections it refused.
//
// Usage: bgp_session_driver --listen 127.0.0.1:PORT --asn N --router-id IP
//        --out DIR --seconds S [--hold S] [--max-prefixes N] --peer IP:ASN:NAME...
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "session/bgp_session.h"

using namespace dw;

namespace {

volatile sig_atomic_t g_stop = 0;

struct TableSink : feed::EventSink {
  std::map<std::string, std::set<std::string>> routes;  // per source
  std::map<std::string, uint64_t> last_seq, withdrawals;
  std::vector<std::string> problems;
  void on_event(const feed::RouteEvent& e) override {
    std::string src(e.source);
    if (e.seq != last_seq[src] + 1) problems.push_back(src + ": seq " + std::to_string(e.seq) + " after " + std::to_string(last_seq[src]));
    last_seq[src] = e.seq;
    if (e.kind == feed::EventKind::Damage) problems.push_back(src + ": damage: " + e.text);
    if (e.kind != feed::EventKind::Element) return;
    auto& t = routes[src];
    const auto& el = e.elem;
    std::string key = el.prefix.str() + " " + std::to_string(el.prefix.path_id);
    switch (el.type) {
      case bgp::ElemType::Announce: t.insert(key); break;
      case bgp::ElemType::Withdraw:
        t.erase(key);
        ++withdrawals[src];
        break;
      case bgp::ElemType::PeerState:
        if (el.old_state == 6) t.clear();
        break;
      default: break;
    }
  }
};

struct Conn {
  int fd = -1;
  session::BgpSession* s = nullptr;
};

void write_all(int fd, const std::vector<uint8_t>& b) {
  size_t off = 0;
  while (off < b.size()) {
    ssize_t n = ::write(fd, b.data() + off, b.size() - off);
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

void write_file(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  { std::ofstream(tmp) << text; }
  std::rename(tmp.c_str(), path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string listen = "127.0.0.1:1179", out = ".";
  session::SessionConfig cfg;
  cfg.local_asn = 64512;
  cfg.router_id = 0x7f000001;
  uint32_t seconds = 30, max_prefixes = 0;
  std::vector<session::PeerConfig> peers;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--listen") listen = v;
    else if (a == "--asn") cfg.local_asn = static_cast<uint32_t>(std::stoul(v));
    else if (a == "--router-id") cfg.router_id = bgp::IpAddr::parse(v)->v4_host();
    else if (a == "--out") out = v;
    else if (a == "--seconds") seconds = static_cast<uint32_t>(std::stoul(v));
    else if (a == "--hold") cfg.hold_time = static_cast<uint16_t>(std::stoul(v));
    else if (a == "--max-prefixes") max_prefixes = static_cast<uint32_t>(std::stoul(v));
    else if (a == "--peer") {
      auto c1 = v.find(':'), c2 = v.find(':', c1 + 1);
      session::PeerConfig p;
      p.address = *bgp::IpAddr::parse(v.substr(0, c1));
      p.asn = static_cast<uint32_t>(std::stoul(v.substr(c1 + 1, c2 - c1 - 1)));
      p.name = v.substr(c2 + 1);
      peers.push_back(p);
    } else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  for (auto& p : peers) p.max_prefixes = max_prefixes;
  signal(SIGTERM, [](int) { g_stop = 1; });
  signal(SIGINT, [](int) { g_stop = 1; });
  signal(SIGPIPE, SIG_IGN);

  int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  auto colon = listen.rfind(':');
  inet_pton(AF_INET, listen.substr(0, colon).c_str(), &sa.sin_addr);
  sa.sin_port = htons(static_cast<uint16_t>(std::stoul(listen.substr(colon + 1))));
  if (::bind(lfd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) || ::listen(lfd, 8)) {
    std::perror("bind/listen");
    return 1;
  }
  std::ofstream logf(out + "/log", std::ios::app);
  auto stamp = [&]() -> std::ostream& { return logf << time(nullptr) << " "; };
  TableSink sink;
  std::map<std::string, std::unique_ptr<session::BgpSession>> sessions;  // per peer name, the latest
  std::vector<std::unique_ptr<session::BgpSession>> retired;
  std::vector<Conn> conns;
  uint32_t start = static_cast<uint32_t>(time(nullptr)), last_write = 0;

  auto dump = [&] {
    for (const auto& p : peers) {
      std::string t;
      for (const auto& r : sink.routes[p.name]) t += r + "\n";
      write_file(out + "/" + p.name + ".routes", t);
      std::string st;
      if (auto it = sessions.find(p.name); it != sessions.end()) {
        auto s = it->second->status();
        st = "state " + std::to_string(static_cast<int>(s.state)) + "\nv4 " + std::to_string(s.prefixes_v4) + "\nv6 " +
             std::to_string(s.prefixes_v6) + "\nas4 " + std::to_string(s.as4) + "\naddpath_v4 " +
             std::to_string(s.addpath_v4) + "\ngr " + std::to_string(s.graceful_restart) + "\nhold " +
             std::to_string(s.hold_time) + "\nwithdrawn " + std::to_string(sink.withdrawals[p.name]) + "\n";
      }
      write_file(out + "/" + p.name + ".status", st);
    }
    for (auto& pr : sink.problems) stamp() << "problem: " << pr << "\n";
    sink.problems.clear();
    logf.flush();
  };

  while (!g_stop) {
    uint32_t now = static_cast<uint32_t>(time(nullptr));
    if (now - start >= seconds) break;
    std::vector<pollfd> pfds{{lfd, POLLIN, 0}};
    for (auto& c : conns) pfds.push_back({c.fd, POLLIN, 0});
    ::poll(pfds.data(), pfds.size(), 200);
    now = static_cast<uint32_t>(time(nullptr));
    if (pfds[0].revents & POLLIN) {
      sockaddr_in from{};
      socklen_t fl = sizeof from;
      int fd = ::accept(lfd, reinterpret_cast<sockaddr*>(&from), &fl);
      if (fd >= 0) {
        auto addr = bgp::IpAddr::v4(ntohl(from.sin_addr.s_addr));
        const auto* pc = session::find_peer(peers, addr);
        if (!pc) {
          stamp() << "refused connection from " << addr.str() << "\n";
          ::close(fd);
        } else {
          auto s = std::make_unique<session::BgpSession>(cfg, *pc, sink, now);
          auto& slot = sessions[pc->name];
          if (slot) {
            s->take_over(*slot, now);
            for (auto& c : conns)
              if (c.s == slot.get() && c.fd >= 0) {
                stamp() << slot->close_reason() << "\n";
                ::close(c.fd), c.fd = -1;
              }
            retired.push_back(std::move(slot));
          }
          slot = std::move(s);
          conns.push_back({fd, slot.get()});
          write_all(fd, slot->take_output());
        }
      }
    }
    for (size_t i = 0; i < conns.size(); ++i) {
      auto& c = conns[i];
      if (c.fd < 0 || !(pfds.size() > i + 1 && pfds[i + 1].revents)) continue;
      uint8_t buf[65536];
      ssize_t n = ::read(c.fd, buf, sizeof buf);
      if (n <= 0) {
        c.s->on_closed(now);
        stamp() << c.s->close_reason() << "\n";
        ::close(c.fd), c.fd = -1;
        continue;
      }
      c.s->on_bytes(std::span<const uint8_t>(buf, static_cast<size_t>(n)), now);
      write_all(c.fd, c.s->take_output());
      if (c.s->done()) {
        stamp() << c.s->close_reason() << "\n";
        ::close(c.fd), c.fd = -1;
      }
    }
    for (auto& [name, s] : sessions) {
      if (s->next_deadline() && now >= s->next_deadline()) {
        bool was = s->done();
        s->on_timer(now);
        for (auto& c : conns)
          if (c.s == s.get() && c.fd >= 0) {
            write_all(c.fd, s->take_output());
            if (!was && s->done()) {
              stamp() << s->close_reason() << "\n";
              ::close(c.fd), c.fd = -1;
            }
          }
      }
    }
    std::erase_if(conns, [](const Conn& c) { return c.fd < 0; });
    if (now != last_write) dump(), last_write = now;
  }
  dump();  // before our Cease clears the tables
  uint32_t now = static_cast<uint32_t>(time(nullptr));
  for (auto& c : conns) {
    c.s->shutdown(now);
    write_all(c.fd, c.s->take_output());
    ::close(c.fd);
  }
  return 0;
}
