#include "net/collector.h"

#include <asio.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <stdexcept>

#include "net/batching_sink.h"
#include "net/fair_share.h"
#include "net/source_names.h"

namespace dw::net {

namespace {

uint32_t unix_now() { return static_cast<uint32_t>(std::time(nullptr)); }

struct Listener {
  ListenerConfig cfg;
  std::unique_ptr<asio::ip::tcp::acceptor> acceptor;
};

}  // namespace

// One accepted connection. The socket and its write queue belong to the I/O
// thread; the chunk queue and the flags under `m` are shared with the
// decoding thread.
struct Conn : std::enable_shared_from_this<Conn> {
  Conn(asio::io_context& io, EventQueue& q) : sock(io), queue(q) {}
  asio::ip::tcp::socket sock;
  EventQueue& queue;
  Remote remote;
  const Listener* listener = nullptr;
  size_t lane = 0;
  std::unique_ptr<BatchingSink> sink;
  std::unique_ptr<ConnectionDecoder> decoder;
  std::thread worker;
  // I/O thread only
  std::deque<std::shared_ptr<std::vector<uint8_t>>> writes;
  bool writing = false, close_after_write = false;

  mutable std::mutex m;
  std::condition_variable cv;
  std::deque<std::vector<uint8_t>> chunks;
  bool paused = false, eof = false, stopping = false, finished = false;
  std::string eof_reason;
  ConnectionStats st;
};

struct Collector::Impl {
  Impl(EventQueue& q, CollectorConfig c) : queue(q), cfg(c), guard(asio::make_work_guard(io)) {}
  EventQueue& queue;
  CollectorConfig cfg;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> guard;
  std::deque<Listener> listeners;
  std::thread io_thread;
  mutable std::mutex m;
  std::map<uint64_t, std::shared_ptr<Conn>> conns;
  std::atomic<size_t> reading{0};  // connections whose decoder runs (the buffer budget's share)
  uint64_t next_id = 1;
  // what a connection may hold read and not yet decoded, now
  size_t buffer_limit() const {
    return fair_share(cfg.total_buffered, reading.load(std::memory_order_relaxed), CollectorConfig::kMinBuffered,
                      cfg.max_buffered);
  }
  std::atomic<bool> stopping{false};
  Collector* owner = nullptr;

  void log(const std::string& s) {
    if (owner->log_) owner->log_(s);
    else fprintf(stderr, "darkwatch: %s\n", s.c_str());
  }
  void accept(Listener& l);
  void start_read(const std::shared_ptr<Conn>& c);
  void write(const std::shared_ptr<Conn>& c, std::shared_ptr<std::vector<uint8_t>> bytes);
  void write_next(const std::shared_ptr<Conn>& c);
  void end_socket(const std::shared_ptr<Conn>& c);
  void run(std::shared_ptr<Conn> c);
  std::string unique_source(const std::string& address);
  void reap();
};

Collector::Collector(EventQueue& q, CollectorConfig cfg) : impl_(std::make_unique<Impl>(q, cfg)) { impl_->owner = this; }

Collector::~Collector() { stop(); }

uint16_t Collector::listen(ListenerConfig l) {
  auto& li = impl_->listeners.emplace_back();
  li.cfg = std::move(l);
  std::string where = li.cfg.kind + " " + li.cfg.address + ":" + std::to_string(li.cfg.port);
  asio::error_code ec;
  auto addr = asio::ip::make_address(li.cfg.address, ec);
  if (ec) throw std::runtime_error("--" + where + ": not an address");
  asio::ip::tcp::endpoint ep(addr, li.cfg.port);
  li.acceptor = std::make_unique<asio::ip::tcp::acceptor>(impl_->io);
  li.acceptor->open(ep.protocol(), ec);
  if (!ec) li.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) li.acceptor->bind(ep, ec);
  if (!ec) li.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error(where + ": cannot listen: " + ec.message());
  li.cfg.port = li.acceptor->local_endpoint().port();
  return li.cfg.port;
}

void Collector::start() {
  for (auto& l : impl_->listeners) impl_->accept(l);
  impl_->io_thread = std::thread([this] { impl_->io.run(); });
}

std::string Collector::Impl::unique_source(const std::string& address) {
  // a second router behind one address (or a test on loopback) gets its own source
  for (int k = 1;; ++k) {
    std::string name = k == 1 ? address : address + "#" + std::to_string(k);
    bool taken = false;
    for (const auto& [id, c] : conns) {
      std::lock_guard lock(c->m);
      taken |= c->st.open && c->remote.source == name;
    }
    if (!taken) return name;
  }
}

void Collector::Impl::reap() {
  // decoding threads that ended are joined; their stats stay for status
  for (auto& [id, c] : conns) {
    bool done;
    {
      std::lock_guard lock(c->m);
      done = c->finished;
    }
    if (done && c->worker.joinable()) c->worker.join();
  }
}

void Collector::Impl::accept(Listener& l) {
  l.acceptor->async_accept([this, &l](asio::error_code ec, asio::ip::tcp::socket s) {
    if (ec || stopping) return;
    auto c = std::make_shared<Conn>(io, queue);
    c->sock = std::move(s);
    c->listener = &l;
    asio::error_code e2;
    auto ep = c->sock.remote_endpoint(e2);
    c->remote.kind = l.cfg.kind;
    c->remote.address = e2 ? "?" : ep.address().to_string();
    c->remote.port = e2 ? 0 : ep.port();
    c->sock.set_option(asio::ip::tcp::no_delay(true), e2);
    {
      std::lock_guard lock(m);
      reap();
      c->remote.source = unique_source(c->remote.address);
      c->st.id = next_id++;
      c->st.kind = l.cfg.kind;
      c->st.remote = c->remote.address + ":" + std::to_string(c->remote.port);
      c->st.source = c->remote.source;
      c->st.since = unix_now();
      c->st.open = true;
      const std::string& name = intern_source(c->remote.source);
      c->lane = queue.open_lane(l.cfg.kind + " " + name);
      c->sink = std::make_unique<BatchingSink>(queue, c->lane, name);
      std::string why;
      std::string given = c->remote.source;
      c->decoder = l.cfg.factory(c->remote, *c->sink, why);
      if (c->remote.source != given) c->sink->rename(intern_source(c->st.source = c->remote.source));
      if (!c->decoder) {
        ++owner->refused_;
        c->st.open = false;
        c->st.end_reason = "refused: " + why;
        c->finished = true;
        queue.close_lane(c->lane);
        c->sock.close(e2);
      } else {
        conns.emplace(c->st.id, c);
        ++reading;
        c->worker = std::thread([this, c] { run(c); });
      }
    }
    if (!c->decoder) log(l.cfg.kind + ": connection from " + c->st.remote + " refused: " + c->st.end_reason.substr(9));
    else {
      log(l.cfg.kind + ": " + c->st.remote + " connected (source " + c->remote.source + ")");
      start_read(c);
    }
    accept(l);
  });
}

void Collector::Impl::start_read(const std::shared_ptr<Conn>& c) {
  auto buf = std::make_shared<std::vector<uint8_t>>(cfg.chunk_bytes);
  c->sock.async_read_some(asio::buffer(*buf), [this, c, buf](asio::error_code ec, size_t n) {
    std::unique_lock lock(c->m);
    if (ec) {
      c->eof = true;
      if (c->eof_reason.empty())
        c->eof_reason = ec == asio::error::eof ? "the router closed the connection" : "socket: " + ec.message();
      c->cv.notify_one();
      return;
    }
    buf->resize(n);
    c->st.bytes_in += n;
    c->st.buffered += n;
    if (c->st.buffered > c->st.peak_buffered) c->st.peak_buffered = c->st.buffered;
    c->chunks.push_back(std::move(*buf));
    bool full = c->st.buffered >= buffer_limit();
    if (full) c->paused = true, ++c->st.read_pauses;
    c->cv.notify_one();
    lock.unlock();
    if (!full) start_read(c);
  });
}

void Collector::Impl::write(const std::shared_ptr<Conn>& c, std::shared_ptr<std::vector<uint8_t>> bytes) {
  c->writes.push_back(std::move(bytes));
  if (!c->writing) write_next(c);
}

void Collector::Impl::write_next(const std::shared_ptr<Conn>& c) {
  if (c->writes.empty()) {
    c->writing = false;
    if (c->close_after_write) end_socket(c);
    return;
  }
  c->writing = true;
  auto b = c->writes.front();
  asio::async_write(c->sock, asio::buffer(*b), [this, c, b](asio::error_code ec, size_t) {
    c->writes.pop_front();
    if (ec) c->writes.clear();
    write_next(c);
  });
}

void Collector::Impl::end_socket(const std::shared_ptr<Conn>& c) {
  asio::error_code ec;
  c->sock.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  c->sock.close(ec);
}

// The decoding thread of one connection.
void Collector::Impl::run(std::shared_ptr<Conn> c) {
  using clock = std::chrono::steady_clock;
  const uint32_t idle = c->listener->cfg.idle_seconds;
  auto last_data = clock::now();
  std::optional<std::string> err;
  bool shutdown = false;
  for (;;) {
    std::vector<uint8_t> chunk;
    bool eof = false;
    {
      std::unique_lock lock(c->m);
      auto until = clock::now() + std::chrono::seconds(1);
      if (idle) until = std::min(until, last_data + std::chrono::seconds(idle));
      if (uint32_t d = c->decoder->next_deadline()) {
        auto now = unix_now();
        until = std::min(until, clock::now() + std::chrono::seconds(d > now ? d - now : 0));
      }
      c->cv.wait_until(lock, until, [&] { return !c->chunks.empty() || c->eof || c->stopping; });
      if (c->stopping) {
        c->st.bytes_dropped += c->st.buffered;
        c->st.buffered = 0;
        c->chunks.clear();
        shutdown = true;
      } else if (!c->chunks.empty()) {
        chunk = std::move(c->chunks.front());
        c->chunks.pop_front();
        c->st.buffered -= chunk.size();
        c->st.bytes_decoded += chunk.size();
        if (c->paused && c->st.buffered < buffer_limit() / 2) {
          c->paused = false;
          asio::post(io, [this, c] { start_read(c); });
        }
      } else if (c->eof) {
        eof = true;
        err = c->eof_reason;
      }
    }
    if (shutdown) break;
    uint32_t now = unix_now();
    if (!chunk.empty()) {
      last_data = clock::now();
      err = c->decoder->feed(chunk, now);
    } else if (!eof && idle && clock::now() - last_data >= std::chrono::seconds(idle)) {
      err = "idle for " + std::to_string(idle) + " s";
    } else if (!eof) {
      if (uint32_t d = c->decoder->next_deadline(); d && now >= d) err = c->decoder->on_timer(now);
    }
    auto out = c->decoder->take_output();
    bool done = !err && c->decoder->done();
    if (err || done) {
      c->decoder->close(now, err ? *err : "session ended");
      out.clear();
      for (auto b = c->decoder->take_output(); !b.empty(); b = c->decoder->take_output()) out.insert(out.end(), b.begin(), b.end());
    }
    if (!out.empty()) {
      auto b = std::make_shared<std::vector<uint8_t>>(std::move(out));
      asio::post(io, [this, c, b] { write(c, b); });
    }
    c->sink->flush();
    if (err || done) {
      asio::post(io, [this, c] {  // a NOTIFICATION queued goes out first
        c->close_after_write = true;
        if (!c->writing) end_socket(c);
      });
      std::string why = err ? *err : "session ended";
      log(c->listener->cfg.kind + ": " + c->st.remote + " (" + c->remote.source + "): connection ended: " + why);
      std::lock_guard lock(c->m);
      c->st.end_reason = why;
      break;
    }
  }
  if (shutdown) c->sink->flush();
  --reading;
  queue.close_lane(c->lane);
  std::lock_guard lock(c->m);
  c->st.open = false;
  c->st.bytes_dropped += c->st.buffered;  // read after the error: never decoded
  c->st.buffered = 0;
  c->chunks.clear();
  c->finished = true;
}

void Collector::stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  auto& I = *impl_;
  asio::post(I.io, [&I] {
    asio::error_code ec;
    for (auto& l : I.listeners)
      if (l.acceptor) l.acceptor->close(ec);
  });
  std::vector<std::shared_ptr<Conn>> all;
  {
    std::lock_guard lock(I.m);
    for (auto& [id, c] : I.conns) all.push_back(c);
  }
  for (auto& c : all) {
    std::lock_guard lock(c->m);
    c->stopping = true;
    if (c->st.open && c->st.end_reason.empty()) c->st.end_reason = "darkwatch stopped";
    c->cv.notify_one();
  }
  for (auto& c : all)
    if (c->worker.joinable()) c->worker.join();
  asio::post(I.io, [&I, all] {
    for (auto& c : all) I.end_socket(c);
  });
  I.guard.reset();
  // the I/O thread ends when the closed sockets' handlers have run; a write
  // stuck on a dead peer does not hold the exit
  for (int i = 0; I.io_thread.joinable() && i < 100 && !I.io.stopped(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  I.io.stop();
  if (I.io_thread.joinable()) I.io_thread.join();
}

void Collector::close_where(const std::function<bool(const Remote&)>& which, const std::string& reason) {
  std::lock_guard lock(impl_->m);
  for (auto& [id, c] : impl_->conns) {
    std::lock_guard cl(c->m);
    if (!c->st.open || !which(c->remote)) continue;
    c->eof = true;
    c->eof_reason = reason;
    c->cv.notify_one();
  }
}

std::vector<ConnectionStats> Collector::connections() const {
  std::lock_guard lock(impl_->m);
  std::vector<ConnectionStats> v;
  for (const auto& [id, c] : impl_->conns) {
    std::lock_guard cl(c->m);
    v.push_back(c->st);
  }
  return v;
}

}  // namespace dw::net
