#include "store/api_reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "store/store_file.h"

namespace dw::store {

namespace {

const char* kEventColumns = "id, kind, coalesce(entity_type, ''), coalesce(entity_code, ''), start, \"end\", severity, json";

EventRow event_of(const Statement& st) {
  EventRow e;
  e.id = st.i64(0);
  e.kind = st.text(1), e.entity_type = st.text(2), e.entity_code = st.text(3);
  e.start = static_cast<uint32_t>(st.i64(4));
  if (!st.is_null(5)) e.end = static_cast<uint32_t>(st.i64(5));
  if (!st.is_null(6)) e.severity = st.real(6);
  e.json = st.text(7);
  return e;
}

BinValues bin_of(const Statement& st) {
  BinValues b;
  b.bin = static_cast<uint32_t>(st.i64(0));
  b.v4 = st.i64(1), b.v6 = st.i64(2), b.prefixes = st.i64(3);
  b.v4_low = st.i64(4), b.v6_low = st.i64(5), b.prefixes_low = st.i64(6);
  b.churn = st.i64(7), b.peers = st.i64(8), b.upstreams = st.i64(9);
  return b;
}

const char* kBinColumns =
    "bin, ipv4_24s, ipv6_48s, prefixes, ipv4_24s_low, ipv6_48s_low, prefixes_low, announcements + withdrawals, "
    "full_peers_up, upstreams";

}  // namespace

double event_score(const EventRow& e, uint32_t now) {
  if (e.kind == "instability") {
    auto j = nlohmann::json::parse(e.json, nullptr, false);
    return j.is_object() && j.contains("episodes") && j["episodes"].is_number() ? j["episodes"].get<double>() : 0;
  }
  uint32_t end = e.end ? *e.end : std::max(now, e.start);
  return e.severity.value_or(0) * (end - e.start) / 60.0;
}

ApiReader::ApiReader(const std::string& path) : path_(path), db_((require_store(path), path), true) {
  Statement st(db_.handle(), "SELECT value FROM meta WHERE key = 'bin_seconds'");
  if (!st.step()) throw std::runtime_error(path + ": not a darkwatch store (no bin_seconds in meta)");
  bin_ = static_cast<uint32_t>(std::stoul(st.text(0)));
  if (bin_ == 0) throw std::runtime_error(path + ": bin_seconds is 0");
  // pages read through a memory map, not copied into each connection's own
  // cache: a year of one entity is thousands of pages, read by every worker
  db_.exec("PRAGMA mmap_size = 4294967296");
  refresh();
}

void ApiReader::refresh() {
  // meta's first_ts/last_ts (the replay writes them); else the bins, once:
  // min/max over every entity's rows is a scan of the table
  if (!have_range_meta_ && last_) return;
  Statement m(db_.handle(), "SELECT (SELECT value FROM meta WHERE key = 'first_ts'), (SELECT value FROM meta WHERE key = 'last_ts')");
  if (m.step() && !m.is_null(0) && !m.is_null(1)) {
    first_ = static_cast<uint32_t>(m.i64(0));
    last_ = static_cast<uint32_t>(m.i64(1));
    have_range_meta_ = true;
    return;
  }
  Statement range(db_.handle(), "SELECT min(bin), max(bin) FROM signal");
  if (range.step() && !range.is_null(0)) {
    first_ = static_cast<uint32_t>(range.i64(0));
    last_ = static_cast<uint32_t>(range.i64(1)) + bin_ - 1;
  }
}

std::vector<EntityRow> ApiReader::entities(const std::string& type) const {
  std::vector<EntityRow> out;
  Statement st(db_.handle(),
               "SELECT id, type, code, coalesce(name, '') FROM entity WHERE type IN ('country', 'asn') AND "
               "(?1 = '' OR type = ?1) ORDER BY id");
  st.bind(1, type);
  while (st.step()) out.push_back({st.i64(0), st.text(1), st.text(2), st.text(3)});
  return out;
}

std::optional<EntityRow> ApiReader::entity(const std::string& type, const std::string& code) const {
  Statement st(db_.handle(), "SELECT id, type, code, coalesce(name, '') FROM entity WHERE type = ? AND code = ?");
  st.bind(1, type).bind(2, code);
  if (!st.step()) return std::nullopt;
  return EntityRow{st.i64(0), st.text(1), st.text(2), st.text(3)};
}

std::string ApiReader::as_name(uint32_t asn) const {
  Statement st(db_.handle(), "SELECT coalesce(name, '') FROM entity WHERE type = 'asn' AND code = ?");
  st.bind(1, std::to_string(asn));
  return st.step() ? st.text(0) : std::string();
}

std::vector<int64_t> ApiReader::related(int64_t id, const std::string& type) const {
  std::vector<int64_t> out;
  Statement st(db_.handle(),
               "SELECT DISTINCT b.entity FROM change b JOIN entity e ON e.id = b.entity AND (?2 = '' OR e.type = ?2) "
               "AND e.type IN ('country', 'asn') "
               "WHERE b.entity != ?1 AND b.prefix IN (SELECT prefix FROM change WHERE entity = ?1)");
  st.bind(1, id).bind(2, type);
  while (st.step()) out.push_back(st.i64(0));
  return out;
}

EntityNow ApiReader::now(int64_t id, uint32_t day_end) const {
  EntityNow n;
  Statement last(db_.handle(),
                 "SELECT ipv4_24s, ipv6_48s, prefixes, upstreams, full_peers_up FROM signal WHERE entity = ? "
                 "ORDER BY bin DESC LIMIT 1");
  last.bind(1, id);
  if (!last.step()) return n;
  n.have = true;
  n.v4 = last.i64(0), n.v6 = last.i64(1), n.prefixes = last.i64(2), n.upstreams = last.i64(3), n.peers = last.i64(4);
  uint32_t day_start = day_end > 86400 ? day_end - 86400 : 0;
  // the day's rows, and the row before the day (its values held into it)
  Statement day(db_.handle(),
                "SELECT max(ipv4_24s), max(ipv6_48s) FROM (SELECT ipv4_24s, ipv6_48s FROM signal WHERE entity = ?1 "
                "AND bin >= ?2 UNION ALL SELECT * FROM (SELECT ipv4_24s, ipv6_48s FROM signal WHERE entity = ?1 AND "
                "bin < ?2 ORDER BY bin DESC LIMIT 1))");
  day.bind(1, id).bind(2, int64_t{day_start});
  if (day.step()) n.max_v4_day = day.i64(0), n.max_v6_day = day.i64(1);
  return n;
}

std::vector<BinValues> ApiReader::rows(int64_t id, uint32_t from, uint32_t until, std::optional<BinValues>& before) const {
  before.reset();
  {
    std::string sql = std::string("SELECT ") + kBinColumns + " FROM signal WHERE entity = ? AND bin < ? ORDER BY bin DESC LIMIT 1";
    Statement st(db_.handle(), sql.c_str());
    st.bind(1, id).bind(2, int64_t{from});
    if (st.step()) before = bin_of(st);
  }
  std::vector<BinValues> out;
  // a long window in two halves, the later one on a second connection and
  // thread: SQLite steps rows on one core per connection
  constexpr uint32_t kSplitBins = 20000;
  if (until > from && (until - from) / bin_ > kSplitBins) {
    uint32_t mid = from + ((until - from) / bin_ / 2) * bin_;
    if (!second_) {
      second_ = std::make_unique<Database>(path_, true);
      second_->exec("PRAGMA mmap_size = 4294967296");
    }
    std::vector<BinValues> later;
    std::exception_ptr failed;
    std::thread t([&] {
      try {
        read_rows(*second_, id, mid, until, later);
      } catch (...) {
        failed = std::current_exception();
      }
    });
    try {
      read_rows(db_, id, from, mid, out);
    } catch (...) {
      t.join();
      throw;
    }
    t.join();
    if (failed) std::rethrow_exception(failed);
    out.insert(out.end(), later.begin(), later.end());
    return out;
  }
  read_rows(db_, id, from, until, out);
  return out;
}

void ApiReader::read_rows(const Database& db, int64_t id, uint32_t from, uint32_t until, std::vector<BinValues>& out) const {
  if (until > from) out.reserve(out.size() + (until - from) / bin_ + 1);
  std::string sql = std::string("SELECT ") + kBinColumns + " FROM signal WHERE entity = ? AND bin >= ? AND bin < ? ORDER BY bin";
  Statement st(db.handle(), sql.c_str());
  st.bind(1, id).bind(2, int64_t{from}).bind(3, int64_t{until});
  while (st.step()) out.push_back(bin_of(st));
}

std::vector<EventRow> ApiReader::events(const EventFilter& f, bool by_score, size_t limit, size_t offset,
                                        size_t& total) const {
  // with an entity, the (entity_type, entity_code, start) index answers
  std::string sql = std::string("SELECT ") + kEventColumns + " FROM event WHERE start < ?1 AND (\"end\" IS NULL OR \"end\" >= ?2)";
  sql += f.entity_type.empty() ? " AND ?3 = '' AND ?4 = ''" : " AND entity_type = ?3 AND entity_code = ?4";
  if (f.events_only) sql += " AND kind IN ('outage', 'instability')";
  if (!f.kinds.empty()) {
    sql += " AND kind IN (";
    for (size_t i = 0; i < f.kinds.size(); ++i) sql += i ? ",?" : "?", sql += std::to_string(5 + i);
    sql += ")";
  }
  sql += " ORDER BY start, id";
  Statement st(db_.handle(), sql.c_str());
  st.bind(1, int64_t{f.until}).bind(2, int64_t{f.from}).bind(3, f.entity_type).bind(4, f.entity_code);
  for (size_t i = 0; i < f.kinds.size(); ++i) st.bind(static_cast<int>(5 + i), f.kinds[i]);
  std::vector<EventRow> all;
  while (st.step()) all.push_back(event_of(st));
  total = all.size();
  if (by_score) {
    std::vector<std::pair<double, size_t>> order;
    for (size_t i = 0; i < all.size(); ++i) order.push_back({-event_score(all[i], last_), i});
    std::stable_sort(order.begin(), order.end());
    std::vector<EventRow> sorted;
    for (auto& [s, i] : order) sorted.push_back(std::move(all[i]));
    all = std::move(sorted);
  }
  std::vector<EventRow> out;
  for (size_t i = offset; i < all.size() && out.size() < limit; ++i) out.push_back(std::move(all[i]));
  return out;
}

std::optional<EventRow> ApiReader::event(int64_t id) const {
  std::string sql = std::string("SELECT ") + kEventColumns + " FROM event WHERE id = ?";
  Statement st(db_.handle(), sql.c_str());
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return event_of(st);
}

std::optional<EventRow> ApiReader::last_event(const std::string& type, const std::string& code) const {
  std::string sql = std::string("SELECT ") + kEventColumns +
                    " FROM event WHERE entity_type = ? AND entity_code = ? AND kind IN ('outage', 'instability') "
                    "ORDER BY start DESC, id DESC LIMIT 1";
  Statement st(db_.handle(), sql.c_str());
  st.bind(1, type).bind(2, code);
  if (!st.step()) return std::nullopt;
  return event_of(st);
}

std::optional<ProfileRow> ApiReader::profile(const std::string& key, uint32_t at) const {
  if (!has_table("profile")) return std::nullopt;
  Statement st(db_.handle(), "SELECT day, ts, json FROM profile WHERE entity = ? AND ts <= ? ORDER BY day DESC LIMIT 1");
  st.bind(1, key).bind(2, int64_t{at});
  if (!st.step()) return std::nullopt;
  return ProfileRow{static_cast<uint32_t>(st.i64(0)), static_cast<uint32_t>(st.i64(1)), st.text(2)};
}

std::vector<ProfileRow> ApiReader::profile_days(const std::string& key, uint32_t from, uint32_t until) const {
  std::vector<ProfileRow> out;
  if (!has_table("profile")) return out;
  // the primary key (entity, day) keeps this an index range
  Statement st(db_.handle(), "SELECT day, ts, json FROM profile WHERE entity = ? AND day > ? AND day < ? ORDER BY day");
  st.bind(1, key).bind(2, int64_t{from} - 86400).bind(3, int64_t{until});
  while (st.step())
    out.push_back({static_cast<uint32_t>(st.i64(0)), static_cast<uint32_t>(st.i64(1)), st.text(2)});
  return out;
}

bool ApiReader::has_table(const std::string& name) const {
  Statement st(db_.handle(), "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  st.bind(1, name);
  return st.step();
}

}  // namespace dw::store
