// darkwatch dump [-m | --json] FILE...: decode MRT archives to text.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <thread>
#include <stdexcept>

#include "bgp/element_filter.h"
#include "bgp/time_text.h"
#include "cli/commands.h"
#include "cli/dump_pipeline.h"

namespace dw::cli {

namespace {

struct DumpOptions {
  std::vector<std::string> files;
  bool bgpdump = false, json = false;
  std::string peer, prefix, types, from, until;
  bool more_specific = false;
  int64_t origin = -1;
};

bgp::ElementFilter make_filter(const DumpOptions& o) {
  bgp::ElementFilter f;
  if (!o.peer.empty()) {
    auto a = bgp::IpAddr::parse(o.peer);
    if (!a) throw std::runtime_error("--peer: not an address: " + o.peer);
    f.peer = *a;
  }
  if (!o.prefix.empty()) {
    auto p = bgp::Prefix::parse(o.prefix);
    if (!p) throw std::runtime_error("--prefix: not a prefix: " + o.prefix);
    f.prefix = *p;
    f.more_specific = o.more_specific;
  }
  if (o.origin >= 0) f.origin_as = static_cast<uint32_t>(o.origin);
  if (!o.types.empty()) {
    f.types = 0;
    size_t at = 0;
    while (at <= o.types.size()) {
      size_t c = o.types.find(',', at);
      std::string t = o.types.substr(at, c == std::string::npos ? std::string::npos : c - at);
      if (t == "rib") f.types |= 1 << 0;
      else if (t == "announce") f.types |= 1 << 1;
      else if (t == "withdraw") f.types |= 1 << 2;
      else if (t == "state") f.types |= 1 << 3;
      else throw std::runtime_error("--type: one of rib, announce, withdraw, state: " + t);
      if (c == std::string::npos) break;
      at = c + 1;
    }
  }
  for (auto [s, dst] : {std::pair{&o.from, &f.from}, std::pair{&o.until, &f.until}}) {
    if (s->empty()) continue;
    auto t = bgp::parse_time(*s);
    if (!t) throw std::runtime_error("not a time: " + *s);
    *dst = static_cast<uint32_t>(*t);
  }
  return f;
}

int run_dump(const DumpOptions& o) {
  auto filter = make_filter(o);
  const bgp::ElementFilter* fp = filter.active() ? &filter : nullptr;
  // a worker a core (at least two): decoding and formatting are most of the
  // work; framing and decompression are light enough to share the cores
  unsigned workers = std::clamp(std::thread::hardware_concurrency(), 2u, 8u);
  DumpPipeline pipe(o.json, fp, workers);
  auto totals = dump_files(o.files, pipe);
  const auto& total = totals.stats;
  int unreadable = totals.unreadable;
  uint64_t elements = totals.elements;
  bool bad = total.damaged || total.frame_errors || total.stream_error || unreadable;
  // always said, so that nothing skipped or damaged passes in silence
  fprintf(stderr, "darkwatch: %llu elements from %s\n", (unsigned long long)elements, mrt::describe(total).c_str());
  return bad ? 1 : 0;
}

}  // namespace

void add_dump(CLI::App& app) {
  auto o = std::make_shared<DumpOptions>();
  auto* c = app.add_subcommand("dump", "Decode MRT files (any compression; - for stdin)");
  c->add_option("files", o->files, "MRT files")->required();
  auto* m = c->add_flag("-m", o->bgpdump, "one line per element, as bgpdump -m prints");
  c->add_flag("--json", o->json, "one JSON object per element (docs/json.md)")->excludes(m);
  c->add_option("--peer", o->peer, "only this peer address");
  c->add_option("--prefix", o->prefix, "only this prefix");
  c->add_flag("--more-specific", o->more_specific, "with --prefix: also the prefixes inside it");
  c->add_option("--origin", o->origin, "only routes originated by this AS");
  c->add_option("--type", o->types, "only these element types: rib,announce,withdraw,state");
  c->add_option("--from", o->from, "only elements at or after this time (unix or ISO 8601)");
  c->add_option("--until", o->until, "only elements before this time");
  c->callback([o] {
    int rc = run_dump(*o);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
