// darkwatch dump [-m | --json] FILE...: decode MRT archives (and raw BMP streams) to text.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>
#include <stdexcept>

#include "bgp/element_filter.h"
#include "bgp/time_text.h"
#include "cli/bmp_dump.h"
#include "cli/commands.h"
#include "cli/dump_pipeline.h"
#include "cli/option_checks.h"
#include "cli/time_option.h"

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
  check_window(o.from, o.until);
  if (!o.from.empty()) f.from = time_option(o.from, 0, "--from");
  if (!o.until.empty()) f.until = time_option(o.until, 0, "--until");
  return f;
}

// Every file is looked at before any is read: a folder or a missing file is
// named now, not found out half-way through the output.
void check_inputs(const std::vector<std::string>& files) {
  for (const auto& path : files) {
    if (path == "-") continue;
    std::error_code ec;
    auto st = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(st)) throw std::runtime_error(path + ": no such file");
    if (std::filesystem::is_directory(st))
      throw std::runtime_error(path + ": is a directory (dump reads MRT files; replay reads archive folders)");
    if (access(path.c_str(), R_OK) != 0) throw std::runtime_error(path + ": " + std::strerror(errno));
  }
}

int run_dump(const DumpOptions& o) {
  auto filter = make_filter(o);
  check_inputs(o.files);
  const bgp::ElementFilter* fp = filter.active() ? &filter : nullptr;
  // a worker a core (at least two): decoding and formatting are most of the
  // work; framing and decompression are light enough to share the cores
  unsigned workers = std::clamp(std::thread::hardware_concurrency(), 2u, 8u);
  DumpPipeline pipe(o.json, fp, workers);
  // progress on a terminal, and only when the output does not go to it too
  bool progress = isatty(2) && !isatty(1);
  // BMP streams are told from MRT by their first bytes; runs of MRT files go
  // through the pipeline, each BMP stream through dump_bmp, in the given order
  DumpTotals totals;
  bool bmp_bad = false;
  std::vector<std::string> run;
  auto flush_run = [&] {
    if (run.empty()) return;
    auto t = dump_files(run, pipe, progress);
    totals.stats += t.stats;
    totals.elements += t.elements;
    totals.unreadable += t.unreadable;
    run.clear();
  };
  for (const auto& f : o.files) {
    if (!is_bmp_file(f)) {
      run.push_back(f);
      continue;
    }
    flush_run();
    pipe.drain();
    fflush(stdout);
    auto b = dump_bmp(f, o.json, fp, stdout, stderr);
    totals.elements += b.elements;
    bmp_bad |= b.bad;
  }
  flush_run();
  pipe.drain();
  if (int err = pipe.write_error()) throw std::runtime_error(std::string("cannot write standard output: ") + std::strerror(err));
  const auto& total = totals.stats;
  int unreadable = totals.unreadable;
  uint64_t elements = totals.elements;
  bool bad = total.damaged || total.frame_errors || total.stream_error || unreadable || bmp_bad;
  // always said, so that nothing skipped or damaged passes in silence
  fprintf(stderr, "darkwatch: %llu elements from %s\n", (unsigned long long)elements, mrt::describe(total).c_str());
  return bad ? 1 : 0;
}

}  // namespace

void add_dump(CLI::App& app) {
  auto o = std::make_shared<DumpOptions>();
  auto* c = app.add_subcommand("dump", "Decode MRT files or raw BMP streams (any compression; - for stdin)");
  c->add_option("files", o->files, "MRT files")->required();
  auto* m = c->add_flag("-m", o->bgpdump, "one line per element, as bgpdump -m prints");
  c->add_flag("--json", o->json, "one JSON object per element (docs/json.md)")->excludes(m);
  c->add_option("--peer", o->peer, "only this peer address");
  auto* prefix = c->add_option("--prefix", o->prefix, "only this prefix");
  c->add_flag("--more-specific", o->more_specific, "with --prefix: also the prefixes inside it")->needs(prefix);
  c->add_option("--origin", o->origin, "only routes originated by this AS")->check(kAsnCheck);
  c->add_option("--type", o->types, "only these element types: rib,announce,withdraw,state");
  c->add_option("--from", o->from, "only elements at or after this time (unix or ISO 8601)");
  c->add_option("--until", o->until, "only elements before this time");
  c->callback([o] {
    int rc = run_dump(*o);
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
