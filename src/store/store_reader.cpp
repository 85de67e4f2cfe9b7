#include "store/store_reader.h"

#include <stdexcept>

#include "detect/event_json.h"
#include "signal/visibility.h"
#include "store/store_file.h"

namespace dw::store {

StoreReader::StoreReader(const std::string& path) : db_((require_store(path), path), true) {
  Statement st(db_.handle(), "SELECT value FROM meta WHERE key = 'bin_seconds'");
  if (!st.step()) throw std::runtime_error(path + ": not a darkwatch store (no bin_seconds in meta)");
  bin_ = static_cast<uint32_t>(std::stoul(st.text(0)));
  Statement range(db_.handle(), "SELECT min(bin), max(bin) FROM signal");
  if (range.step() && !range.is_null(0)) {
    first_ = static_cast<uint32_t>(range.i64(0));
    last_ = static_cast<uint32_t>(range.i64(1));
  }
  Statement t(db_.handle(), "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'profile'");
  has_profiles_ = t.step();
}

static StoredProfile profile_of(const Statement& st) {
  return {st.text(0), static_cast<uint32_t>(st.i64(1)), static_cast<uint32_t>(st.i64(2)), st.text(3)};
}

std::optional<StoredProfile> StoreReader::profile(const std::string& key, std::optional<uint32_t> at) const {
  if (!has_profiles_) return std::nullopt;
  Statement st(db_.handle(),
               "SELECT entity, day, ts, json FROM profile WHERE entity = ? AND ts <= ? ORDER BY day DESC LIMIT 1");
  st.bind(1, key).bind(2, int64_t{at.value_or(UINT32_MAX)});
  if (!st.step()) return std::nullopt;
  return profile_of(st);
}

std::vector<StoredProfile> StoreReader::profile_days(const std::string& key) const {
  std::vector<StoredProfile> out;
  if (!has_profiles_) return out;
  Statement st(db_.handle(), "SELECT entity, day, ts, json FROM profile WHERE entity = ? ORDER BY day");
  st.bind(1, key);
  while (st.step()) out.push_back(profile_of(st));
  return out;
}

std::vector<StoredProfile> StoreReader::profiles(const std::string& prefix, std::optional<uint32_t> at) const {
  std::vector<StoredProfile> out;
  if (!has_profiles_) return out;
  // the latest row at or before `at` of each entity
  Statement st(db_.handle(),
               "SELECT p.entity, p.day, p.ts, p.json FROM profile p JOIN (SELECT entity, max(day) AS day FROM profile "
               "WHERE substr(entity, 1, length(?1)) = ?1 AND ts <= ?2 GROUP BY entity) l "
               "ON p.entity = l.entity AND p.day = l.day ORDER BY p.entity");
  st.bind(1, prefix).bind(2, int64_t{at.value_or(UINT32_MAX)});
  while (st.step()) out.push_back(profile_of(st));
  return out;
}

std::string StoreReader::meta(const std::string& key) const {
  Statement st(db_.handle(), "SELECT value FROM meta WHERE key = ?");
  st.bind(1, key);
  return st.step() ? st.text(0) : std::string();
}

std::vector<StoredEntity> StoreReader::entities() const {
  std::vector<StoredEntity> out;
  Statement st(db_.handle(), "SELECT id, type, code, coalesce(name, '') FROM entity ORDER BY id");
  while (st.step()) out.push_back({st.i64(0), st.text(1), st.text(2), st.text(3)});
  return out;
}

std::optional<StoredEntity> StoreReader::find(const std::string& key) const {
  auto k = signal::EntityKey::parse(key);
  if (!k) return std::nullopt;
  Statement st(db_.handle(), "SELECT id, type, code, coalesce(name, '') FROM entity WHERE type = ? AND code = ?");
  st.bind(1, std::string(k->type_name())).bind(2, k->code_str());
  if (!st.step()) return std::nullopt;
  return StoredEntity{st.i64(0), st.text(1), st.text(2), st.text(3)};
}

static SignalRow row_of(const Statement& st) {
  SignalRow r;
  r.bin = static_cast<uint32_t>(st.i64(0));
  r.v4 = st.i64(1), r.v6 = st.i64(2), r.prefixes = st.i64(3);
  r.v4_low = st.i64(4), r.v6_low = st.i64(5), r.prefixes_low = st.i64(6);
  r.announcements = static_cast<uint32_t>(st.i64(7));
  r.withdrawals = static_cast<uint32_t>(st.i64(8));
  r.peers = static_cast<uint32_t>(st.i64(9));
  r.upstreams = static_cast<uint32_t>(st.i64(10));
  return r;
}

std::vector<SignalRow> StoreReader::series(int64_t entity, uint32_t from, uint32_t until) const {
  std::vector<SignalRow> out;
  from -= from % bin_;
  if (until <= from) return out;
  SignalRow carry;  // the last row before the window, or zeros
  bool have = false;
  {
    Statement st(db_.handle(),
                 "SELECT bin, ipv4_24s, ipv6_48s, prefixes, ipv4_24s_low, ipv6_48s_low, prefixes_low, announcements, "
                 "withdrawals, full_peers_up, upstreams FROM signal WHERE entity = ? AND bin < ? ORDER BY bin DESC "
                 "LIMIT 1");
    st.bind(1, entity).bind(2, int64_t{from});
    if (st.step()) carry = row_of(st), have = true;
  }
  Statement st(db_.handle(),
               "SELECT bin, ipv4_24s, ipv6_48s, prefixes, ipv4_24s_low, ipv6_48s_low, prefixes_low, announcements, "
               "withdrawals, full_peers_up, upstreams FROM signal WHERE entity = ? AND bin >= ? AND bin < ? "
               "ORDER BY bin");
  st.bind(1, entity).bind(2, int64_t{from}).bind(3, int64_t{until});
  std::optional<SignalRow> next;
  if (st.step()) next = row_of(st);
  for (uint32_t b = from; b < until; b += bin_) {
    if (next && next->bin == b) {
      carry = *next;
      have = true;
      out.push_back(carry);
      next.reset();
      if (st.step()) next = row_of(st);
      continue;
    }
    if (!have) continue;  // before the entity was first seen
    SignalRow r = carry;
    r.bin = b;
    r.v4_low = r.v4, r.v6_low = r.v6, r.prefixes_low = r.prefixes;
    r.announcements = r.withdrawals = 0;
    out.push_back(r);
  }
  return out;
}

std::vector<StoredChange> StoreReader::changes(uint32_t from, uint32_t until) const {
  std::vector<StoredChange> out;
  Statement st(db_.handle(),
               "SELECT entity, ts, ipv4_24s, ipv6_48s, prefixes, prefix, visible, recount FROM change WHERE ts >= ? AND ts < ? "
               "ORDER BY ts, rowid");
  st.bind(1, int64_t{from}).bind(2, int64_t{until});
  while (st.step())
    out.push_back({st.i64(0), static_cast<uint32_t>(st.i64(1)), st.i64(2), st.i64(3), st.i64(4), st.text(5),
                   st.i64(6) != 0, st.i64(7) != 0});
  return out;
}

std::vector<StoredEvent> StoreReader::events(const std::string& key, uint32_t from, uint32_t until) const {
  std::vector<StoredEvent> out;
  std::string type, code;
  if (!key.empty()) {
    auto e = find(key);
    if (!e) return out;
    type = e->type, code = e->code;
  }
  Statement st(db_.handle(),
               "SELECT kind, coalesce(entity_type, ''), coalesce(entity_code, ''), start, \"end\", json FROM event "
               "WHERE start < ? AND (\"end\" IS NULL OR \"end\" >= ?) AND (? = '' OR (entity_type = ? AND "
               "entity_code = ?)) ORDER BY start");
  st.bind(1, int64_t{until}).bind(2, int64_t{from}).bind(3, type).bind(4, type).bind(5, code);
  while (st.step()) {
    StoredEvent e{st.text(0), st.text(1), st.text(2), static_cast<uint32_t>(st.i64(3)), std::nullopt, st.text(5), {}, {}};
    if (!st.is_null(4)) e.end = static_cast<uint32_t>(st.i64(4));
    if (detect::event_kind(e.kind)) e.event = detect::event_from_json(e.json);
    else if (detect::notice_kind(e.kind)) e.notice = detect::notice_from_json(e.json);
    out.push_back(std::move(e));
  }
  return out;
}

std::optional<StoredCheckpoint> StoreReader::checkpoint(const std::string& key) const {
  Statement has(db_.handle(), "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoint'");
  if (!has.step()) return std::nullopt;
  Statement q(db_.handle(), "SELECT ts, bytes FROM checkpoint WHERE key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return StoredCheckpoint{static_cast<uint32_t>(q.i64(0)), q.blob(1)};
}

}  // namespace dw::store
