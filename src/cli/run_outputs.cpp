#include "cli/run_outputs.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "cli/geo_choice.h"
#include "cli/modules.h"
#include "detect/event_json.h"

namespace dw::cli {

RunOutputs::RunOutputs(OutputOptions o) : o_(std::move(o)) {
  if (o_.db.empty()) return;
  if (o_.live_store) {
    if (std::filesystem::exists(o_.db))
      if (auto why = store::why_not_a_store(o_.db); !why.empty())
        throw std::runtime_error(o_.db + ": " + why + ", refusing to replace it");
  } else {
    staged_ = std::make_unique<store::StagedStore>(o_.db);
  }
}

RunOutputs::~RunOutputs() = default;

void RunOutputs::open() {
  if (!o_.as_names.empty() && o_.as_names != "none" && !std::filesystem::is_regular_file(o_.as_names))
    throw std::runtime_error("--as-names " + o_.as_names + ": no such file");
  if (!o_.events.empty()) events_ = std::make_unique<OutputFile>(o_.events);
}

void RunOutputs::attach(engine::Engine& eng, const geo::CountryDb* geo) {
  auto& det = eng.detector();
  std::string path = o_.as_names.empty() ? find_data_file("third_party/asn/as-names.csv") : o_.as_names;
  if (!path.empty() && path != "none") names_ = geo::AsNames::load(path);
  if (names_.size()) det.set_names(&names_);
  for (const auto& f : o_.alert_files) alerts_.add(alert::jsonl_sink(f));
  for (const auto& u : o_.alert_webhooks) alerts_.add(alert::webhook_sink(u, http_post()));
  if (o_.alert_syslog) alerts_.add(alert::syslog_sink());
  if (!alerts_.empty())
    det.add_observer([this, &det](const detect::Event& e, bool closed) {
      alerts_.send(alert::make_alert(det.record(e), closed));
      ++alerts_sent_;
    });
  if (o_.db.empty()) return;
  if (o_.live_store && !o_.append_store) std::filesystem::remove(o_.db);  // checked above: absent or a darkwatch store
  db_ = std::make_unique<store::SignalStore>(staged_ ? staged_->temp_path() : o_.db, eng.rib(), eng.visibility(),
                                             o_.live_store && o_.append_store);
  db_->set_meta("bin_seconds", std::to_string(o_.bin));
  db_->set_meta("geography", geo ? geo->describe() : "none");
  db_->set_meta("archives", o_.inputs);
  db_->set_meta("darkwatch_version", "0.1.0");
  if (names_.size()) db_->set_names(&names_);
  if (o_.live_store) db_->set_live();  // readers (watch --http) see it from now on, a bin at a time
  eng.add_output(db_.get());
}

void RunOutputs::finish(engine::Engine& eng) {
  const auto& det = eng.detector();
  const auto& notices = eng.notices();
  auto reported = [&](std::optional<uint32_t> end) { return !o_.report_from || !end || *end >= o_.report_from; };
  if (events_) {
    std::vector<std::pair<uint32_t, std::string>> lines;  // (start, json)
    for (const auto& e : det.events())
      if (reported(e.end)) lines.push_back({e.start, det.to_json(e)});
    for (const auto& n : notices)
      if (reported(n.end)) lines.push_back({n.start, detect::to_json(n)});
    std::stable_sort(lines.begin(), lines.end());
    for (const auto& [s, j] : lines) events_->line(j);
    events_->close();
  }
  if (!alerts_.empty())
    fprintf(stderr, "darkwatch: %llu alerts sent, %llu failed\n", (unsigned long long)alerts_sent_,
            (unsigned long long)alerts_.failures());
  if (db_) {
    for (const auto& e : det.events())
      if (reported(e.end)) db_->add_event(det.record(e));
    for (const auto& n : notices)
      if (reported(n.end)) db_->add_notice(n);
    db_->set_meta("first_ts", std::to_string(eng.first_ts()));
    db_->set_meta("last_ts", std::to_string(eng.last_ts()));
    db_->set_meta("ignored_space", eng.visibility().ignored_summary());
    db_->finish();
    uint64_t rows = db_->rows_written();
    db_.reset();  // closed before it is renamed into place
    if (staged_) staged_->commit();
    fprintf(stderr, "darkwatch: stored %llu signal rows in %s\n", (unsigned long long)rows, o_.db.c_str());
  }
}

}  // namespace dw::cli
