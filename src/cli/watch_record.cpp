#include "cli/watch_record.h"

#include <cstdio>

namespace dw::cli {

WatchRecording::WatchRecording(const std::string& dir, const std::string& tick_source)
    : dir_(dir), tick_source_(tick_source), rec_(record::RecorderConfig{.dir = dir}) {}

void WatchRecording::on_event(const feed::RouteEvent& e) {
  if (closed_) return;
  if (e.kind == feed::EventKind::Tick && e.source == tick_source_) {
    // the wall clock: every source's files end on time, none is named "watch"
    for (const auto& name : heard_) {
      feed::RouteEvent t = e;
      t.source = name;
      rec_.on_event(t);
    }
    return;
  }
  if (!heard_.contains(e.source)) {
    heard_.emplace(e.source);
    // a router's feed has no dump to start from: what was heard before its
    // first message is nothing, and an (empty) RIB file of that moment says
    // so, so that a replay of the recording starts where watch started
    if (e.kind == feed::EventKind::Element && e.elem.type != bgp::ElemType::Rib) rec_.dump_rib(e.source, e.ts);
  }
  rec_.on_event(e);
}

std::string WatchRecording::close() {
  if (closed_) return rec_.error();
  closed_ = true;
  auto st = rec_.close();
  auto r = rec_.stats();
  fprintf(stderr, "darkwatch: recorded %llu files in %s: %llu MRT bytes, %llu compressed; %llu updates, %llu RIB dumps\n",
          (unsigned long long)r.files, dir_.c_str(), (unsigned long long)r.bytes_in, (unsigned long long)r.bytes_out,
          (unsigned long long)r.messages, (unsigned long long)r.rib_dumps);
  return st ? std::string() : st.error();
}

}  // namespace dw::cli
