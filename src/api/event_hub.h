// Server-sent events for /v2/stream: publish() hands a named JSON message to
// every subscriber's bounded queue (a subscriber that falls behind loses its
// oldest messages and is told how many); each subscriber's connection waits
// on its queue. close() wakes them all so the server can stop.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw::api {

class EventHub {
 public:
  class Subscription;
  explicit EventHub(size_t max_subscribers, size_t queue_length = 256)
      : max_subscribers_(max_subscribers), queue_length_(queue_length) {}
  // null when there are max_subscribers already, or the hub is closed
  std::shared_ptr<Subscription> subscribe();
  void publish(std::string_view event, std::string_view json);
  void close();
  size_t subscribers() const;

  class Subscription {
   public:
    // The next message as SSE text ("event: x\ndata: {...}\n\n"), "" on a
    // timeout (the caller sends a keep-alive comment), nullopt once closed
    // and what was queued before is sent.
    std::optional<std::string> next(std::chrono::milliseconds wait);
    ~Subscription();

   private:
    friend class EventHub;
    explicit Subscription(EventHub& h) : hub_(h) {}
    EventHub& hub_;
    std::deque<std::string> queue_;
    uint64_t dropped_ = 0;
  };

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Subscription*> subs_;
  size_t max_subscribers_, queue_length_;
  bool closed_ = false;
};

// "event: NAME\ndata: JSON\n\n" with any newline in JSON (there should be
// none) split into data lines, as the SSE format requires.
std::string sse_message(std::string_view event, std::string_view json);

}  // namespace dw::api
