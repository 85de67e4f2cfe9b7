// Answers kept in memory while the store does not change, so a dashboard's
// many viewers asking the same thing cost one query: bounded in bytes (the
// oldest go first), single-flight (concurrent identical requests wait for
// the one computing it, even when nothing is kept: max_bytes 0). The generation is the store files' size and
// modification time (the database and its -wal, which every commit grows),
// so a store that `watch` is writing invalidates the cache as bins close.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "api/api.h"

namespace dw::api {

class ResponseCache {
 public:
  ResponseCache(std::string db_path, size_t max_bytes) : path_(std::move(db_path)), max_bytes_(max_bytes) {}
  // The cached reply for key, or compute() run once for every caller that
  // asks meanwhile; only 200 replies are kept. hit says which it was.
  Reply get(const std::string& key, const std::function<Reply()>& compute, bool& hit);

 private:
  struct Entry {
    std::string gen;  // the store's generation it was computed in
    bool ready = false;
    Reply reply;
  };
  std::string generation() const;
  void evict_locked();

  std::string path_;
  size_t max_bytes_, bytes_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string gen_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
  std::deque<std::string> order_;  // insertion order, for eviction
};

}  // namespace dw::api
