// `dump` spread over threads. The calling thread frames records and copies
// their bytes into batches; worker threads decode and format whole batches;
// each batch is written when its turn comes, so the output, and the problems
// told on stderr between its lines, keep the input order. (Decompression has
// a thread of its own: mrt::Input.)
#pragma once
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bgp/element_filter.h"
#include "mrt/decode.h"
#include "mrt/mrt_file.h"
#include "mrt/record.h"

namespace dw::cli {

class DumpPipeline {
 public:
  using Peers = std::shared_ptr<const std::vector<mrt::PeerEntry>>;
  // Text goes to out, problems to err ("darkwatch: ..." lines).
  DumpPipeline(bool json, const bgp::ElementFilter* filter, unsigned workers, FILE* out = stdout,
               FILE* err = stderr);
  ~DumpPipeline();
  DumpPipeline(const DumpPipeline&) = delete;
  DumpPipeline& operator=(const DumpPipeline&) = delete;

  // A framed record of the file at path (which must outlive the pipeline),
  // to be decoded against peers (a snapshot of its PEER_INDEX_TABLE). The
  // record's bytes are copied.
  void add(const mrt::RawRecord& raw, const std::string* path, const Peers& peers);
  // Everything added so far is written (before a message on stderr, or at the end).
  void drain();
  // A problem found on the calling thread, told after everything added before it.
  void tell(const std::string& text);

  uint64_t elements() const { return elements_; }
  // The errno of the first write to out that failed (0: none); the caller stops feeding.
  int write_error() const { return write_errno_.load(std::memory_order_relaxed); }
  // Messages on err start by clearing the line (a progress line is shown there).
  void set_clear_line(bool on) { clear_line_ = on; }
  // What the workers decoded: records by kind, skipped types, damage (by
  // peer). Complete once drained.
  mrt::ReadStats decoded() const {
    std::lock_guard lk(m_);
    return decoded_;
  }

 private:
  struct Item {
    mrt::RawRecord raw;  // body points nowhere until a worker takes the batch
    size_t body_at = 0, body_len = 0;
    uint32_t peers = 0;  // index in the batch's keep
  };
  struct Note {
    size_t at;  // position in the batch's text before which it is told
    std::string text;
  };
  enum class State { Filling, Ready, Busy };
  struct Batch {
    std::vector<uint8_t> bytes;
    std::vector<Item> items;
    std::vector<Peers> keep;  // the snapshots items point to
    const std::string* path = nullptr;
    State state = State::Filling;
    uint64_t seq = 0;
    std::string out;
    std::vector<Note> notes;
  };
  struct Worker;  // a worker's decoder and scratch record

  void hand_over();
  void work();
  void process(Batch& b, Worker& w);
  void write(Batch& b);

  bool json_;
  const bgp::ElementFilter* filter_;
  FILE* out_;
  FILE* err_;
  std::vector<Batch> batches_;
  size_t cur_ = 0;
  uint64_t next_seq_ = 0, written_ = 0;
  bool stop_ = false;
  std::atomic<uint64_t> elements_{0};
  std::atomic<int> write_errno_{0};
  bool clear_line_ = false;
  mrt::ReadStats decoded_;  // under m_
  mutable std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;
};

// What dump_files read: the files' accounts (with the workers' findings
// added), elements written, files that could not be opened.
struct DumpTotals {
  mrt::ReadStats stats;
  uint64_t elements = 0;
  int unreadable = 0;
};

// Frames every file in turn and feeds the pipeline: the PEER_INDEX_TABLE, and
// any record whose inner lengths disagree with its header (it may hide
// others), are decoded on this thread first, where the framing can
// resynchronise inside them; everything else goes to the workers.
// With progress, a line on stderr (a terminal) shows files and bytes read,
// records and rate; it stops at the first failed write to the output.
DumpTotals dump_files(const std::vector<std::string>& files, DumpPipeline& pipe, bool progress = false);

}  // namespace dw::cli
