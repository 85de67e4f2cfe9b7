// The outputs a run of the engine writes, shared by `replay` and `watch`:
// the store (--db), the events file (--events), alerts (--alert,
// --alert-webhook, --alert-syslog) and the AS names they carry. Checked and
// opened before the work (open()), attached to the engine (attach()), and
// completed at the end (finish()).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "alert/alert.h"
#include "cli/output_file.h"
#include "engine/engine.h"
#include "geo/as_names.h"
#include "store/signal_store.h"
#include "store/store_file.h"

namespace dw::cli {

struct OutputOptions {
  std::string events, db, as_names;
  std::vector<std::string> alert_files, alert_webhooks;
  bool alert_syslog = false;
  uint32_t bin = 300;
  std::string inputs;  // the store's meta "archives": what the run read
  // watch: the database is written in place as bins close (readers see it
  // live) instead of beside it and renamed at the end
  bool live_store = false;
  // watch restarted from the checkpoint in the store: the run goes on
  // writing it (its rows kept) instead of replacing it
  bool append_store = false;
  // after a warm start: events and notices over before this time are the
  // warm period's, not reported (0: all)
  uint32_t report_from = 0;
};

class RunOutputs {
 public:
  // The store's target is checked first (a path that is not a darkwatch
  // database is refused before anything is read).
  explicit RunOutputs(OutputOptions o);
  ~RunOutputs();
  // The AS names file checked and the events file opened (truncated): the
  // last checks before the work.
  void open();
  // AS names, alerts (the detector's observer) and the store (an output).
  void attach(engine::Engine& eng, const geo::CountryDb* geo);
  // After Engine::finish: events and notices written to the events file and
  // the store, the store committed. Prints what it did to stderr.
  void finish(engine::Engine& eng);
  uint64_t alerts_sent() const { return alerts_sent_; }
  // After attach(): the store (null without --db) and the AS names loaded
  // (null when none), for outputs written beside them (daily profiles).
  store::SignalStore* store() const { return db_.get(); }
  const geo::AsNames* names() const { return names_.size() ? &names_ : nullptr; }

 private:
  OutputOptions o_;
  std::unique_ptr<store::StagedStore> staged_;
  std::unique_ptr<OutputFile> events_;
  geo::AsNames names_;
  alert::Alerter alerts_;
  uint64_t alerts_sent_ = 0;
  std::unique_ptr<store::SignalStore> db_;
};

}  // namespace dw::cli
