#include "record/recorder.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <filesystem>

namespace dw::record {

namespace fs = std::filesystem;

static constexpr size_t kChunk = 1u << 20;  // bytes handed to the compressor at a time
static constexpr size_t kMaxJobs = 16;      // then the source's thread waits (bounded memory)

std::string archive_file_name(const char* kind, uint32_t ts) {
  time_t t = ts;
  struct tm tm {};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s.%04d%02d%02d.%02d%02d.bz2", kind, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min);
  return buf;
}

struct Recorder::Source {
  std::string name;
  fs::path updates_dir, ribs_dir;
  bool started = false;
  uint32_t clock = 0;
  uint32_t interval = 0;             // start of the current updates interval
  std::shared_ptr<Bz2Output> file;   // its file, once opened
  std::vector<uint8_t> buf;          // encoded records not yet handed over
  mrt::UpdateEncoder enc{buf};
  RibTable table;
  bool in_dump = false;
  uint64_t rib_slot = 0;             // the last RIB boundary (ts / rib_seconds) dealt with
  std::vector<std::pair<uint32_t, uint32_t>> gaps;  // [from, until) the source reported
};

Recorder::Recorder(RecorderConfig cfg) : cfg_(std::move(cfg)) {
  if (!cfg_.log) cfg_.log = [](const std::string& m) { std::fprintf(stderr, "darkwatch: record: %s\n", m.c_str()); };
  if (cfg_.update_seconds == 0) cfg_.update_seconds = 900;
  if (cfg_.rib_seconds == 0) cfg_.rib_seconds = 7200;
  for (unsigned i = 0; i < std::max(1u, cfg_.threads); ++i) threads_.emplace_back([this] { worker(); });
}

Recorder::~Recorder() {
  close();
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

// ---- the compressor thread

void Recorder::submit(Job j) {
  std::unique_lock<std::mutex> l(mu_);
  idle_cv_.wait(l, [&] { return jobs_.size() < kMaxJobs; });
  jobs_.push_back(std::move(j));
  cv_.notify_all();
}

void Recorder::worker() {
  std::unique_lock<std::mutex> l(mu_);
  auto runnable = [&] {  // the first job of a file no other worker holds (a file's jobs stay in order)
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it)
      if (std::find(busy_.begin(), busy_.end(), it->out.get()) == busy_.end()) return it;
    return jobs_.end();
  };
  for (;;) {
    cv_.wait(l, [&] { return (stop_ && jobs_.empty()) || runnable() != jobs_.end(); });
    auto it = runnable();
    if (it == jobs_.end()) return;
    Job j = std::move(*it);
    jobs_.erase(it);
    busy_.push_back(j.out.get());
    bool failed = !error_.empty();
    l.unlock();
    idle_cv_.notify_all();
    IoStatus st;
    if (!failed) {
      if (j.op == Job::Write) st = j.out->write(j.data);
      else if (j.op == Job::Flush) st = j.out->flush();
      else st = j.out->finish();
    }
    uint64_t in = j.out->bytes_in(), out = j.out->bytes_out();
    bool finished = j.op == Job::Finish && st && !failed;
    const Bz2Output* held = j.out.get();
    j = Job{};  // a finished file's handle goes here (an unfinished one is removed with it)
    l.lock();
    busy_.erase(std::find(busy_.begin(), busy_.end(), held));
    if (!st && error_.empty()) {
      error_ = st.error();
      cfg_.log(error_ + " (recording stops)");
    }
    if (finished) ++done_files_, bytes_in_ += in, bytes_out_ += out;
    idle_cv_.notify_all();
    cv_.notify_all();  // that file's next job may run now
  }
}

void Recorder::note_error(const std::string& e) {
  std::lock_guard<std::mutex> l(mu_);
  if (!error_.empty()) return;
  error_ = e;
  cfg_.log(e + " (recording stops)");
}

std::string Recorder::error() const {
  std::lock_guard<std::mutex> l(mu_);
  return error_;
}

// ---- sources and files

Recorder::Source& Recorder::source(std::string_view name) {
  if (last_ && last_->name == name) return *last_;
  auto it = sources_.find(name);
  if (it == sources_.end()) {
    auto s = std::make_unique<Source>();
    s->name = std::string(name);
    // a folder name: nothing that climbs out of dir
    std::string dirname = s->name;
    for (auto& ch : dirname)
      if (!(isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.')) ch = '_';
    if (dirname.empty() || dirname == "." || dirname == "..") dirname = "local";
    s->updates_dir = fs::path(cfg_.dir) / dirname / "UPDATES";
    s->ribs_dir = fs::path(cfg_.dir) / dirname / "RIBS";
    for (const auto& d : {s->updates_dir, s->ribs_dir}) {
      std::error_code ec;
      fs::create_directories(d, ec);
      if (ec) note_error(d.string() + ": cannot create: " + ec.message());
      for (const auto& f : fs::directory_iterator(d, ec))
        if (is_partial_name(f.path().filename().string())) {
          cfg_.log("removing " + f.path().string() + ": a file left unfinished by an earlier run");
          fs::remove(f.path(), ec);
        }
    }
    it = sources_.emplace(s->name, std::move(s)).first;
  }
  return *(last_ = it->second.get());
}

bool Recorder::in_gap(const Source& s, uint32_t t) const {
  for (const auto& [from, until] : s.gaps)
    if (t >= from && t < until) return true;
  return false;
}

void Recorder::ensure_file(Source& s) {
  if (s.file || !error().empty()) return;
  auto f = Bz2Output::open(s.updates_dir / archive_file_name("updates", s.interval), cfg_.block_size_100k);
  if (!f) return note_error(f.error());
  s.file = std::move(*f);
}

void Recorder::hand_over(Source& s, bool force) {
  if (s.buf.empty() || (!force && s.buf.size() < kChunk)) return;
  ensure_file(s);
  if (s.file) submit({s.file, std::move(s.buf), Job::Write});
  s.buf.clear();
}

void Recorder::open_interval(Source& s, uint32_t start) {
  s.interval = start;
  // an empty interval still gets its file, unless the source said it had no data then
  if (!in_gap(s, start)) ensure_file(s);
}

void Recorder::close_interval(Source& s) {
  s.enc.flush();
  hand_over(s, true);
  if (s.file) submit({std::move(s.file), {}, Job::Finish});
  s.file.reset();
}

void Recorder::advance(Source& s, uint32_t t) {
  const uint32_t iv = cfg_.update_seconds;
  if (!s.started) {
    s.started = true;
    s.clock = t;
    s.rib_slot = t / cfg_.rib_seconds;
    open_interval(s, t - t % iv);
    return;
  }
  if (t <= s.clock) return;  // the clock never goes back
  if (t - s.clock > kMaxClockJump) {
    // a leap (a recorded stream's old times, then live ones): a gap, not
    // years of empty 15-minute files and 2-hourly dumps to write
    close_interval(s);
    uint32_t next = s.interval + iv, at = t - t % iv;
    if (at > next) s.gaps.push_back({next, at});
    cfg_.log(s.name + ": the clock jumped forward by " + std::to_string(t - s.clock) +
             " s: no files for the time between");
    s.clock = t;
    s.rib_slot = t / cfg_.rib_seconds;
    open_interval(s, at);
    return;
  }
  s.clock = t;
  while (t >= s.interval + iv) {
    close_interval(s);
    open_interval(s, s.interval + iv);
  }
  if (cfg_.ribs == RibSchedule::Source) return;
  for (uint64_t slot = s.rib_slot + 1; slot <= t / cfg_.rib_seconds; ++slot) {
    uint32_t b = static_cast<uint32_t>(slot * cfg_.rib_seconds);
    if (!in_gap(s, b)) write_rib(s, b);
  }
  s.rib_slot = std::max<uint64_t>(s.rib_slot, t / cfg_.rib_seconds);
}

void Recorder::write_rib(Source& s, uint32_t ts) {
  if (!error().empty()) return;
  auto path = s.ribs_dir / archive_file_name("rib", ts);
  std::error_code ec;
  if (fs::exists(path, ec)) {  // a restart at the same boundary: that dump is already whole
    cfg_.log(path.string() + ": already there (an earlier run dumped at this time); kept");
    return;
  }
  auto f = Bz2Output::open(path, cfg_.block_size_100k);
  if (!f) return note_error(f.error());
  std::shared_ptr<Bz2Output> out = std::move(*f);
  std::vector<uint8_t> buf;
  s.table.write_dump(ts, s.name, buf, [&] {
    submit({out, std::move(buf), Job::Write});
    buf.clear();
  });
  if (!buf.empty()) submit({out, std::move(buf), Job::Write});
  submit({out, {}, Job::Finish});
  ++stats_.rib_dumps;
}

void Recorder::dump_rib(std::string_view name, uint32_t ts) {
  if (closed_) return;
  auto& s = source(name);
  advance(s, ts);
  write_rib(s, ts);
  s.rib_slot = std::max<uint64_t>(s.rib_slot, ts / cfg_.rib_seconds);
}

void Recorder::on_event(const feed::RouteEvent& e) {
  if (closed_) return;
  using feed::EventKind;
  auto& s = source(e.source);
  switch (e.kind) {
    case EventKind::Element: {
      const auto& x = e.elem;
      if (x.type == bgp::ElemType::Rib) {
        s.table.announce(x);  // a dump's entry (its time is the dump's, not the clock's)
        return;
      }
      advance(s, x.ts);
      if (x.type == bgp::ElemType::Announce) s.table.announce(x);
      else if (x.type == bgp::ElemType::Withdraw) s.table.withdraw(x);
      else if (x.type == bgp::ElemType::PeerState) {
        ++stats_.state_changes;
        if (x.old_state == static_cast<uint16_t>(bgp::FsmState::Established) &&
            x.new_state != static_cast<uint16_t>(bgp::FsmState::Established))
          s.table.drop_peer(x.peer_ip, x.peer_as);
      }
      if (!s.file) ensure_file(s);
      s.enc.add(x);
      hand_over(s, false);
      return;
    }
    case EventKind::Tick: advance(s, e.ts); return;
    case EventKind::Gap:
      s.gaps.push_back({e.ts, e.until});
      advance(s, e.ts);
      return;
    case EventKind::RibBegin:
      advance(s, e.ts);
      s.in_dump = true;
      s.table.clear();
      return;
    case EventKind::RibEnd:
      s.in_dump = false;
      if (e.initial || cfg_.ribs == RibSchedule::Source) {
        write_rib(s, e.ts);
        s.rib_slot = std::max<uint64_t>(s.rib_slot, e.ts / cfg_.rib_seconds);
      }
      return;
    case EventKind::Damage: ++stats_.damage; return;
  }
}

IoStatus Recorder::flush() {
  for (auto& [n, s] : sources_) {
    s->enc.flush();
    hand_over(*s, true);
    if (s->file) submit({s->file, {}, Job::Flush});
  }
  std::unique_lock<std::mutex> l(mu_);
  idle_cv_.wait(l, [&] { return jobs_.empty() && busy_.empty(); });
  if (!error_.empty()) return tl::unexpected(error_);
  return {};
}

IoStatus Recorder::close() {
  if (!closed_) {
    closed_ = true;
    for (auto& [n, s] : sources_) close_interval(*s);
  }
  std::unique_lock<std::mutex> l(mu_);
  idle_cv_.wait(l, [&] { return jobs_.empty() && busy_.empty(); });
  if (!error_.empty()) return tl::unexpected(error_);
  return {};
}

RecorderStats Recorder::stats() const {
  RecorderStats r = stats_;
  for (const auto& [n, s] : sources_) {
    r.messages += s->enc.messages();
    r.routes += s->table.routes();
    r.attribute_sets += s->table.attribute_sets();
  }
  std::lock_guard<std::mutex> l(mu_);
  r.files = done_files_, r.bytes_in = bytes_in_, r.bytes_out = bytes_out_;
  return r;
}

}  // namespace dw::record
