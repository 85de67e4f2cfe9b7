// A thin owner of a SQLite connection and its prepared statements: errors
// become exceptions here, at the edge of the data path (a store that cannot
// be written is a reason to stop, not a value to pass on).
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dw::store {

class Statement {
 public:
  Statement(sqlite3* db, const char* sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int i, int64_t v);
  Statement& bind(int i, double v);
  Statement& bind(int i, const std::string& v);
  Statement& bind_null(int i);
  Statement& bind_blob(int i, const uint8_t* data, size_t n);
  bool step();  // true while rows come
  void run();   // step once and reset
  void reset();
  int64_t i64(int col) const { return sqlite3_column_int64(st_, col); }
  double real(int col) const { return sqlite3_column_double(st_, col); }
  bool is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string text(int col) const;
  std::vector<uint8_t> blob(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

class Database {
 public:
  Database(const std::string& path, bool readonly);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  void exec(const char* sql);
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace dw::store
