// watch --ris-live FILE|-: RIS Live JSON lines (a recording, a pipe, stdin)
// decoded on their own thread into their own lane of the engine's queue.
// The input is read with poll(2) rather than a blocking stream, so SIGTERM
// ends the run even while a pipe stays open and silent.
#pragma once
#include <atomic>
#include <string>
#include <thread>

#include "net/event_queue.h"
#include "rislive/ris_live.h"

namespace dw::cli {

class RisLiveInput {
 public:
  // Opens `path` ("-": stdin); throws naming it when it cannot be opened.
  RisLiveInput(net::EventQueue& q, const std::string& path);
  ~RisLiveInput();
  void start();
  // Ends the reading thread within about 200 ms, the input open or not.
  void join();
  // The decoder's counts, once join() returned.
  const rislive::Stats& stats() const { return stats_; }

 private:
  void run();
  net::EventQueue& queue_;
  std::string path_;
  int fd_ = -1;
  size_t lane_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  rislive::Stats stats_;
};

}  // namespace dw::cli
