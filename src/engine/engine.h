// The engine: runs any route-event stream (an archive, later BMP routers, BGP
// sessions, RIS Live) through routing state, visibility signals and detection,
// with the policy for the view's own trouble in one place: session notices
// from peer state, data gaps (notices, stale collectors, blind periods), RIB
// dumps (repair and difference counts), the clock (bins, warm-ups).
// Outputs (store, CSV, alerts) attach as signal listeners and observers; the
// engine knows none of them.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "detect/failover.h"
#include "detect/local_loss.h"
#include "detect/notice.h"
#include "detect/outage_detector.h"
#include "feed/route_event.h"
#include "rib/rib_state.h"
#include "signal/fanout.h"
#include "signal/visibility.h"

namespace dw::engine {

// The data clock moving forward by more than this is a gap in the data, not
// time that passed with nothing heard (engine.cpp, Engine::leap).
inline constexpr uint32_t kMaxClockJump = 86400;

struct EngineConfig {
  uint32_t bin_seconds = 300;
  detect::DetectorConfig detector;
  bool list_differences = false;  // hand every RIB difference to the observer, not only the count
};

class Engine : public feed::EventSink {
 public:
  Engine(const geo::CountryDb* geo, EngineConfig cfg);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Outputs, after the detector and the notice trackers, in the order added.
  void add_output(signal::SignalListener* l) { fanout_.add(l); }
  // A later RIB dump was compared with the state built from updates.
  using RibCheck = std::function<void(std::string_view source, uint32_t ts, uint64_t differences,
                                      const std::vector<std::string>& listed)>;
  void on_rib_checked(RibCheck f) { rib_check_ = std::move(f); }
  // A source lost a record or message (the text names what and where).
  void on_damage(std::function<void(std::string_view source, const std::string& text)> f) { damage_ = std::move(f); }

  void on_event(const feed::RouteEvent& e) override;
  // Hints that e comes soon: they start loading what applying it will read.
  // A batch's consumer calls prefetch some events ahead and prefetch_late
  // about half as far (watch::Runtime), so the cache misses of large tables
  // overlap instead of stalling one by one; the late step follows pointers
  // the early one brought in.
  void prefetch(const feed::RouteEvent& e) const {
    if (e.kind != feed::EventKind::Element || e.elem.type == bgp::ElemType::PeerState) return;
    rib_.prefetch(e.elem.prefix);
    vis_.prefetch(e.elem.prefix, e.elem.attrs ? e.elem.attrs->as_path.origin() : 0);
  }
  void prefetch_late(const feed::RouteEvent& e) const {
    if (e.kind != feed::EventKind::Element || !e.elem.attrs) return;
    vis_.prefetch_entity(e.elem.attrs->as_path.origin());
  }
  // Ends the run at `until` (default: the latest time seen): open sessions'
  // and trackers' notices, open episodes closed.
  void finish(std::optional<uint32_t> until = std::nullopt);

  rib::RibState& rib() { return rib_; }
  const rib::RibState& rib() const { return rib_; }
  signal::VisibilityCounter& visibility() { return vis_; }
  detect::OutageDetector& detector() { return det_; }
  const detect::OutageDetector& detector() const { return det_; }
  const std::vector<detect::Notice>& notices() const { return notices_; }
  uint32_t first_ts() const { return t0_; }
  uint32_t last_ts() const { return end_; }
  uint32_t now() const { return now_; }  // the latest event time seen
  uint64_t elements() const { return elements_; }  // update elements (RIB entries not counted)
  uint64_t rib_differences() const { return diffs_; }
  uint64_t damaged() const { return damaged_; }
  // The sequence number reached per source (what a restart resumes after).
  const std::map<std::string, uint64_t, std::less<>>& positions() const { return seq_; }

  // Checkpoints (engine/checkpoint.cpp, docs/engine.md "Checkpoints and warm
  // start"): everything the engine owns, as versioned bytes: routing state,
  // signals, the detector's baselines and open events, the trackers, open
  // sessions, the clock and the position per source. Not inside a RIB dump
  // (an error then: the next event boundary after the dump is the place).
  bgp::Result<std::vector<uint8_t>> checkpoint() const;
  // Into a fresh engine (no event yet) of the same configuration: a damaged,
  // truncated or older checkpoint, or one from another configuration, is
  // refused with the reason and leaves the engine as it was (cold).
  bgp::Status restore(std::span<const uint8_t> bytes);
  // What a checkpoint's configuration must equal (bin width, detection
  // settings, geography): shown when one is refused.
  std::string config_text() const;
  // Calls f after the event that moves the clock past each multiple of
  // `seconds` of event time (outside RIB dumps): where a caller saves one.
  void checkpoint_every(uint32_t seconds, std::function<void(uint32_t ts)> f) {
    ckpt_every_ = seconds, ckpt_ = std::move(f), ckpt_next_ = 0;
  }
  bool started() const { return started_; }
  template <class S>
  void state_io(S& s);  // the engine's own section (engine/checkpoint.cpp)

 private:
  void start(uint32_t ts);
  void tick(const std::string& source, uint32_t ts);
  void leap(const std::string& source, uint32_t ts);
  void element(const std::string& source, const bgp::Element& e);
  void rib_end(const std::string& source, const feed::RouteEvent& e);
  void gap(const std::string& source, uint32_t from, uint32_t to, const std::string& reason);
  const std::string& source_name(std::string_view s);
  void maybe_checkpoint();
  bgp::Status load(std::span<const uint8_t> bytes);

  EngineConfig cfg_;
  const geo::CountryDb* geo_;
  rib::RibState rib_;
  signal::VisibilityCounter vis_;
  detect::OutageDetector det_;
  detect::LocalLossTracker local_;
  detect::FailoverTracker failover_;
  signal::SignalFanout fanout_;
  RibCheck rib_check_;
  std::function<void(std::string_view, const std::string&)> damage_;

  std::vector<detect::Notice> notices_;
  std::map<rib::PeerId, uint32_t> down_since_;
  // RibState keys collectors by string (and caches by its address): one stable string per source
  std::map<std::string, uint64_t, std::less<>> seq_;
  const char* last_src_data_ = nullptr;
  size_t last_src_size_ = 0;
  const std::string* last_src_ = nullptr;
  uint64_t* last_seq_ = nullptr;
  bool started_ = false, in_dump_ = false;
  uint32_t t0_ = 0, now_ = 0, last_tick_ = 0, end_ = 0;
  uint32_t covered_ = 0;  // the end of the latest gap a source declared: the clock may move to it at once
  uint32_t heard_ = 0;  // the latest element time (elements do not move the clock; a leap is measured from it too)
  uint64_t elements_ = 0, diffs_ = 0, damaged_ = 0;
  uint32_t ckpt_every_ = 0, ckpt_next_ = 0;
  std::function<void(uint32_t)> ckpt_;
};

}  // namespace dw::engine
