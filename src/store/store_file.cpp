#include "store/store_file.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace dw::store {

namespace fs = std::filesystem;

namespace {

void remove_with_journal(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// An interrupted run (Ctrl-C, kill) leaves no temporary database behind: the
// handler may only unlink, so the names are kept ready in static buffers.
char g_staged[4][4096];
void remove_staged_and_die(int sig) {
  for (auto& p : g_staged)
    if (p[0]) unlink(p);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}
void watch_interrupts(const std::string& temp) {
  const char* suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < 4; ++i) {
    std::string p = temp + suffixes[i];
    if (p.size() >= sizeof g_staged[i]) return;  // too long to keep: left to the destructor
    std::memcpy(g_staged[i], p.c_str(), p.size() + 1);
  }
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_staged_and_die);
}
void unwatch_interrupts() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, SIG_DFL);
  for (auto& p : g_staged) p[0] = 0;
}

}  // namespace

std::string why_not_a_store(const std::string& path) {
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (!fs::exists(st)) return "no such file";
  if (fs::is_directory(st)) return "is a directory, not a darkwatch database";
  if (!fs::is_regular_file(st)) return "not a regular file, not a darkwatch database";
  if (access(path.c_str(), R_OK) != 0) return std::strerror(errno);
  sqlite3* db = nullptr;
  std::string why;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    why = std::string("not an SQLite database (") + (db ? sqlite3_errmsg(db) : "out of memory") + ")";
  } else {
    sqlite3_stmt* st_meta = nullptr;
    const char* q = "SELECT count(*) FROM meta WHERE key IN ('bin_seconds', 'darkwatch_version')";
    if (sqlite3_prepare_v2(db, q, -1, &st_meta, nullptr) != SQLITE_OK) {
      std::string m = sqlite3_errmsg(db);
      why = m.find("no such table") != std::string::npos ? "an SQLite database, but not darkwatch's (no meta table)"
                                                         : "not a darkwatch database (" + m + ")";
    } else if (sqlite3_step(st_meta) != SQLITE_ROW || sqlite3_column_int(st_meta, 0) == 0) {
      why = "an SQLite database, but not darkwatch's (no bin_seconds or darkwatch_version in meta)";
    }
    sqlite3_finalize(st_meta);
  }
  sqlite3_close(db);
  return why;
}

void require_store(const std::string& path) {
  if (auto why = why_not_a_store(path); !why.empty()) throw std::runtime_error(path + ": " + why);
}

StagedStore::StagedStore(std::string target) : target_(std::move(target)) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(target_, ec))) {
    auto why = why_not_a_store(target_);
    if (!why.empty()) throw std::runtime_error("--db " + target_ + ": " + why + "; refusing to replace it");
  }
  fs::path t(target_);
  fs::path dir = t.parent_path().empty() ? fs::path(".") : t.parent_path();
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("--db " + target_ + ": no folder " + dir.string());
  if (access(dir.c_str(), W_OK) != 0)
    throw std::runtime_error("--db " + target_ + ": cannot write in " + dir.string() + ": " + std::strerror(errno));
  temp_ = (dir / ("." + t.filename().string() + ".tmp-" + std::to_string(getpid()))).string();
  remove_with_journal(temp_);
  watch_interrupts(temp_);
}

StagedStore::~StagedStore() {
  unwatch_interrupts();
  if (!committed_) remove_with_journal(temp_);
}

void StagedStore::commit() {
  // the old database's journal must not outlive it: SQLite would apply it to the new file
  std::error_code ec;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(target_ + suffix, ec);
  if (std::rename(temp_.c_str(), target_.c_str()) != 0)
    throw std::runtime_error("--db " + target_ + ": cannot rename " + temp_ + " into place: " + std::strerror(errno));
  committed_ = true;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(temp_ + suffix, ec);
}

}  // namespace dw::store
