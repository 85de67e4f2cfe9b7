#include "api/guarded_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "api/api.h"

namespace dw::api {

namespace {

using Clock = std::chrono::steady_clock;

// set on the accepting thread while it turns a connection away
thread_local bool t_refuse = false;
// set by a handler on the connection's thread: no further request on it
thread_local bool t_close_after = false;

// Threads and a bounded queue: a connection that finds the queue full is
// refused on the spot (on the accepting thread, without reading it).
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(size_t threads, size_t queued) : max_queued_(queued) {
    for (size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (jobs_.size() < max_queued_) {
        jobs_.push_back(std::move(fn));
        cv_.notify_one();
        return;
      }
    }
    t_refuse = true;
    fn();
    t_refuse = false;
  }
  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void work() {
    while (true) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and nothing left
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      fn();
    }
  }
  size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

int ms_until(Clock::time_point t) {
  auto d = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
  return d < 0 ? 0 : static_cast<int>(d);
}

bool wait_fd(int fd, short events, int ms) {
  pollfd p{fd, events, 0};
  while (true) {
    int r = ::poll(&p, 1, ms);
    if (r < 0 && errno == EINTR) continue;
    return r > 0;
  }
}

// Sends a whole small reply, giving up after `ms`.
void send_all(int fd, const std::string& s, int ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(ms);
  size_t off = 0;
  while (off < s.size()) {
    if (!wait_fd(fd, POLLOUT, ms_until(deadline))) return;
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0 && errno != EAGAIN && errno != EINTR) return;
    if (n > 0) off += static_cast<size_t>(n);
  }
}

std::string raw_reply(int status, const char* reason, const std::string& message) {
  auto r = Api::error_reply("error", ApiError{status, "", message});
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + std::to_string(r.body.size()) +
         "\r\n\r\n" + r.body;
}

// A socket stream whose reads of a request's head stop at a deadline and at
// the header limits; after a fault it answers the client itself and reads
// and writes nothing more.
class GuardedStream : public httplib::Stream {
 public:
  enum class Fault { None, Slow, TooManyHeaders, Closed };
  GuardedStream(int fd, const Limits& l) : fd_(fd), l_(l) {}

  void begin_request() {
    in_head_ = true;
    head_bytes_ = head_lines_ = 0;
    line_len_ = 0;
    head_deadline_ = Clock::now() + l_.head_timeout;
  }
  // true when a request's first byte is here within ms
  bool wait_request(std::chrono::milliseconds ms) {
    if (off_ < len_) return true;
    return wait_fd(fd_, POLLIN, static_cast<int>(ms.count()));
  }
  Fault fault() const { return fault_; }

  bool is_readable() const override {
    if (fault_ != Fault::None) return false;
    if (off_ < len_) return true;
    int ms = in_head_ ? ms_until(head_deadline_) : static_cast<int>(l_.head_timeout.count());
    return wait_fd(fd_, POLLIN, ms);
  }
  bool is_writable() const override {
    return fault_ == Fault::None && wait_fd(fd_, POLLOUT, static_cast<int>(l_.write_timeout.count()));
  }
  ssize_t read(char* ptr, size_t size) override {
    if (fault_ != Fault::None) return -1;
    if (off_ == len_) {
      if (!is_readable()) return fail(in_head_ ? Fault::Slow : Fault::Closed);
      ssize_t n = ::recv(fd_, buf_, sizeof buf_, 0);
      if (n <= 0) return fail(Fault::Closed);
      off_ = 0, len_ = static_cast<size_t>(n);
    }
    size_t n = std::min(size, len_ - off_);
    if (in_head_) n = std::min<size_t>(n, 1);  // byte by byte through the head: we see where it ends
    if (in_head_) {
      char c = buf_[off_];
      if (++head_bytes_ > l_.max_head_bytes) return fail(Fault::TooManyHeaders);
      if (c == '\n') {
        if (line_len_ == 0) in_head_ = false;  // the empty line: the head is complete
        else if (++head_lines_ > l_.max_header_lines + 1) return fail(Fault::TooManyHeaders);
        line_len_ = 0;
      } else if (c != '\r') {
        ++line_len_;
      }
    }
    std::memcpy(ptr, buf_ + off_, n);
    off_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (fault_ != Fault::None) return -1;
    size_t off = 0;
    auto deadline = Clock::now() + l_.write_timeout;
    while (off < size) {
      if (!wait_fd(fd_, POLLOUT, ms_until(deadline))) return -1;
      ssize_t n = ::send(fd_, ptr + off, size - off, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) return -1;
      off += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override { name_of(::getpeername, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { name_of(::getsockname, ip, port); }
  socket_t socket() const override { return fd_; }

 private:
  ssize_t fail(Fault f) const {
    fault_ = f;
    if (f == Fault::Slow)
      send_all(fd_, raw_reply(408, "Request Timeout", "the request's line and headers took longer than the server waits"), 1000);
    if (f == Fault::TooManyHeaders)
      send_all(fd_, raw_reply(431, "Request Header Fields Too Large", "more than 50 headers or 16 KiB of head"), 1000);
    return -1;
  }
  template <typename F>
  void name_of(F f, std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    if (f(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&a);
      ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
      port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&a);
      ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
      port = ntohs(v6->sin6_port);
    }
    ip = text;
  }

  int fd_;
  const Limits& l_;
  char buf_[4096];
  size_t off_ = 0, len_ = 0;
  bool in_head_ = true;
  size_t head_bytes_ = 0, head_lines_ = 0, line_len_ = 0;
  Clock::time_point head_deadline_ = Clock::now();
  mutable Fault fault_ = Fault::None;
};

}  // namespace

void GuardedServer::close_after_response() { t_close_after = true; }

GuardedServer::GuardedServer(const Limits& l) : limits_(l) {
  new_task_queue = [this] { return new BoundedPool(limits_.threads, limits_.queued); };
  set_payload_max_length(0);  // GET only: any body is 413
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  if (t_refuse) {
    ++refused_;
    send_all(sock, raw_reply(503, "Service Unavailable", "the server is serving as many clients as it takes"), 200);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return true;
  }
  ++active_;
  {
    GuardedStream s(sock, limits_);
    bool closed = false;
    for (size_t n = 0; !closed && n < limits_.keep_alive_requests && svr_sock_ != INVALID_SOCKET; ++n) {
      if (!s.wait_request(n == 0 ? limits_.head_timeout : limits_.keep_alive_timeout)) break;
      s.begin_request();
      bool last = n + 1 == limits_.keep_alive_requests;
      t_close_after = false;
      if (!process_request(s, last, closed, nullptr) || t_close_after) break;
    }
    if (s.fault() == GuardedStream::Fault::Slow || s.fault() == GuardedStream::Fault::TooManyHeaders) ++dropped_slow_;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  --active_;
  return true;
}

}  // namespace dw::api
