// Writes a replay into the store as it runs: each closed bin's rows (only the
// entities whose row differs from their previous one: readers carry values
// forward), every step change of an entity's visible space to the second, and
// at the end the events and notices. Batched into transactions per bin.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "detect/event.h"
#include "detect/notice.h"
#include "geo/as_names.h"
#include "signal/visibility.h"
#include "store/sqlite_db.h"

namespace dw::store {

class SignalStore : public signal::SignalListener {
 public:
  // Creates the database (replacing a previous run's content), or with
  // `append` goes on writing one that a run restored from its checkpoint left
  // (its entities keep their rows). Throws at the edge.
  SignalStore(const std::string& path, const rib::RibState& rib, const signal::VisibilityCounter& vis,
              bool append = false);
  ~SignalStore() override;
  void set_meta(const std::string& key, const std::string& value);
  // AS names for the entity table (asn -> name); optional.
  void set_names(const geo::AsNames* names) { names_ = names; }

  void on_change(signal::EntityId, const signal::Values& before, const signal::Values& after, rib::PrefixId p,
                 bool visible, uint32_t ts, rib::ChangeCause cause) override;
  void on_bin(uint32_t bin_start, uint32_t bin_end) override;

  // Typed columns (kind, entity, start, end, severity) and the event's JSON.
  void add_event(const detect::EventRecord& e);
  void add_notice(const detect::Notice& n);
  // The engine's checkpoint under `key`, in one transaction with every row
  // written so far: a restart from it finds the store exactly as far as the
  // checkpoint is (docs/engine.md "Checkpoints and warm start").
  void save_checkpoint(const std::string& key, uint32_t ts, const std::vector<uint8_t>& bytes);
  // One exposure profile of an entity ("country:KP") for the UTC day of ts,
  // as the exposure stage's JSON (docs/exposure.md); a later one that day replaces it.
  void add_profile(const std::string& entity, uint32_t ts, const std::string& json);
  // watch: readers (the HTTP API) see the store as it grows: what is
  // written so far is committed now, and from then on every bin is committed
  // as it closes with meta first_ts/last_ts moved to it (a replay commits
  // every few hours of data and writes them at the end).
  void set_live();
  void finish();  // commits what is pending
  uint64_t rows_written() const { return rows_; }

 private:
  int64_t entity_row(signal::EntityId id);
  const rib::RibState& rib_;
  const signal::VisibilityCounter& vis_;
  Database db_;
  std::unique_ptr<Statement> ins_entity_, ins_signal_, ins_change_, ins_event_, ins_meta_, ins_checkpoint_, ins_profile_, find_entity_;
  std::vector<int64_t> entity_rows_;  // EntityId -> entity.id (0: not written yet)
  const geo::AsNames* names_ = nullptr;
  uint64_t rows_ = 0, pending_ = 0;
  bool in_tx_ = false;
  bool live_ = false, first_written_ = false;
};

}  // namespace dw::store
