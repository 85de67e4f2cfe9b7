// The file behind a store. A replay never writes over what it did not write:
// the path must be absent or hold a darkwatch database (an SQLite file with
// darkwatch's meta table), and the new run is written beside it under a
// temporary name and renamed into place only when the run succeeded, so a
// failed or interrupted run leaves the previous database as it was.
#pragma once
#include <string>

namespace dw::store {

// Empty when path holds a darkwatch database; otherwise why it does not
// ("no such file", "is a directory", "not an SQLite database", ...).
std::string why_not_a_store(const std::string& path);

// For readers: throws "PATH: why" unless path holds a darkwatch database.
void require_store(const std::string& path);

class StagedStore {
 public:
  // Throws "PATH: why, refusing to replace it" when target exists and is
  // not a darkwatch database (or its folder cannot take a new file).
  explicit StagedStore(std::string target);
  ~StagedStore();  // not committed: the temporary file goes
  StagedStore(const StagedStore&) = delete;
  StagedStore& operator=(const StagedStore&) = delete;

  // Where the run writes (same folder as the target, so the rename is atomic).
  const std::string& temp_path() const { return temp_; }
  const std::string& target() const { return target_; }
  // The store at temp_path() must be closed: renames it onto the target.
  void commit();

 private:
  std::string target_, temp_;
  bool committed_ = false;
};

}  // namespace dw::store
