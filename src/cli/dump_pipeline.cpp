#include "cli/dump_pipeline.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>

#include "cli/element_json.h"
#include "mrt/bgpdump_format.h"
#include "mrt/body_lengths.h"
#include "mrt/mrt_file.h"

namespace dw::cli {

namespace {
// A batch is handed over at this many records or bytes, whichever comes
// first: small enough that workers start early, large enough that handing
// over costs nothing measurable.
constexpr size_t kBatchRecords = 512;
constexpr size_t kBatchBytes = 1 << 20;
}  // namespace

struct DumpPipeline::Worker {
  mrt::MrtDecoder decoder;
  Peers decoder_peers;  // held, so that its address cannot come back as another table
  mrt::MrtRecord rec;
};

DumpPipeline::DumpPipeline(bool json, const bgp::ElementFilter* filter, unsigned workers, FILE* out, FILE* err)
    : json_(json), filter_(filter), out_(out), err_(err) {
  // one batch filling while each worker holds one and one more waits
  batches_.resize(2 * workers + 1);
  for (auto& b : batches_) {
    b.bytes.reserve(2 * kBatchBytes);
    b.items.reserve(kBatchRecords);
    b.out.reserve(4 << 20);
  }
  for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
}

DumpPipeline::~DumpPipeline() {
  drain();
  {
    std::lock_guard lk(m_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void DumpPipeline::add(const mrt::RawRecord& raw, const std::string* path, const Peers& peers) {
  Batch* b = &batches_[cur_];
  if (b->path != path && !b->items.empty()) {  // a batch holds one file's records
    hand_over();
    b = &batches_[cur_];
  }
  b->path = path;
  if (b->keep.empty() || b->keep.back() != peers) b->keep.push_back(peers);
  Item it;
  it.raw = raw;
  it.raw.body = {};
  it.body_at = b->bytes.size();
  it.body_len = raw.body.size();
  it.peers = static_cast<uint32_t>(b->keep.size() - 1);
  b->bytes.insert(b->bytes.end(), raw.body.begin(), raw.body.end());
  b->items.push_back(it);
  if (b->items.size() >= kBatchRecords || b->bytes.size() >= kBatchBytes) hand_over();
}

void DumpPipeline::hand_over() {
  std::unique_lock lk(m_);
  auto& b = batches_[cur_];
  if (b.items.empty()) return;
  b.state = State::Ready;
  b.seq = next_seq_++;
  cv_.notify_all();
  // the next batch to fill: one no worker holds
  for (;;) {
    for (size_t i = 0; i < batches_.size(); ++i)
      if (batches_[i].state == State::Filling) {
        cur_ = i;
        return;
      }
    cv_.wait(lk);
  }
}

void DumpPipeline::drain() {
  hand_over();
  std::unique_lock lk(m_);
  cv_.wait(lk, [&] { return written_ == next_seq_; });
  errno = 0;
  if (fflush(out_) != 0 && !write_errno_) write_errno_ = errno ? errno : EIO;
}

void DumpPipeline::tell(const std::string& text) {
  drain();
  fprintf(err_, "%sdarkwatch: %s\n", clear_line_ ? "\r\033[K" : "", text.c_str());
}

void DumpPipeline::work() {
  Worker w;
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
    process(*b, w);
    lk.lock();
    cv_.wait(lk, [&] { return written_ == b->seq; });  // in order
    lk.unlock();
    write(*b);
    lk.lock();
    ++written_;
    b->state = State::Filling;
    cv_.notify_all();
  }
}

void DumpPipeline::process(Batch& b, Worker& w) {
  uint64_t n = 0;
  mrt::ReadStats st;
  auto tell = [&](const mrt::RawRecord& raw, const std::string& what) {
    b.notes.push_back({b.out.size(), *b.path + ": byte " + std::to_string(raw.offset) + ": " + what});
  };
  for (auto& it : b.items) {
    it.raw.body = std::span<const uint8_t>(b.bytes.data() + it.body_at, it.body_len);
    const auto& peers = b.keep[it.peers];
    if (peers != w.decoder_peers) {
      w.decoder.set_peers(*peers);
      w.decoder_peers = peers;
    }
    auto ok = w.decoder.decode(it.raw, w.rec);
    if (!ok) {
      ++st.damaged;
      tell(it.raw, mrt::decode_failure_text(it.raw, ok.error()));
      continue;
    }
    st.count(w.rec, *peers);
    if (w.rec.kind == mrt::RecKind::Skipped) continue;
    auto damage = mrt::damage_text(it.raw, w.rec);
    if (!damage.empty()) {
      ++st.damaged;
      tell(it.raw, damage);
    }
    if (json_) {
      mrt::for_each_element(w.rec, *peers, [&](const bgp::Element& e) {
        if (filter_ && !filter_->accept(e.type, e.ts, e.peer_ip, &e.prefix, e.attrs)) return;
        ++n;
        append_element_json(e, b.out);
      });
    } else {
      n += mrt::format_bgpdump(w.rec, *peers, b.out, filter_);
    }
  }
  elements_ += n;
  std::lock_guard lk(m_);
  decoded_ += st;
}

void DumpPipeline::write(Batch& b) {
  // a failed write is kept (the first errno) and the rest of the output dropped
  auto put = [&](size_t from, size_t to) {
    if (to <= from || write_errno_.load(std::memory_order_relaxed)) return;
    errno = 0;
    if (fwrite(b.out.data() + from, 1, to - from, out_) != to - from) write_errno_ = errno ? errno : EIO;
  };
  size_t at = 0;
  for (const auto& note : b.notes) {
    put(at, note.at);
    at = note.at;
    fflush(out_);
    fprintf(err_, "%sdarkwatch: %s\n", clear_line_ ? "\r\033[K" : "", note.text.c_str());
  }
  put(at, b.out.size());
  b.out.clear();
  b.notes.clear();
  b.items.clear();
  b.bytes.clear();
  b.keep.clear();
}

namespace {

// "dump [#####     ] 2/5 files  812 MB  1234567 records  456789 records/s"
class DumpProgress {
 public:
  DumpProgress(bool on, size_t files) : on_(on), files_(std::max<size_t>(files, 1)) {}
  // at most 4 times a second, and at the end of each file (force)
  void tick(size_t file, uint64_t bytes_before, const mrt::MrtFile& f, uint64_t records, bool force = false) {
    if (!on_ || (records % 8192 && !force)) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250) && !force) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - started_).count();
    int bar = static_cast<int>(20 * file / files_);
    fprintf(stderr, "\r\033[Kdump [%.*s%*s] %zu/%zu files  %.0f MB  %llu records  %.0f records/s", bar,
            "####################", 20 - bar, "", file, files_, (bytes_before + f.offset()) / 1e6,
            (unsigned long long)records, records / std::max(secs, 1e-3));
  }
  ~DumpProgress() {
    if (on_) fprintf(stderr, "\r\033[K");
  }

 private:
  bool on_;
  size_t files_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now(), last_ = started_;
};

}  // namespace

DumpTotals dump_files(const std::vector<std::string>& files, DumpPipeline& pipe, bool progress) {
  DumpTotals t;
  mrt::MrtRecord scratch;
  auto sink = [&](const std::string& msg) { pipe.tell(msg); };
  pipe.set_clear_line(progress);
  DumpProgress bar(progress, files.size());
  uint64_t records = 0, bytes_before = 0;
  size_t file_no = 0;
  for (const auto& path : files) {
    if (pipe.write_error()) break;
    std::unique_ptr<mrt::MrtFile> f;
    try {
      f = std::make_unique<mrt::MrtFile>(path, sink);
    } catch (const std::exception& e) {
      pipe.tell(e.what());
      ++t.unreadable;
      ++t.stats.files_unread;
      continue;
    }
    auto peers = std::make_shared<const std::vector<mrt::PeerEntry>>(f->peers());
    while (auto raw = f->next_raw()) {
      bar.tick(file_no, bytes_before, *f, ++records);
      if (pipe.write_error()) break;
      if (raw->type == 13 && raw->subtype == 1) {
        if (f->decode(*raw, scratch)) {
          f->count(scratch);
          peers = std::make_shared<const std::vector<mrt::PeerEntry>>(f->peers());
        }
        continue;
      }
      if (!mrt::body_lengths_agree(*raw) && !f->decode(*raw, scratch)) continue;
      pipe.add(*raw, &path, peers);
    }
    pipe.drain();
    t.stats += f->stats();
    bar.tick(file_no + 1, bytes_before, *f, records, true);
    bytes_before += f->offset();
    ++file_no;
  }
  pipe.drain();
  t.stats += pipe.decoded();
  t.elements = pipe.elements();
  return t;
}

}  // namespace dw::cli
