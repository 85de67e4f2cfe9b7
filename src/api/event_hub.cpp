#include "api/event_hub.h"

#include <algorithm>

namespace dw::api {

std::string sse_message(std::string_view event, std::string_view json) {
  std::string out = "event: ";
  for (char c : event) out += (c == '\n' || c == '\r') ? ' ' : c;
  out += '\n';
  size_t start = 0;
  while (true) {
    size_t nl = json.find('\n', start);
    out += "data: ";
    out += json.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    out += '\n';
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  out += '\n';
  return out;
}

std::shared_ptr<EventHub::Subscription> EventHub::subscribe() {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_ || subs_.size() >= max_subscribers_) return nullptr;
  std::shared_ptr<Subscription> s(new Subscription(*this));
  subs_.push_back(s.get());
  return s;
}

EventHub::Subscription::~Subscription() {
  std::lock_guard<std::mutex> lock(hub_.mu_);
  hub_.subs_.erase(std::remove(hub_.subs_.begin(), hub_.subs_.end(), this), hub_.subs_.end());
}

void EventHub::publish(std::string_view event, std::string_view json) {
  std::string msg = sse_message(event, json);
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto* s : subs_) {
      if (s->queue_.size() >= queue_length_) s->queue_.pop_front(), ++s->dropped_;
      s->queue_.push_back(msg);
    }
  }
  cv_.notify_all();
}

void EventHub::close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

size_t EventHub::subscribers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return subs_.size();
}

std::optional<std::string> EventHub::Subscription::next(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(hub_.mu_);
  hub_.cv_.wait_for(lock, wait, [&] { return hub_.closed_ || !queue_.empty(); });
  // once closed, what is still queued goes out first (the last events of a run)
  if (queue_.empty()) return hub_.closed_ ? std::nullopt : std::optional<std::string>(std::string());
  std::string out;
  if (dropped_) out = ": " + std::to_string(dropped_) + " messages dropped (this client fell behind)\n\n", dropped_ = 0;
  out += queue_.front();
  queue_.pop_front();
  return out;
}

}  // namespace dw::api
