// Records what a source hears as MRT, in RouteViews layout:
//   <dir>/<source>/UPDATES/updates.YYYYMMDD.HHMM.bz2  every 15 min (BGP4MP_ET)
//   <dir>/<source>/RIBS/rib.YYYYMMDD.HHMM.bz2         every 2 h (TABLE_DUMP_V2)
// A feed::EventSink: a live source (or `replay --record`) tees its events in,
// in order. Files are cut by event time at :00/:15/:30/:45 (an interval with
// nothing heard still gets its empty file, so a replay sees no gap where
// there was none; an interval inside a Gap the source reported gets none, so
// a replay sees the same gap). RIB dumps come from the recorder's own table
// (rib_table.h) at every 2-hour boundary the source's clock crosses, holding
// what was heard before it, and once after the dump a source starts from
// (RibEnd initial), named by that dump's time. Every file is written through
// Bz2Output (temporary name, renamed when complete); bzip2 runs on threads
// of its own (one file on one thread at a time, in order) so the source's
// thread only encodes. Partial files left by a
// crash are removed, with a log line, when the recorder starts on a folder.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "feed/route_event.h"
#include "mrt/mrt_writer.h"
#include "record/bz2_output.h"
#include "record/rib_table.h"

namespace dw::record {

// When RIB files are written. Clock: every rib_seconds of the source's time,
// from the recorder's table (a live source: BMP, BGP, RIS Live). Source: where
// the source delivers a dump of its own (an archive), from the table the dump
// left, so that the recording holds as much RIB as the input did.
enum class RibSchedule : uint8_t { Clock, Source };

// The source's clock moving forward by more than this is a gap (no files for
// the time between), not empty intervals to write: as the engine's
// kMaxClockJump (engine/engine.h; the recorder does not depend on it).
inline constexpr uint32_t kMaxClockJump = 86400;

struct RecorderConfig {
  std::string dir;
  uint32_t update_seconds = 900;  // updates file interval
  uint32_t rib_seconds = 7200;    // RIB dump interval (RibSchedule::Clock)
  RibSchedule ribs = RibSchedule::Clock;
  // bzip2 block size (1..9); 5 would compress MRT 1.4x faster for 3% more bytes
  int block_size_100k = 9;
  unsigned threads = 2;           // bzip2 threads (each file is compressed by one at a time)
  std::function<void(const std::string&)> log;  // log lines; default stderr
};

struct RecorderStats {
  uint64_t files = 0;          // finished (renamed) files
  uint64_t bytes_in = 0;       // MRT bytes handed to bzip2
  uint64_t bytes_out = 0;      // compressed bytes written
  uint64_t messages = 0;       // BGP4MP_ET UPDATE records
  uint64_t state_changes = 0;
  uint64_t rib_dumps = 0;
  uint64_t damage = 0;         // Damage events heard (not recordable: counted)
  size_t routes = 0, attribute_sets = 0;  // the RIB tables, all sources
};

class Recorder : public feed::EventSink {
 public:
  explicit Recorder(RecorderConfig cfg);
  ~Recorder() override;  // close()
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  void on_event(const feed::RouteEvent& e) override;
  // A RIB file of this source now (named by ts), e.g. after a warm start.
  void dump_rib(std::string_view source, uint32_t ts);
  // Everything heard so far reaches the temporary files (not yet final).
  IoStatus flush();
  // Ends every open file under its final name (SIGTERM); the recorder takes
  // no more events after it.
  IoStatus close();
  RecorderStats stats() const;
  std::string error() const;  // the first failure (disk full, ...); empty when none

 private:
  struct Source;
  struct Job {
    std::shared_ptr<Bz2Output> out;
    std::vector<uint8_t> data;
    enum Op { Write, Flush, Finish } op = Write;
  };
  Source& source(std::string_view name);
  void advance(Source& s, uint32_t t);
  void open_interval(Source& s, uint32_t start);
  void close_interval(Source& s);
  void ensure_file(Source& s);
  void hand_over(Source& s, bool force);
  void write_rib(Source& s, uint32_t ts);
  bool in_gap(const Source& s, uint32_t t) const;
  void submit(Job j);
  void worker();
  void note_error(const std::string& e);

  RecorderConfig cfg_;
  std::map<std::string, std::unique_ptr<Source>, std::less<>> sources_;
  Source* last_ = nullptr;
  bool closed_ = false;
  RecorderStats stats_;

  mutable std::mutex mu_;
  std::condition_variable cv_, idle_cv_;
  std::deque<Job> jobs_;
  std::vector<const Bz2Output*> busy_;  // files a worker is compressing now
  bool stop_ = false;
  std::string error_;
  uint64_t done_files_ = 0, bytes_in_ = 0, bytes_out_ = 0;
  std::vector<std::thread> threads_;
};

// "updates.20141222.1615.bz2" / "rib.20141222.1600.bz2" for a time.
std::string archive_file_name(const char* kind, uint32_t ts);

}  // namespace dw::record
