#include "cli/watch_rislive.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "net/source_names.h"

namespace dw::cli {

namespace {

// The decoder names each event after its collector (rrc00); the batch keeps
// that name, interned as every source's is. The recording's own time moves
// the engine's clock in watch::Runtime, as for every source.
struct BatchSink : feed::EventSink {
  net::Batch batch;
  void on_event(const feed::RouteEvent& e) override {
    batch.push_back(e);
    batch.back().source = net::intern_source(e.source);
  }
};

}  // namespace

RisLiveInput::RisLiveInput(net::EventQueue& q, const std::string& path) : queue_(q), path_(path) {
  // a FIFO: open waits for its writer, as a stream would
  fd_ = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("--ris-live " + path + ": cannot open: " + std::strerror(errno));
  lane_ = q.open_lane("ris-live " + path);
}

RisLiveInput::~RisLiveInput() {
  join();
  if (fd_ > 0) ::close(fd_);
}

void RisLiveInput::start() {
  thread_ = std::thread([this] { run(); });
}

void RisLiveInput::join() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void RisLiveInput::run() {
  BatchSink out;
  rislive::RisLiveDecoder d(out);
  std::string buf;
  size_t used = 0;  // bytes of buf already split into lines
  uint64_t n = 0;
  char chunk[1 << 16];
  auto flush = [&] {
    if (out.batch.empty()) return;
    net::Batch b;
    b.swap(out.batch);
    queue_.push(lane_, std::move(b));
  };
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(&p, 1, 200);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) continue;  // nothing to read: look at stop_ again
    ssize_t got = r < 0 ? -1 : ::read(fd_, chunk, sizeof chunk);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (got <= 0) break;  // the end of the input, or an error reading it
    buf.append(chunk, static_cast<size_t>(got));
    for (size_t nl; (nl = buf.find('\n', used)) != std::string::npos; used = nl + 1) {
      d.line(std::string_view(buf).substr(used, nl - used), ++n);
      if (out.batch.size() >= 256) flush();
    }
    buf.erase(0, used);
    used = 0;
    // nothing complete is left: what was heard must not wait for a line
    // that may be long in coming
    flush();
  }
  if (!stop_ && !buf.empty()) d.line(buf, ++n);  // a last line with no newline
  flush();
  stats_ = d.stats();
  queue_.close_lane(lane_);
}

}  // namespace dw::cli
