// The store's schema (docs/store.md explains each column). One database holds
// one run: the replay writes it, `signal`, `detect --db` and `report` read it.
#pragma once

namespace dw::store {

inline constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entity (
  id INTEGER PRIMARY KEY, type TEXT NOT NULL, code TEXT NOT NULL, name TEXT,
  UNIQUE (type, code));
CREATE TABLE IF NOT EXISTS signal (
  entity INTEGER NOT NULL REFERENCES entity(id), bin INTEGER NOT NULL,
  ipv4_24s INTEGER NOT NULL, ipv6_48s INTEGER NOT NULL, prefixes INTEGER NOT NULL,
  ipv4_24s_low INTEGER NOT NULL, ipv6_48s_low INTEGER NOT NULL, prefixes_low INTEGER NOT NULL,
  announcements INTEGER NOT NULL, withdrawals INTEGER NOT NULL,
  full_peers_up INTEGER NOT NULL, upstreams INTEGER NOT NULL,
  PRIMARY KEY (entity, bin)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS change (
  entity INTEGER NOT NULL, ts INTEGER NOT NULL,
  ipv4_24s INTEGER NOT NULL, ipv6_48s INTEGER NOT NULL, prefixes INTEGER NOT NULL,
  prefix TEXT NOT NULL, visible INTEGER NOT NULL,
  recount INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS change_by_time ON change (ts);
CREATE TABLE IF NOT EXISTS event (
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, entity_type TEXT, entity_code TEXT,
  start INTEGER NOT NULL, "end" INTEGER, severity REAL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS event_by_entity ON event (entity_type, entity_code, start);
CREATE TABLE IF NOT EXISTS checkpoint (key TEXT PRIMARY KEY, ts INTEGER NOT NULL, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS profile (
  entity TEXT NOT NULL, day INTEGER NOT NULL, ts INTEGER NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (entity, day)) WITHOUT ROWID;
)sql";

}  // namespace dw::store
