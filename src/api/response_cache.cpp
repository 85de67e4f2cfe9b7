#include "api/response_cache.h"

#include <sys/stat.h>

namespace dw::api {

namespace {

constexpr size_t kLargestEntry = 16 * 1024 * 1024;

std::string stamp(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "-";
  return std::to_string(st.st_size) + "." + std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

std::string ResponseCache::generation() const { return stamp(path_) + "/" + stamp(path_ + "-wal"); }

void ResponseCache::evict_locked() {
  while (bytes_ > max_bytes_ && !order_.empty()) {
    auto it = entries_.find(order_.front());
    order_.pop_front();
    if (it == entries_.end() || !it->second->ready) continue;
    bytes_ -= it->second->reply.body.size();
    entries_.erase(it);
  }
}

Reply ResponseCache::get(const std::string& key, const std::function<Reply()>& compute, bool& hit) {
  hit = false;
  std::shared_ptr<Entry> mine;
  {
    std::unique_lock<std::mutex> lock(mu_);
    std::string gen = generation();
    if (gen != gen_) {  // the store changed: nothing kept is true any more
      gen_ = gen;
      for (auto it = entries_.begin(); it != entries_.end();)
        it = it->second->ready ? entries_.erase(it) : std::next(it);
      order_.clear();
      bytes_ = 0;
    }
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      auto e = it->second;
      cv_.wait(lock, [&] { return e->ready; });
      if (e->reply.status == 200 && e->gen == gen_) {
        hit = true;
        return e->reply;
      }
    }
    mine = std::make_shared<Entry>();
    mine->gen = gen_;
    entries_[key] = mine;
  }
  Reply r;
  try {
    r = compute();
  } catch (...) {
    std::lock_guard<std::mutex> lock(mu_);
    mine->ready = true;
    mine->reply.status = 500;
    entries_.erase(key);
    cv_.notify_all();
    throw;
  }
  std::lock_guard<std::mutex> lock(mu_);
  mine->reply = r;
  mine->ready = true;
  auto it = entries_.find(key);
  // max_bytes_ 0: nothing is kept, but the callers that came while it was
  // computed share it (they hold the entry)
  if (r.status != 200 || r.body.size() > kLargestEntry || mine->gen != gen_ || max_bytes_ == 0) {
    if (it != entries_.end() && it->second == mine) entries_.erase(it);
  } else if (it != entries_.end() && it->second == mine) {
    bytes_ += r.body.size();
    order_.push_back(key);
    evict_locked();
  }
  cv_.notify_all();
  return r;
}

}  // namespace dw::api
