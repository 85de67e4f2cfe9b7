// watch --record DIR: record::Recorder as a tee of watch's engine thread
// (watch::Runtime::add_tee), so what watch hears is written as MRT in
// RouteViews layout, one folder per router, peer or RIS collector (the
// events' source). The runtime's wall-clock Ticks (source "watch") reach
// every source heard so far, so a quiet router's 15-minute files still end
// on time. A source's first message is preceded by an (empty) RIB file of
// its time: a replay of the recording starts there, as watch did.
// SIGTERM/SIGINT end every open file under its final name.
#pragma once
#include <memory>
#include <set>
#include <string>

#include "feed/route_event.h"
#include "record/recorder.h"

namespace dw::cli {

class WatchRecording : public feed::EventSink {
 public:
  // tick_source: the name the runtime's own Ticks carry.
  WatchRecording(const std::string& dir, const std::string& tick_source);
  void on_event(const feed::RouteEvent& e) override;
  // Every file finished under its final name; a summary line on stderr.
  // Returns the first write error (a full disk), empty when none.
  std::string close();

 private:
  std::string dir_;
  const std::string& tick_source_;
  std::set<std::string, std::less<>> heard_;  // stable names for the fanned-out Ticks
  record::Recorder rec_;
  bool closed_ = false;
};

}  // namespace dw::cli
