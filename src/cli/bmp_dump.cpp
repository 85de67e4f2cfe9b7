#include "cli/bmp_dump.h"

#include <cctype>
#include <stdexcept>

#include "bmp/bmp_stream.h"
#include "cli/element_json.h"
#include "mrt/bgpdump_format.h"
#include "mrt/input.h"

namespace dw::cli {

bool is_bmp_file(const std::string& path) {
  if (path == "-") return false;  // stdin cannot be peeked at and read again
  try {
    mrt::Input in(path);
    return bmp::looks_like_bmp(in.peek(6));
  } catch (const std::exception&) {
    return false;  // the MRT path reports the file
  }
}

namespace {

struct Printer : feed::EventSink {
  bool json;
  const bgp::ElementFilter* filter;
  FILE* out;
  FILE* err;
  const std::string& path;
  const std::string& router;
  std::string buf;
  uint64_t elements = 0;
  bool failed = false;

  Printer(bool j, const bgp::ElementFilter* f, FILE* o, FILE* e, const std::string& p, const std::string& r)
      : json(j), filter(f), out(o), err(e), path(p), router(r) {}

  void on_event(const feed::RouteEvent& ev) override {
    if (ev.kind != feed::EventKind::Element) return;  // Damage is told by the loop, with its offset
    const bgp::Element& e = ev.elem;
    if (json) {
      const bgp::Prefix* p = e.type == bgp::ElemType::PeerState ? nullptr : &e.prefix;
      if (filter && !filter->accept(e.type, e.ts, e.peer_ip, p, e.attrs)) return;
      append_element_json(e, buf);
      buf.pop_back();  // "}\n": the source goes last
      buf.pop_back();
      buf += ",\"source\":\"";
      buf += ev.source;
      buf += "\"}\n";
      ++elements;
    } else {
      // the router's own view keeps bgpdump's shape; others say which they are
      std::string label = "BMP";
      if (ev.source.size() > router.size()) {
        for (char c : ev.source.substr(router.size() + 1)) label.push_back(c == '-' || c == '/' || c == ':' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        label.insert(3, "_");
      }
      elements += mrt::format_bgpdump_element(label.c_str(), e, buf, filter);
    }
    if (buf.size() >= (1u << 20)) flush();
  }
  void flush() {
    if (!buf.empty() && fwrite(buf.data(), 1, buf.size(), out) != buf.size()) failed = true;
    buf.clear();
  }
};

}  // namespace

BmpDumpResult dump_bmp(const std::string& path, bool json, const bgp::ElementFilter* filter, FILE* out,
                       FILE* err) {
  BmpDumpResult r;
  mrt::Input in(path);
  std::string router = path;
  Printer pr(json, filter, out, err, path, router);
  bmp::BmpStream s(router, pr, {bmp::View::All});
  auto tell = [&](const bgp::Error& e) {
    pr.flush();
    fflush(out);
    fprintf(err, "darkwatch: %s\n", e.describe().c_str());
    r.bad = true;
  };
  for (;;) {
    auto chunk = in.peek(1 << 16);
    if (chunk.empty()) break;
    auto st = s.feed(chunk, 0);
    in.consume(chunk.size());
    // a message that did not decode is passed over; decoding resumes after it
    while (!st && !s.failed()) {
      tell(st.error());
      st = s.feed({}, 0);
    }
    if (s.failed()) {
      tell(st.error());
      break;
    }
  }
  if (!in.error().empty()) {
    fprintf(err, "darkwatch: %s: %s\n", path.c_str(), in.error().c_str());
    r.bad = true;
  }
  if (!s.failed())
    if (auto end = s.end_of_stream(); !end) tell(end.error());
  pr.flush();
  if (pr.failed) throw std::runtime_error("cannot write standard output");
  const auto& st = s.stats();
  const auto& info = s.router_info();
  fprintf(err,
          "darkwatch: %s: BMP stream%s%s: %llu messages (%llu route monitoring, %llu peer up, %llu peer down, "
          "%llu statistics reports, %llu initiation, %llu termination, %llu route mirroring, %llu of unknown "
          "types), %llu elements, %llu damaged messages, %llu UPDATEs of undecoded families, %llu unknown "
          "statistics counters\n",
          path.c_str(), info.sys_name.empty() ? "" : " from ", info.sys_name.c_str(), (unsigned long long)st.messages,
          (unsigned long long)st.route_monitoring, (unsigned long long)st.peers_up, (unsigned long long)st.peers_down,
          (unsigned long long)st.stats_reports, (unsigned long long)st.initiations,
          (unsigned long long)st.terminations, (unsigned long long)st.route_mirroring,
          (unsigned long long)st.unknown_messages, (unsigned long long)st.elements, (unsigned long long)st.damaged,
          (unsigned long long)st.unsupported_nlri, (unsigned long long)st.stats_unknown);
  r.elements = pr.elements;
  return r;
}

}  // namespace dw::cli
