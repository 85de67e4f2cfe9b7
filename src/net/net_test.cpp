// The live I/O over real loopback sockets, with a line-based test decoder:
// order per connection, a decoder error ending only its connection, TCP
// back-pressure with bounded buffers, the idle timeout, refused peers.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "net/collector.h"

using namespace dw;
using namespace std::chrono_literals;

namespace {

// "N\n" is an announcement with ts N; "BAD" ends the connection.
struct LineDecoder : net::ConnectionDecoder {
  explicit LineDecoder(feed::EventSink& s) : sink(s) {}
  std::optional<std::string> feed(std::span<const uint8_t> b, uint32_t) override {
    for (uint8_t ch : b) {
      offset++;
      if (ch != '\n') {
        line += static_cast<char>(ch);
        continue;
      }
      if (line == "BAD") return "test decoder: BAD at byte " + std::to_string(offset);
      feed::RouteEvent e;
      e.elem.type = bgp::ElemType::Announce;
      e.elem.prefix = *bgp::Prefix::parse("10.0.0.0/8");
      e.ts = e.elem.ts = static_cast<uint32_t>(std::stoul(line));
      sink.on_event(e);
      line.clear();
    }
    return std::nullopt;
  }
  void close(uint32_t, std::string_view why) override { closed_with = why; }
  feed::EventSink& sink;
  std::string line, closed_with;
  uint64_t offset = 0;
};

int connect_to(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

void send_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    ASSERT_GT(n, 0);
    off += static_cast<size_t>(n);
  }
}

std::string lines(uint32_t from, uint32_t to) {
  std::string s;
  for (uint32_t i = from; i <= to; ++i) s += std::to_string(i) + "\n";
  return s;
}

// Everything the queue holds by source name, until `want` events arrived or 10 s passed.
std::map<std::string, std::vector<uint32_t>> drain(net::EventQueue& q, size_t want) {
  std::map<std::string, std::vector<uint32_t>> got;
  size_t n = 0;
  auto until = std::chrono::steady_clock::now() + 10s;
  net::Batch b;
  while (n < want && std::chrono::steady_clock::now() < until)
    if (q.pop(b, 50ms))
      for (const auto& e : b) got[std::string(e.source)].push_back(e.ts), ++n;
  return got;
}

net::ListenerConfig lines_listener(uint32_t idle = 0) {
  net::ListenerConfig l;
  l.kind = "test";
  l.address = "127.0.0.1";
  l.idle_seconds = idle;
  l.factory = [](net::Remote&, feed::EventSink& s, std::string&) { return std::make_unique<LineDecoder>(s); };
  return l;
}

}  // namespace

TEST(Collector, OrderPerConnectionAndSequenceNumbers) {
  net::EventQueue q(1000);
  net::Collector c(q);
  c.set_log([](const std::string&) {});
  uint16_t port = c.listen(lines_listener());
  c.start();
  int fd = connect_to(port);
  send_all(fd, lines(1, 5000));
  auto got = drain(q, 5000);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got.begin()->first, "127.0.0.1");
  auto& v = got.begin()->second;
  ASSERT_EQ(v.size(), 5000u);
  for (uint32_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], i + 1) << "order lost at " << i;
  close(fd);
  c.stop();
}

TEST(Collector, GarbageEndsOnlyThatConnection) {
  net::EventQueue q(100000);
  net::Collector c(q);
  std::vector<std::string> logs;
  std::mutex lm;
  c.set_log([&](const std::string& s) { std::lock_guard l(lm); logs.push_back(s); });
  uint16_t port = c.listen(lines_listener());
  c.start();
  int a = connect_to(port), b = connect_to(port);
  send_all(a, lines(1, 100) + "BAD\n" + lines(101, 200));
  for (int i = 0; i < 10; ++i) send_all(b, lines(1 + 1000 * i, 1000 * (i + 1)));
  auto got = drain(q, 100 + 10000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got["127.0.0.1"].size() + got["127.0.0.1#2"].size(), 10100u);
  size_t bad = got["127.0.0.1"].size() == 100 ? 0 : 1;
  EXPECT_EQ(got[bad ? "127.0.0.1#2" : "127.0.0.1"].size(), 100u) << "nothing after the garbage is decoded";
  std::this_thread::sleep_for(200ms);
  auto conns = c.connections();
  ASSERT_EQ(conns.size(), 2u);
  int ended = 0;
  for (const auto& s : conns)
    if (!s.open) {
      ++ended;
      EXPECT_NE(s.end_reason.find("BAD at byte 296"), std::string::npos) << s.end_reason;
    }
  EXPECT_EQ(ended, 1) << "the good router's connection stays open";
  // the router whose connection ended finds it closed
  char buf[16];
  EXPECT_EQ(recv(bad ? b : a, buf, sizeof buf, 0), 0);
  close(a), close(b);
  c.stop();
  bool logged = false;
  for (const auto& l : logs) logged |= l.find("connection ended: test decoder: BAD at byte 296") != std::string::npos;
  EXPECT_TRUE(logged);
}

TEST(Collector, FloodIsSlowedByBackPressureWithBoundedBuffers) {
  net::CollectorConfig cfg;
  cfg.chunk_bytes = 4096;
  cfg.max_buffered = 64 * 1024;
  net::EventQueue q(2000);  // events per lane before the decoder waits
  net::Collector c(q, cfg);
  c.set_log([](const std::string&) {});
  uint16_t port = c.listen(lines_listener());
  c.start();
  int flood = connect_to(port);
  // 4.5 MB: far more than the chunk queue and the lane hold
  const uint32_t n = 600000;
  const std::string all = lines(1, n);
  ASSERT_GT(all.size(), 4000000u);
  std::thread sender([&] { send_all(flood, all); });
  std::this_thread::sleep_for(1s);  // nobody pops: the engine is stalled
  auto st = c.connections();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_LE(st[0].buffered, cfg.max_buffered + cfg.chunk_bytes);
  // lane (2000 events) + one batch + one chunk in the decoder + the chunk queue: about 100 KB
  EXPECT_LT(st[0].bytes_in, 1000000u) << "reading stopped: the rest waits in the kernel, pushed back on the sender";
  EXPECT_GE(st[0].read_pauses, 1u);
  auto lanes = q.stats();
  ASSERT_EQ(lanes.size(), 1u);
  EXPECT_LE(lanes[0].peak_depth, 2000u + 4096u) << "a lane holds its cap plus at most one chunk's batch";
  EXPECT_GE(lanes[0].waits, 1u);
  // a second router is served while the first floods
  int other = connect_to(port);
  send_all(other, lines(1, 10));
  auto got = drain(q, n + 10);
  sender.join();
  EXPECT_EQ(got["127.0.0.1#2"].size(), 10u);
  ASSERT_EQ(got["127.0.0.1"].size(), n) << "back-pressure loses nothing";
  EXPECT_EQ(got["127.0.0.1"].back(), n);
  close(flood), close(other);
  c.stop();
}

TEST(Collector, IdleConnectionEnds) {
  net::EventQueue q(100);
  net::Collector c(q);
  c.set_log([](const std::string&) {});
  uint16_t port = c.listen(lines_listener(1));
  c.start();
  int fd = connect_to(port);
  send_all(fd, "1\n");
  char buf[4];
  auto t = std::chrono::steady_clock::now();
  EXPECT_EQ(recv(fd, buf, sizeof buf, 0), 0) << "closed by the idle timeout";
  EXPECT_LT(std::chrono::steady_clock::now() - t, 3s);
  std::this_thread::sleep_for(100ms);
  auto st = c.connections();
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].end_reason, "idle for 1 s");
  close(fd);
  c.stop();
}

TEST(Collector, RefusedPeerIsCountedAndClosed) {
  net::EventQueue q(100);
  net::Collector c(q);
  std::string logged;
  c.set_log([&](const std::string& s) { logged += s; });
  auto l = lines_listener();
  l.factory = [](net::Remote& r, feed::EventSink&, std::string& why) -> std::unique_ptr<net::ConnectionDecoder> {
    why = r.address + " is not a configured peer";
    return nullptr;
  };
  uint16_t port = c.listen(l);
  c.start();
  int fd = connect_to(port);
  char buf[4];
  EXPECT_EQ(recv(fd, buf, sizeof buf, 0), 0);
  close(fd);
  c.stop();
  EXPECT_EQ(c.refused(), 1u);
  EXPECT_NE(logged.find("127.0.0.1 is not a configured peer"), std::string::npos) << logged;
}

TEST(Collector, ListenOnABadAddressFailsNamingIt) {
  net::EventQueue q(100);
  net::Collector c(q);
  auto l = lines_listener();
  l.address = "not-an-ip";
  try {
    c.listen(l);
    FAIL();
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("not-an-ip"), std::string::npos);
  }
}

// An empty queue is not a drained engine: the batch the engine took counts
// until it asks for the next one (a test or an operator waiting on /status
// for "nothing left" must not see 0 while a full table is being applied).
TEST(EventQueue, TakenBatchCountsAsApplyingUntilTheNextPop) {
  net::EventQueue q(100);
  size_t lane = q.open_lane("r1");
  net::Batch b(3);
  ASSERT_TRUE(q.push(lane, std::move(b)));
  net::Batch got;
  ASSERT_TRUE(q.pop(got, 0ms));
  auto st = q.stats();
  EXPECT_EQ(st[0].depth, 0u);
  EXPECT_EQ(st[0].applying, 3u);
  EXPECT_FALSE(q.pop(got, 0ms));
  EXPECT_EQ(q.stats()[0].applying, 0u) << "the engine asked for more: the batch before is applied";
}
