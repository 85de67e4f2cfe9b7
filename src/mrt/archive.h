// Archives laid out as collectors publish them: RouteViews
// (<collector>/RIBS/rib.YYYYMMDD.HHMM.*, <collector>/UPDATES/updates.*) and RIPE
// RIS (<collector>/bview.YYYYMMDD.HHMM.*, <collector>/updates.*).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dw::mrt {

struct ArchiveFile {
  std::string path;
  uint32_t ts = 0;  // from the file name
};

struct CollectorArchive {
  std::string name;
  std::vector<ArchiveFile> ribs, updates;  // sorted by time
  uint32_t update_interval = 0;            // the usual spacing of update files
};

// Walks directories (any depth) and takes explicit files too; a file's
// collector is its folder (the one above RIBS/ or UPDATES/ for RouteViews).
std::vector<CollectorArchive> discover_archive(const std::vector<std::string>& paths);

}  // namespace dw::mrt
