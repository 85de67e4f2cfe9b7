#include "net/event_queue.h"

#include "net/fair_share.h"

namespace dw::net {

EventQueue::EventQueue(size_t lane_capacity, size_t total_capacity)
    : cap_(lane_capacity ? lane_capacity : 1), total_(total_capacity) {}

size_t EventQueue::cap_locked() const { return fair_share(total_, open_, kMinLane, cap_); }

size_t EventQueue::open_lane(std::string name) {
  std::lock_guard lock(m_);
  lanes_.emplace_back();
  lanes_.back().st.name = std::move(name);
  lanes_.back().st.open = true;
  ++open_;
  return lanes_.size() - 1;
}

void EventQueue::close_lane(size_t lane) {
  std::lock_guard lock(m_);
  if (!lanes_[lane].closed) --open_;
  lanes_[lane].closed = true;
  has_data_.notify_all();
  has_room_.notify_all();  // the others' share grew
}

bool EventQueue::push(size_t lane, Batch&& batch) {
  if (batch.empty()) return true;
  std::unique_lock lock(m_);
  Lane& l = lanes_[lane];
  if (!stopped_ && l.st.depth >= cap_locked()) {
    ++l.st.waits;
    has_room_.wait(lock, [&] { return stopped_ || l.st.depth < cap_locked(); });
  }
  if (stopped_) {
    l.st.dropped += batch.size();
    return false;
  }
  l.st.depth += batch.size();
  if (l.st.depth > l.st.peak_depth) l.st.peak_depth = l.st.depth;
  l.q.push_back(std::move(batch));
  has_data_.notify_one();
  return true;
}

bool EventQueue::pop(Batch& out, std::chrono::milliseconds wait) {
  std::unique_lock lock(m_);
  if (applying_lane_ != SIZE_MAX) lanes_[applying_lane_].st.applying = 0;  // the engine is done with it
  applying_lane_ = SIZE_MAX;
  auto take = [&]() -> bool {
    for (size_t i = 0; i < lanes_.size(); ++i) {
      size_t k = (next_ + i) % lanes_.size();
      Lane& l = lanes_[k];
      if (l.q.empty()) {
        if (l.closed) l.st.open = false;
        continue;
      }
      out = std::move(l.q.front());
      l.q.pop_front();
      l.st.depth -= out.size();
      l.st.events += out.size();
      l.st.applying = out.size();
      applying_lane_ = k;
      if (l.q.empty() && l.closed) l.st.open = false;
      next_ = k + 1;
      has_room_.notify_all();
      return true;
    }
    return false;
  };
  if (take()) return true;
  has_data_.wait_for(lock, wait);
  return take();
}

void EventQueue::stop() {
  std::lock_guard lock(m_);
  stopped_ = true;
  has_room_.notify_all();
  has_data_.notify_all();
}

bool EventQueue::idle() const {
  std::lock_guard lock(m_);
  for (const auto& l : lanes_)
    if (!l.closed || !l.q.empty()) return false;
  return true;
}

bool EventQueue::empty() const {
  std::lock_guard lock(m_);
  for (const auto& l : lanes_)
    if (!l.q.empty()) return false;
  return true;
}

size_t EventQueue::open_lanes() const {
  std::lock_guard lock(m_);
  size_t n = 0;
  for (const auto& l : lanes_) n += !l.closed;
  return n;
}

std::vector<LaneStats> EventQueue::stats() const {
  std::lock_guard lock(m_);
  std::vector<LaneStats> v;
  for (const auto& l : lanes_) {
    v.push_back(l.st);
    v.back().open = !l.closed || !l.q.empty();
  }
  return v;
}

}  // namespace dw::net
