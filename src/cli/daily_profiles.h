// Exposure profiles during a replay: every country and every origin AS once
// per UTC day of archive time (at the first bin that closes in the day), into
// the store, and the latest sentence per entity for outage explanations.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "exposure/path_keeper.h"
#include "geo/as_names.h"
#include "geo/country_db.h"
#include "signal/visibility.h"
#include "store/signal_store.h"

namespace dw::cli {

// When geo (a MaxMind-format file) has no AS registrations: the bundled RIR
// snapshot's, for exposure's "registered outside the country"; null otherwise.
std::unique_ptr<geo::CountryDb> as_registry_for(const geo::CountryDb* geo);

class DailyProfiles : public signal::SignalListener {
 public:
  DailyProfiles(const exposure::PathKeeper& paths, const geo::CountryDb* geo, const geo::CountryDb* as_registry,
                const geo::AsNames* names, store::SignalStore* db)
      : paths_(paths), geo_(geo), as_registry_(as_registry), names_(names), db_(db) {}
  void on_change(signal::EntityId, const signal::Values&, const signal::Values&, rib::PrefixId, bool, uint32_t,
                 rib::ChangeCause) override {}
  void on_bin(uint32_t, uint32_t bin_end) override {
    if (!taken_ || bin_end / 86400 != day_) take(bin_end);
  }
  void take(uint32_t ts);
  // The sentence of the entity's latest profile that saw any of its space.
  std::string note(const signal::EntityKey& k) const;
  uint64_t profiles() const { return profiles_; }
  double seconds() const { return seconds_; }

 private:
  const exposure::PathKeeper& paths_;
  const geo::CountryDb* geo_;
  const geo::CountryDb* as_registry_;
  const geo::AsNames* names_;
  store::SignalStore* db_;
  bool taken_ = false;
  uint32_t day_ = 0;
  uint64_t profiles_ = 0;
  double seconds_ = 0;
  std::unordered_map<std::string, std::string> notes_;
};

}  // namespace dw::cli
