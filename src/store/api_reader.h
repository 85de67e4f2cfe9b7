// The indexed, bounded queries the HTTP API (src/api) runs over a stored run,
// on a read-only connection of its own. One ApiReader per thread (a SQLite
// connection is not shared across the server's workers). Everything here is
// plain rows; the API shapes them into JSON.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite_db.h"

namespace dw::store {

struct EntityRow {
  int64_t id = 0;
  std::string type, code, name;
};

// The entity's latest stored row (its values at the store's end, rows being
// sparse) and the highest visible space in the day before `since`.
struct EntityNow {
  bool have = false;
  int64_t v4 = 0, v6 = 0, prefixes = 0;
  int64_t upstreams = 0, peers = 0;
  int64_t max_v4_day = 0, max_v6_day = 0;
};

// A bin's stored row: end values, lowest inside, churn, peers, upstreams.
struct BinValues {
  uint32_t bin = 0;
  int64_t v4 = 0, v6 = 0, prefixes = 0, v4_low = 0, v6_low = 0, prefixes_low = 0;
  int64_t churn = 0, peers = 0, upstreams = 0;
};

struct EventRow {
  int64_t id = 0;
  std::string kind, entity_type, entity_code;
  uint32_t start = 0;
  std::optional<uint32_t> end;
  std::optional<double> severity;
  std::string json;
};

// A stored exposure profile (docs/exposure.md): its UTC day, when it was
// taken, and its JSON.
struct ProfileRow {
  uint32_t day = 0, ts = 0;
  std::string json;
};

struct EventFilter {
  uint32_t from = 0, until = UINT32_MAX;  // overlapping [from, until)
  std::string entity_type, entity_code;    // empty: any
  std::vector<std::string> kinds;          // empty: any
  bool events_only = true;                 // outages and instability, no notices
};

class ApiReader {
 public:
  explicit ApiReader(const std::string& path);  // throws when it is not a darkwatch store
  uint32_t bin_seconds() const { return bin_; }
  // the run's first and last times (meta first_ts/last_ts, else the bins)
  uint32_t first_ts() const { return first_; }
  uint32_t last_ts() const { return last_; }
  // Re-reads first/last times (a store `watch` is still writing grows).
  void refresh();

  // Countries and ASes (type empty: both), in id order.
  std::vector<EntityRow> entities(const std::string& type) const;
  std::optional<EntityRow> entity(const std::string& type, const std::string& code) const;
  // Names of ASes the store holds as entities (others: empty).
  std::string as_name(uint32_t asn) const;
  // Entities of `type` sharing a prefix with entity `id` in the change table.
  std::vector<int64_t> related(int64_t id, const std::string& type) const;
  EntityNow now(int64_t id, uint32_t day_end) const;

  // The stored rows of [from, until) and, first, the last row before `from`
  // (its end values carry into the window), in bin order.
  std::vector<BinValues> rows(int64_t id, uint32_t from, uint32_t until, std::optional<BinValues>& before) const;

  // Events overlapping the filter's window; total counts them all, the vector
  // holds [offset, offset + limit) in the order asked (by start, or by score).
  std::vector<EventRow> events(const EventFilter& f, bool by_score, size_t limit, size_t offset, size_t& total) const;
  std::optional<EventRow> event(int64_t id) const;
  // The last event (outage or instability) of an entity, by start.
  std::optional<EventRow> last_event(const std::string& type, const std::string& code) const;
  // Exposure profiles of an entity ("country:KP"): the latest taken at or
  // before `at`; and every stored day overlapping [from, until), oldest
  // first. Stores written before profiles have none.
  std::optional<ProfileRow> profile(const std::string& entity_key, uint32_t at) const;
  std::vector<ProfileRow> profile_days(const std::string& entity_key, uint32_t from, uint32_t until) const;
  bool has_table(const std::string& name) const;

 private:
  void read_rows(const Database& db, int64_t id, uint32_t from, uint32_t until, std::vector<BinValues>& out) const;
  std::string path_;
  Database db_;
  // a second connection of this reader's own: a long window's later half is
  // read on it, on another thread, while db_ reads the first (two cores)
  mutable std::unique_ptr<Database> second_;
  uint32_t bin_ = 300, first_ = 0, last_ = 0;
  bool have_range_meta_ = false;
};

// score of an event row, as docs/api.md defines it: outage: severity times
// minutes (open: up to `now`); instability: its episodes.
double event_score(const EventRow& e, uint32_t now);

}  // namespace dw::store
