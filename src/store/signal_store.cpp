#include "store/signal_store.h"

#include <cstdio>
#include <filesystem>

#include "detect/event_json.h"
#include "store/schema.h"

namespace dw::store {

namespace {
std::string remove_old(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
  return path;
}
}  // namespace

SignalStore::SignalStore(const std::string& path, const rib::RibState& rib, const signal::VisibilityCounter& vis,
                         bool append)
    : rib_(rib), vis_(vis), db_(append ? path : remove_old(path), false) {
  db_.exec(kSchema);
  ins_entity_ = std::make_unique<Statement>(db_.handle(), "INSERT INTO entity (type, code, name) VALUES (?, ?, ?)");
  ins_signal_ = std::make_unique<Statement>(
      db_.handle(), "INSERT OR REPLACE INTO signal VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  ins_change_ = std::make_unique<Statement>(db_.handle(), "INSERT INTO change VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  ins_event_ = std::make_unique<Statement>(
      db_.handle(),
      "INSERT INTO event (kind, entity_type, entity_code, start, \"end\", severity, json) VALUES (?, ?, ?, ?, ?, ?, ?)");
  ins_meta_ = std::make_unique<Statement>(db_.handle(), "INSERT OR REPLACE INTO meta VALUES (?, ?)");
  ins_checkpoint_ = std::make_unique<Statement>(db_.handle(), "INSERT OR REPLACE INTO checkpoint VALUES (?, ?, ?)");
  if (append) find_entity_ = std::make_unique<Statement>(db_.handle(), "SELECT id FROM entity WHERE type = ? AND code = ?");
  ins_profile_ = std::make_unique<Statement>(db_.handle(), "INSERT OR REPLACE INTO profile VALUES (?, ?, ?, ?)");
  db_.exec("BEGIN");
  in_tx_ = true;
}

SignalStore::~SignalStore() {
  try {
    finish();
  } catch (const std::exception& e) {
    fprintf(stderr, "darkwatch: store: %s\n", e.what());
  }
}

void SignalStore::set_meta(const std::string& key, const std::string& value) {
  ins_meta_->bind(1, key).bind(2, value).run();
}

int64_t SignalStore::entity_row(signal::EntityId id) {
  if (entity_rows_.size() <= id) entity_rows_.resize(id + 1, 0);
  if (entity_rows_[id]) return entity_rows_[id];
  const auto& k = vis_.entities()[id].key;
  if (find_entity_) {  // appending: the entity may have its row already
    find_entity_->bind(1, std::string(k.type_name())).bind(2, k.code_str());
    int64_t row = find_entity_->step() ? find_entity_->i64(0) : 0;
    find_entity_->reset();
    if (row) return entity_rows_[id] = row;
  }
  ins_entity_->bind(1, std::string(k.type_name())).bind(2, k.code_str());
  if (k.type == signal::EntityType::Asn && names_) {
    if (const auto* n = names_->find(k.code)) ins_entity_->bind(3, *n);
  }
  ins_entity_->run();
  return entity_rows_[id] = sqlite3_last_insert_rowid(db_.handle());
}

void SignalStore::on_change(signal::EntityId id, const signal::Values&, const signal::Values& after, rib::PrefixId p,
                            bool visible, uint32_t ts, rib::ChangeCause cause) {
  ins_change_->bind(1, entity_row(id))
      .bind(2, int64_t{ts})
      .bind(3, after.v4)
      .bind(4, after.v6)
      .bind(5, after.prefixes)
      .bind(6, rib_.prefixes()[p].prefix.str())
      .bind(7, int64_t{visible})
      .bind(8, int64_t{cause == rib::ChangeCause::SessionRecount})
      .run();
}

void SignalStore::on_bin(uint32_t bin_start, uint32_t bin_end) {
  const auto& ents = vis_.entities();
  for (signal::EntityId id = 0; id < ents.size(); ++id) {
    const auto& e = ents[id];
    if (!e.changed) continue;
    const auto& r = e.closed;
    ins_signal_->bind(1, entity_row(id))
        .bind(2, int64_t{bin_start})
        .bind(3, r.end.v4)
        .bind(4, r.end.v6)
        .bind(5, r.end.prefixes)
        .bind(6, r.low.v4)
        .bind(7, r.low.v6)
        .bind(8, r.low.prefixes)
        .bind(9, int64_t{r.announcements})
        .bind(10, int64_t{r.withdrawals})
        .bind(11, int64_t{r.peers})
        .bind(12, int64_t{r.upstreams})
        .run();
    ++rows_;
    ++pending_;
  }
  if (live_) {
    if (!first_written_) set_meta("first_ts", std::to_string(bin_start)), first_written_ = true;
    set_meta("last_ts", std::to_string(bin_end - 1));
  }
  // one transaction per few hours of archive keeps writes cheap and bounded
  if (live_ || pending_ > 200000 || bin_start % 14400 == 0) {
    pending_ = 0;
    db_.exec("COMMIT");
    db_.exec("BEGIN");
  }
}

void SignalStore::set_live() {
  live_ = true;
  if (in_tx_) db_.exec("COMMIT"), db_.exec("BEGIN");
}

void SignalStore::add_event(const detect::EventRecord& e) {
  ins_event_->bind(1, std::string(detect::kind_name(e.kind)))
      .bind(2, std::string(e.entity.type_name()))
      .bind(3, e.entity.code_str())
      .bind(4, int64_t{e.start});
  if (e.end) ins_event_->bind(5, int64_t{*e.end});
  if (e.kind == detect::EventKind::Outage) ins_event_->bind(6, e.severity);
  ins_event_->bind(7, detect::to_json(e)).run();
}

void SignalStore::add_notice(const detect::Notice& n) {
  ins_event_->bind(1, std::string(detect::kind_name(n.kind))).bind(4, int64_t{n.start}).bind(7, detect::to_json(n));
  if (n.end) ins_event_->bind(5, int64_t{*n.end});
  ins_event_->run();
}

void SignalStore::save_checkpoint(const std::string& key, uint32_t ts, const std::vector<uint8_t>& bytes) {
  if (!in_tx_) db_.exec("BEGIN"), in_tx_ = true;
  ins_checkpoint_->bind(1, key).bind(2, int64_t{ts}).bind_blob(3, bytes.data(), bytes.size()).run();
  pending_ = 0;
  db_.exec("COMMIT");
  db_.exec("BEGIN");
}

void SignalStore::add_profile(const std::string& entity, uint32_t ts, const std::string& json) {
  ins_profile_->bind(1, entity).bind(2, int64_t{ts - ts % 86400}).bind(3, int64_t{ts}).bind(4, json).run();
}

void SignalStore::finish() {
  if (!in_tx_) return;
  db_.exec("COMMIT");
  in_tx_ = false;
}

}  // namespace dw::store
