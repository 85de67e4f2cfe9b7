// Reads a stored run: entities, a dense per-bin series of one entity (the
// sparse rows carried forward), step changes in time order, events.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/event.h"
#include "detect/notice.h"
#include "store/sqlite_db.h"

namespace dw::store {

struct SignalRow {
  uint32_t bin = 0;
  int64_t v4 = 0, v6 = 0, prefixes = 0;
  int64_t v4_low = 0, v6_low = 0, prefixes_low = 0;
  uint32_t announcements = 0, withdrawals = 0, peers = 0, upstreams = 0;
};

struct StoredEntity {
  int64_t id;
  std::string type, code, name;
  std::string key() const { return code.empty() ? type : type + ":" + code; }  // "table", "unplaced", "country:KP"
};

struct StoredChange {
  int64_t entity;
  uint32_t ts;
  int64_t v4, v6, prefixes;
  std::string prefix;
  bool visible;
  bool recount;  // from a change of who votes (a session came or went), not from a route
};

// One row of the event table: its typed columns, its JSON, and that JSON read
// back into the struct of its kind (an event or a notice; neither when the
// row was written by a darkwatch that wrote other kinds).
struct StoredEvent {
  std::string kind, entity_type, entity_code;
  uint32_t start;
  std::optional<uint32_t> end;
  std::string json;
  std::optional<detect::EventRecord> event;
  std::optional<detect::Notice> notice;
};

// The engine's checkpoint saved under a key (SignalStore::save_checkpoint).
struct StoredCheckpoint {
  uint32_t ts = 0;
  std::vector<uint8_t> bytes;
};

struct StoredProfile {
  std::string entity;
  uint32_t day = 0, ts = 0;
  std::string json;
};

class StoreReader {
 public:
  explicit StoreReader(const std::string& path);  // throws when it is not a darkwatch store
  std::string meta(const std::string& key) const;
  uint32_t bin_seconds() const { return bin_; }
  uint32_t first_bin() const { return first_; }
  uint32_t last_bin() const { return last_; }
  std::vector<StoredEntity> entities() const;
  // "country:KP", "asn:131279", "table"
  std::optional<StoredEntity> find(const std::string& key) const;
  // Every bin in [from, until): the stored rows, carried forward over the bins
  // with no row (no churn, values unchanged).
  std::vector<SignalRow> series(int64_t entity, uint32_t from, uint32_t until) const;
  std::vector<StoredChange> changes(uint32_t from, uint32_t until) const;
  // Events and notices overlapping [from, until); entity_key empty: all.
  std::vector<StoredEvent> events(const std::string& entity_key, uint32_t from, uint32_t until) const;
  // None when the store holds no checkpoint under key (or predates the table).
  std::optional<StoredCheckpoint> checkpoint(const std::string& key) const;
  // Exposure profiles (JSON, docs/exposure.md), one per entity and UTC day.
  // The entity's latest at or before `at` (the latest of all without it).
  std::optional<StoredProfile> profile(const std::string& entity_key, std::optional<uint32_t> at) const;
  // Every stored day of one entity, oldest first.
  std::vector<StoredProfile> profile_days(const std::string& entity_key) const;
  // Of every entity whose key starts with prefix ("country:"): each one's
  // latest at or before `at`.
  std::vector<StoredProfile> profiles(const std::string& key_prefix, std::optional<uint32_t> at) const;

 private:
  Database db_;
  uint32_t bin_ = 300, first_ = 0, last_ = 0;
  bool has_profiles_ = false;  // stores written before profiles have no table
};

}  // namespace dw::store
