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
  uint32_t ts = 0;  // from the file name (or, for a file named otherwise, its first record)
};

struct CollectorArchive {
  std::string name;
  std::vector<ArchiveFile> ribs, updates;  // sorted by time
  uint32_t update_interval = 0;            // the usual spacing of update files
};

// Walks directories (any depth: files named rib.*, bview.*, updates.* with a
// date) and takes explicit files too, whatever their name: one whose name
// says nothing is classified by its first record (TABLE_DUMP/TABLE_DUMP_V2 a
// RIB dump, BGP4MP an update file, timed by that record). A file's collector
// is its folder (the one above RIBS/ or UPDATES/ for RouteViews). Throws
// "PATH: why" for a path that does not exist or an explicit file that is not
// MRT (an edge: the user's arguments).
std::vector<CollectorArchive> discover_archive(const std::vector<std::string>& paths);

}  // namespace dw::mrt
