#include "mrt/input.h"

#include <bzlib.h>
#include <fcntl.h>
#include <sched.h>
#include <lzma.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace dw::mrt {

const char* to_string(Compression c) {
  switch (c) {
    case Compression::None: return "none";
    case Compression::Gzip: return "gzip";
    case Compression::Bzip2: return "bzip2";
    case Compression::Xz: return "xz";
    case Compression::Zstd: return "zstd";
  }
  return "?";
}

Compression sniff_compression(std::span<const uint8_t> h) {
  if (h.size() >= 2 && h[0] == 0x1f && h[1] == 0x8b) return Compression::Gzip;
  if (h.size() >= 3 && h[0] == 'B' && h[1] == 'Z' && h[2] == 'h') return Compression::Bzip2;
  if (h.size() >= 6 && h[0] == 0xfd && h[1] == '7' && h[2] == 'z' && h[3] == 'X' && h[4] == 'Z' && h[5] == 0)
    return Compression::Xz;
  if (h.size() >= 4 && h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f && h[3] == 0xfd) return Compression::Zstd;
  return Compression::None;
}

// Bounded queue of decompressed chunks between the producer thread and Input.
// Chunk buffers go round: Input gives back what it has read and the producer
// fills it again, so a long file costs no allocation (and no fresh pages) per
// chunk.
class ChunkQueue {
 public:
  static constexpr size_t kMaxChunks = 4;
  static constexpr size_t kChunk = 256 << 10;
  Chunk take() {
    {
      std::lock_guard lk(m_);
      if (!free_.empty()) {
        Chunk c{std::move(free_.back()), 0};
        free_.pop_back();
        return c;
      }
    }
    return Chunk{std::unique_ptr<uint8_t[]>(new uint8_t[kChunk]), 0};  // not zeroed: written before read
  }
  void give(Chunk c) {
    if (!c.data) return;
    std::lock_guard lk(m_);
    free_.push_back(std::move(c.data));
  }
  void push(Chunk c) {
    std::unique_lock lk(m_);
    cv_.wait(lk, [&] { return q_.size() < kMaxChunks || stop_; });
    if (stop_) return;
    q_.push_back(std::move(c));
    cv_.notify_all();
  }
  bool pop(Chunk& out) {
    std::unique_lock lk(m_);
    cv_.wait(lk, [&] { return !q_.empty() || done_; });
    if (q_.empty()) return false;
    out = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return true;
  }
  void finish(std::string err = {}) {
    std::lock_guard lk(m_);
    done_ = true;
    if (!err.empty()) err_ = std::move(err);
    cv_.notify_all();
  }
  void stop() {
    std::lock_guard lk(m_);
    stop_ = true;
    cv_.notify_all();
  }
  bool stopped() {
    std::lock_guard lk(m_);
    return stop_;
  }
  std::string error() {
    std::lock_guard lk(m_);
    return err_;
  }
  std::thread thread;

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Chunk> q_;
  std::vector<std::unique_ptr<uint8_t[]>> free_;
  bool done_ = false, stop_ = false;
  std::string err_;
};

namespace {

constexpr size_t kChunk = ChunkQueue::kChunk;

// Reads raw bytes from fd; first holds bytes already read for sniffing.
struct RawSource {
  int fd;
  std::vector<uint8_t> first;
  size_t first_pos = 0;
  ssize_t read(uint8_t* out, size_t n) {
    if (first_pos < first.size()) {
      size_t k = std::min(n, first.size() - first_pos);
      std::memcpy(out, first.data() + first_pos, k);
      first_pos += k;
      return static_cast<ssize_t>(k);
    }
    ssize_t r;
    do r = ::read(fd, out, n);
    while (r < 0 && errno == EINTR);
    return r;
  }
};

// Copies n bytes into chunks (for the bzip2 recovery path, which drops what
// lbzip2 already delivered).
void push_copy(ChunkQueue& q, const uint8_t* p, size_t n) {
  while (n) {
    Chunk c = q.take();
    c.size = std::min(n, kChunk);
    std::memcpy(c.data.get(), p, c.size);
    p += c.size;
    n -= c.size;
    q.push(std::move(c));
  }
}

std::string run_none(RawSource& src, ChunkQueue& q, uint64_t* delivered = nullptr) {
  for (;;) {
    Chunk c = q.take();
    ssize_t r = src.read(c.data.get(), kChunk);
    if (r < 0) return std::string("read error: ") + strerror(errno);
    if (r == 0) return {};
    c.size = static_cast<size_t>(r);
    if (delivered) *delivered += c.size;
    q.push(std::move(c));
    if (q.stopped()) return {};
  }
}

// gzip through ISA-L's igzip: the same streaming interface as zlib, about
// three times the speed, which is what keeps decoding from waiting on inflate.
std::string run_gzip(RawSource& src, ChunkQueue& q) {
  inflate_state st;
  isal_inflate_init(&st);
  st.crc_flag = ISAL_GZIP;  // parse and check the gzip header and trailer
  std::vector<uint8_t> in(kChunk);
  std::string err;
  bool in_eof = false;
  auto refill = [&]() -> bool {
    ssize_t r = src.read(in.data(), in.size());
    if (r < 0) {
      err = "read error";
      return false;
    }
    if (r == 0) in_eof = true;
    st.next_in = in.data();
    st.avail_in = static_cast<uint32_t>(r);
    return true;
  };
  for (;;) {
    if (st.avail_in == 0 && !in_eof && !refill()) break;
    Chunk out = q.take();
    st.next_out = out.data.get();
    st.avail_out = static_cast<uint32_t>(kChunk);
    int rc = isal_inflate(&st);
    size_t produced = kChunk - st.avail_out;
    if (produced) {
      out.size = produced;
      q.push(std::move(out));
      if (q.stopped()) break;
    } else {
      q.give(std::move(out));
    }
    if (rc != ISAL_DECOMP_OK) {
      err = "gzip: corrupt data (" + std::string(rc == ISAL_INCORRECT_CHECKSUM ? "checksum mismatch" : "invalid stream") + ")";
      break;
    }
    if (st.block_state == ISAL_BLOCK_FINISH) {
      // gzip files may hold several members: continue when more input follows
      if (st.avail_in == 0 && !in_eof && !refill()) break;
      if (st.avail_in == 0) break;
      uint8_t* next = st.next_in;
      uint32_t avail = st.avail_in;
      isal_inflate_reset(&st);
      st.crc_flag = ISAL_GZIP;
      st.next_in = next;
      st.avail_in = avail;
      continue;
    }
    if (!produced && st.avail_in == 0 && in_eof) {
      err = "gzip stream truncated";
      break;
    }
  }
  return err;
}

// skip: decompressed bytes already delivered by an earlier attempt, dropped here.
std::string run_bzip2(RawSource& src, ChunkQueue& q, uint64_t skip = 0) {
  bz_stream b{};
  if (BZ2_bzDecompressInit(&b, 0, 0) != BZ_OK) return "bzip2 init failed";
  std::vector<char> in(kChunk), out(kChunk);
  std::string err;
  bool in_eof = false;
  for (;;) {
    if (b.avail_in == 0 && !in_eof) {
      ssize_t r = src.read(reinterpret_cast<uint8_t*>(in.data()), in.size());
      if (r < 0) { err = "read error"; break; }
      if (r == 0) in_eof = true;
      b.next_in = in.data();
      b.avail_in = static_cast<unsigned>(r);
    }
    b.next_out = out.data();
    b.avail_out = static_cast<unsigned>(out.size());
    int rc = BZ2_bzDecompress(&b);
    size_t produced = out.size() - b.avail_out;
    if (produced) {
      auto* p = reinterpret_cast<uint8_t*>(out.data());
      size_t drop = static_cast<size_t>(std::min<uint64_t>(skip, produced));
      skip -= drop;
      if (produced > drop) push_copy(q, p + drop, produced - drop);
      if (q.stopped()) break;
    }
    if (rc == BZ_STREAM_END) {
      if (b.avail_in == 0 && !in_eof) {
        ssize_t r = src.read(reinterpret_cast<uint8_t*>(in.data()), in.size());
        if (r <= 0) break;
        b.next_in = in.data();
        b.avail_in = static_cast<unsigned>(r);
      }
      if (b.avail_in == 0) break;
      char* keep = b.next_in;
      unsigned keep_n = b.avail_in;
      BZ2_bzDecompressEnd(&b);
      b = bz_stream{};
      BZ2_bzDecompressInit(&b, 0, 0);
      b.next_in = keep;
      b.avail_in = keep_n;
      continue;
    }
    if (rc != BZ_OK) { err = "bzip2: corrupt data (code " + std::to_string(rc) + ")"; break; }
    if (in_eof && b.avail_in == 0 && produced == 0) { err = "bzip2 stream truncated"; break; }
  }
  BZ2_bzDecompressEnd(&b);
  return err;
}

std::string run_xz(RawSource& src, ChunkQueue& q) {
  lzma_stream s = LZMA_STREAM_INIT;
  if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) return "xz init failed";
  std::vector<uint8_t> in(kChunk);
  std::string err;
  lzma_action action = LZMA_RUN;
  for (;;) {
    if (s.avail_in == 0 && action == LZMA_RUN) {
      ssize_t r = src.read(in.data(), in.size());
      if (r < 0) { err = "read error"; break; }
      if (r == 0) action = LZMA_FINISH;
      s.next_in = in.data();
      s.avail_in = static_cast<size_t>(r);
    }
    Chunk out = q.take();
    s.next_out = out.data.get();
    s.avail_out = kChunk;
    lzma_ret rc = lzma_code(&s, action);
    out.size = kChunk - s.avail_out;
    if (out.size) {
      q.push(std::move(out));
      if (q.stopped()) break;
    } else {
      q.give(std::move(out));
    }
    if (rc == LZMA_STREAM_END) break;
    if (rc != LZMA_OK) { err = "xz: corrupt or truncated data (code " + std::to_string(rc) + ")"; break; }
  }
  lzma_end(&s);
  return err;
}

std::string run_zstd(RawSource& src, ChunkQueue& q) {
  ZSTD_DStream* d = ZSTD_createDStream();
  ZSTD_initDStream(d);
  std::vector<uint8_t> in(kChunk);
  std::string err;
  size_t last = 1;
  for (;;) {
    ssize_t r = src.read(in.data(), in.size());
    if (r < 0) { err = "read error"; break; }
    if (r == 0) {
      if (last != 0) err = "zstd stream truncated";
      break;
    }
    ZSTD_inBuffer ib{in.data(), static_cast<size_t>(r), 0};
    while (ib.pos < ib.size) {
      Chunk out = q.take();
      ZSTD_outBuffer ob{out.data.get(), kChunk, 0};
      last = ZSTD_decompressStream(d, &ob, &ib);
      out.size = ob.pos;
      if (ZSTD_isError(last)) {
        err = std::string("zstd: ") + ZSTD_getErrorName(last);
        q.give(std::move(out));
        break;
      }
      if (out.size) q.push(std::move(out));
      else q.give(std::move(out));
    }
    if (!err.empty() || q.stopped()) break;
  }
  ZSTD_freeDStream(d);
  return err;
}

// The cores this process may run on (its affinity: taskset, cgroups' cpusets).
int usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
}

// bzip2 is the slow one: when lbzip2 is installed and this process may use
// more than one core, let it decompress on every core and read its output
// through a pipe. Confined to one core, lbzip2 only adds a process and a pipe
// to the same work. Other load is no reason to refuse it: with one of two
// cores busy, lbzip2 still beat libbz2 here (bench/bzip2-load.sh, README).
// DARKWATCH_NO_LBZIP2 refuses it, DARKWATCH_LBZIP2=1 forces it.
int spawn_lbzip2(int in_fd, pid_t& pid) {
  if (getenv("DARKWATCH_NO_LBZIP2")) return -1;
  if (!getenv("DARKWATCH_LBZIP2") && usable_cores() < 2) return -1;
  const char* exe = "/usr/bin/lbzip2";
  if (access(exe, X_OK) != 0) return -1;
  int p[2];
  if (pipe(p) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
  posix_spawn_file_actions_adddup2(&fa, p[1], 1);
  posix_spawn_file_actions_addclose(&fa, p[0]);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);  // we report errors ourselves
  char* argv[] = {const_cast<char*>("lbzip2"), const_cast<char*>("-dc"), nullptr};
  int rc = posix_spawn(&pid, exe, &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(p[1]);
  if (rc != 0) {
    close(p[0]);
    return -1;
  }
  return p[0];
}

}  // namespace

Input::Input(const std::string& path) : path_(path), queue_(std::make_unique<ChunkQueue>()) {
  int fd = path == "-" ? dup(0) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path + ": " + strerror(errno));
  RawSource src{fd, std::vector<uint8_t>(8), 0};
  ssize_t got = 0;
  while (got < 8) {
    ssize_t r = ::read(fd, src.first.data() + got, static_cast<size_t>(8 - got));
    if (r <= 0) break;
    got += r;
  }
  src.first.resize(static_cast<size_t>(got));
  compression_ = sniff_compression(src.first);
  // lbzip2 reads the file itself: only for seekable regular files
  if (compression_ == Compression::Bzip2 && path != "-" && lseek(fd, 0, SEEK_SET) == 0) {
    pid_t pid = 0;
    int out = spawn_lbzip2(fd, pid);
    if (out >= 0) {
      close(fd);
      queue_->thread = std::thread([q = queue_.get(), out, pid, path] {
        RawSource s{out, {}, 0};
        uint64_t delivered = 0;
        std::string err = run_none(s, *q, &delivered);
        close(out);
        int status = 0;
        waitpid(pid, &status, 0);
        if (err.empty() && !q->stopped() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
          // lbzip2 gives up on a damaged or truncated stream without the last
          // good blocks; libbz2 streams up to the damage, so finish with it.
          int fd2 = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
          if (fd2 < 0) {
            err = "bzip2: cannot reopen for recovery";
          } else {
            RawSource s2{fd2, {}, 0};
            err = run_bzip2(s2, *q, delivered);
            close(fd2);
            if (err.empty()) err = "bzip2: corrupt or truncated data";
          }
        }
        q->finish(err);
      });
      return;
    }
    lseek(fd, static_cast<off_t>(got), SEEK_SET);
  }
  queue_->thread = std::thread([q = queue_.get(), src = std::move(src), c = compression_]() mutable {
    std::string err;
    switch (c) {
      case Compression::None: err = run_none(src, *q); break;
      case Compression::Gzip: err = run_gzip(src, *q); break;
      case Compression::Bzip2: err = run_bzip2(src, *q); break;
      case Compression::Xz: err = run_xz(src, *q); break;
      case Compression::Zstd: err = run_zstd(src, *q); break;
    }
    close(src.fd);
    q->finish(err);
  });
}

Input::~Input() {
  queue_->stop();
  Chunk drain;
  while (queue_->pop(drain)) {}
  if (queue_->thread.joinable()) queue_->thread.join();
}

std::string Input::error() const { return queue_->error(); }

bool Input::next_chunk() {
  queue_->give(std::move(cur_));
  cur_ = Chunk{};
  cur_pos_ = 0;
  if (eof_ || !queue_->pop(cur_)) {
    eof_ = true;
    return false;
  }
  return true;
}

// Most peeks are answered inside the current chunk, without a copy. One that
// straddles chunks gathers its bytes in carry_, and reading continues from
// there until carry_ is consumed.
std::span<const uint8_t> Input::peek(size_t n) {
  for (;;) {
    if (carry_pos_ < carry_.size()) {
      if (carry_.size() - carry_pos_ >= n) return {carry_.data() + carry_pos_, n};
      break;
    }
    size_t in_cur = cur_.size - cur_pos_;
    if (in_cur >= n) return {cur_.data.get() + cur_pos_, n};
    if (in_cur > 0) break;
    if (!next_chunk()) return {};
  }
  // consumed bytes are dropped from carry_ only once they are half of it, so
  // that a scan stepping byte by byte through a large window stays linear
  if (carry_pos_ > 0 && carry_pos_ * 2 >= carry_.size()) {
    carry_.erase(carry_.begin(), carry_.begin() + static_cast<long>(carry_pos_));
    carry_pos_ = 0;
  }
  while (carry_.size() - carry_pos_ < n) {
    if (cur_pos_ == cur_.size && !next_chunk()) break;
    size_t take = std::min(n - (carry_.size() - carry_pos_), cur_.size - cur_pos_);
    carry_.insert(carry_.end(), cur_.data.get() + cur_pos_, cur_.data.get() + cur_pos_ + take);
    cur_pos_ += take;
  }
  return {carry_.data() + carry_pos_, std::min(n, carry_.size() - carry_pos_)};
}

void Input::consume(size_t n) {
  offset_ += n;
  size_t in_carry = carry_.size() - carry_pos_;
  if (in_carry) {
    size_t k = std::min(n, in_carry);
    carry_pos_ += k;
    n -= k;
    if (carry_pos_ == carry_.size()) carry_.clear(), carry_pos_ = 0;
  }
  while (n) {  // callers consume what they peeked: this stays in the current chunk
    size_t k = std::min(n, cur_.size - cur_pos_);
    cur_pos_ += k;
    n -= k;
    if (n && !next_chunk()) break;
  }
}

}  // namespace dw::mrt
