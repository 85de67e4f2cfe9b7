// darkwatch dump [-m | --json] FILE...: decode MRT archives to text.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <stdexcept>

#include "bgp/element_filter.h"
#include "bgp/time_text.h"
#include "cli/commands.h"
#include "cli/element_json.h"
#include "mrt/bgpdump_format.h"
#include "mrt/mrt_file.h"

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

// Decoding and formatting overlap: the main thread decodes records into a
// batch while formatting threads turn earlier batches into text; each batch is
// written when its turn comes, so the output order is the input order.
// Decompression runs on a thread of its own (Input).
class FormatPipeline {
 public:
  FormatPipeline(bool json, const bgp::ElementFilter* filter, unsigned workers) : json_(json), filter_(filter) {
    batches_.resize(workers + 1);
    for (auto& b : batches_) b.recs.resize(kBatch), b.peers.resize(kBatch);
    for (unsigned i = 0; i < workers; ++i) workers_.emplace_back([this] { work(); });
  }
  ~FormatPipeline() {
    drain();
    {
      std::lock_guard lk(m_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  // Records are decoded into a scratch record outside the batches (a problem
  // reported mid-decode drains the pipeline), then swapped into the batch:
  // the swap exchanges buffers, so capacities are reused both ways.
  mrt::MrtRecord& scratch() { return scratch_; }
  using Peers = std::shared_ptr<const std::vector<mrt::PeerEntry>>;
  // The scratch record is complete; peers is the peer table it refers to (a
  // snapshot: a later PEER_INDEX_TABLE must not change how it prints).
  void commit(Peers peers) {
    auto& b = batches_[cur_];
    std::swap(scratch_, b.recs[b.n]);
    b.peers[b.n] = std::move(peers);
    if (++b.n == kBatch) hand_over();
  }
  // Everything handed over is written (before a message on stderr, or at the end).
  void drain() {
    hand_over();
    std::unique_lock lk(m_);
    cv_.wait(lk, [&] { return written_ == next_seq_; });
    fflush(stdout);
  }
  uint64_t elements() const { return elements_; }

 private:
  static constexpr size_t kBatch = 512;
  enum class State { Filling, Ready, Busy };
  struct Batch {
    std::vector<mrt::MrtRecord> recs;
    std::vector<Peers> peers;
    size_t n = 0;
    State state = State::Filling;
    uint64_t seq = 0;
  };
  void hand_over() {
    std::unique_lock lk(m_);
    auto& b = batches_[cur_];
    if (b.n == 0) return;
    b.state = State::Ready;
    b.seq = next_seq_++;
    cv_.notify_all();
    // the next batch to fill: one no worker holds
    for (;;) {
      for (size_t i = 0; i < batches_.size(); ++i)
        if (batches_[i].state == State::Filling && batches_[i].n == 0) {
          cur_ = i;
          return;
        }
      cv_.wait(lk);
    }
  }
  void work() {
    std::string out;
    out.reserve(1 << 21);
    std::unique_lock lk(m_);
    for (;;) {
      Batch* b = nullptr;
      cv_.wait(lk, [&] {
        if (stop_) return true;
        for (auto& x : batches_)
          if (x.state == State::Ready && (!b || x.seq < b->seq)) b = &x;
        return b != nullptr;
      });
      if (!b) return;
      b->state = State::Busy;
      lk.unlock();
      uint64_t n = 0;
      for (size_t i = 0; i < b->n; ++i) {
        const auto& rec = b->recs[i];
        if (json_) {
          mrt::for_each_element(rec, *b->peers[i], [&](const bgp::Element& e) {
            if (filter_ && !filter_->accept(e.type, e.ts, e.peer_ip, &e.prefix, e.attrs)) return;
            ++n;
            append_element_json(e, out);
          });
        } else {
          n += mrt::format_bgpdump(rec, *b->peers[i], out, filter_);
        }
      }
      lk.lock();
      cv_.wait(lk, [&] { return written_ == b->seq; });  // in order
      lk.unlock();
      if (!out.empty()) fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
      elements_ += n;
      lk.lock();
      ++written_;
      b->n = 0;
      b->state = State::Filling;
      cv_.notify_all();
    }
  }
  bool json_;
  const bgp::ElementFilter* filter_;
  std::vector<Batch> batches_;
  mrt::MrtRecord scratch_;
  size_t cur_ = 0;
  uint64_t next_seq_ = 0, written_ = 0;
  bool stop_ = false;
  std::atomic<uint64_t> elements_{0};
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::thread> workers_;
};

int run_dump(const DumpOptions& o) {
  auto filter = make_filter(o);
  const bgp::ElementFilter* fp = filter.active() ? &filter : nullptr;
  // two formatters: text is the costliest stage, and decompression and
  // decoding each keep a thread busy too
  FormatPipeline pipe(o.json, fp, 1);
  mrt::ReadStats total;
  int unreadable = 0;
  auto sink = [&](const std::string& msg) {
    pipe.drain();  // what came before the problem is on stdout before it is told
    fprintf(stderr, "darkwatch: %s\n", msg.c_str());
  };
  for (const auto& path : o.files) {
    std::unique_ptr<mrt::MrtFile> f;
    try {
      f = std::make_unique<mrt::MrtFile>(path, sink);
    } catch (const std::exception& e) {
      pipe.drain();
      fprintf(stderr, "darkwatch: %s\n", e.what());
      ++unreadable;
      continue;
    }
    auto peers = std::make_shared<const std::vector<mrt::PeerEntry>>(f->peers());
    while (f->next(pipe.scratch())) {
      if (pipe.scratch().kind == mrt::RecKind::PeerIndex)
        peers = std::make_shared<const std::vector<mrt::PeerEntry>>(f->peers());
      pipe.commit(peers);
    }
    pipe.drain();
    total += f->stats();
  }
  pipe.drain();
  uint64_t elements = pipe.elements();
  bool bad = total.damaged || total.frame_errors || total.stream_error || unreadable;
  if (bad || isatty(2)) {
    fprintf(stderr,
            "darkwatch: %zu file(s), %llu records, %llu elements, %llu skipped (types not decoded), "
            "%llu damaged, %llu framing problems%s%s\n",
            o.files.size(), (unsigned long long)total.records, (unsigned long long)elements,
            (unsigned long long)total.skipped, (unsigned long long)total.damaged,
            (unsigned long long)total.frame_errors, total.stream_error ? ", decompression failed" : "",
            unreadable ? (", " + std::to_string(unreadable) + " unreadable").c_str() : "");
  }
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
