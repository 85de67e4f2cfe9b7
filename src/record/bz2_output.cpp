#include "record/bz2_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace dw::record {

namespace fs = std::filesystem;

static constexpr const char* kPartialPrefix = ".partial-";

fs::path partial_path(const fs::path& final_path) {
  std::string name = final_path.filename().string();
  for (auto& ch : name)
    if (ch == '.') ch = '-';
  return final_path.parent_path() / (kPartialPrefix + name);
}

bool is_partial_name(const std::string& filename) { return filename.rfind(kPartialPrefix, 0) == 0; }

tl::expected<std::unique_ptr<Bz2Output>, std::string> Bz2Output::open(const fs::path& final_path, int block_size) {
  std::unique_ptr<Bz2Output> o(new Bz2Output());
  o->final_ = final_path;
  o->temp_ = partial_path(final_path);
  o->f_ = std::fopen(o->temp_.c_str(), "wb");
  if (!o->f_) return tl::unexpected(o->temp_.string() + ": cannot create: " + std::strerror(errno));
  if (BZ2_bzCompressInit(&o->bz_, block_size, 0, 0) != BZ_OK)
    return tl::unexpected(o->temp_.string() + ": bzip2 compressor did not start");
  o->bz_open_ = true;
  // a finished file of the same name (a restart within its interval) is kept: its content first
  std::error_code ec;
  if (fs::exists(final_path, ec)) {
    FILE* old = std::fopen(final_path.c_str(), "rb");
    if (!old) return tl::unexpected(final_path.string() + ": cannot read: " + std::strerror(errno));
    int err = BZ_OK;
    BZFILE* bz = BZ2_bzReadOpen(&err, old, 0, 0, nullptr, 0);
    std::vector<uint8_t> chunk(1 << 16);
    while (err == BZ_OK) {
      int n = BZ2_bzRead(&err, bz, chunk.data(), static_cast<int>(chunk.size()));
      if ((err == BZ_OK || err == BZ_STREAM_END) && n > 0) {
        auto st = o->write({chunk.data(), static_cast<size_t>(n)});
        if (!st) err = BZ_IO_ERROR;
      }
    }
    BZ2_bzReadClose(&err, bz);
    std::fclose(old);
    if (err != BZ_OK && err != BZ_STREAM_END)
      return tl::unexpected(final_path.string() + ": existing file does not decompress; left as it is");
  }
  return o;
}

Bz2Output::~Bz2Output() {
  if (bz_open_) BZ2_bzCompressEnd(&bz_);
  if (f_) {
    std::fclose(f_);
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

IoStatus Bz2Output::fail(const std::string& what) {
  return tl::unexpected(temp_.string() + ": " + what + (errno ? std::string(": ") + std::strerror(errno) : ""));
}

IoStatus Bz2Output::pump(int action) {
  for (;;) {
    bz_.next_out = buf_;
    bz_.avail_out = sizeof buf_;
    int r = BZ2_bzCompress(&bz_, action);
    size_t n = sizeof buf_ - bz_.avail_out;
    if (n && std::fwrite(buf_, 1, n, f_) != n) return fail("write failed");
    out_ += n;
    if (r < 0) return fail("bzip2 error " + std::to_string(r));
    if (action == BZ_RUN && bz_.avail_in == 0) return {};
    if (action == BZ_FLUSH && r == BZ_RUN_OK) return {};
    if (action == BZ_FINISH && r == BZ_STREAM_END) return {};
  }
}

IoStatus Bz2Output::write(std::span<const uint8_t> data) {
  if (done_ || !f_) return fail("written after it was finished");
  bz_.next_in = const_cast<char*>(reinterpret_cast<const char*>(data.data()));
  bz_.avail_in = static_cast<unsigned>(data.size());
  in_ += data.size();
  return pump(BZ_RUN);
}

IoStatus Bz2Output::flush() {
  if (done_ || !f_) return {};
  bz_.avail_in = 0;
  if (auto st = pump(BZ_FLUSH); !st) return st;
  if (std::fflush(f_) != 0) return fail("flush failed");
  return {};
}

IoStatus Bz2Output::finish() {
  if (done_) return {};
  bz_.avail_in = 0;
  if (auto st = pump(BZ_FINISH); !st) return st;
  BZ2_bzCompressEnd(&bz_);
  bz_open_ = false;
  if (std::fflush(f_) != 0 || ::fsync(fileno(f_)) != 0) return fail("flush failed");
  int rc = std::fclose(f_);
  f_ = nullptr;
  if (rc != 0) return fail("close failed");
  std::error_code ec;
  fs::rename(temp_, final_, ec);
  if (ec) return tl::unexpected(temp_.string() + ": rename to " + final_.string() + " failed: " + ec.message());
  done_ = true;
  return {};
}

}  // namespace dw::record
