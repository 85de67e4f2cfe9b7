#include "cli/replay_inputs.h"

#include <cstdio>
#include <stdexcept>

namespace dw::cli {

std::vector<mrt::CollectorArchive> find_replay_archive(const std::vector<std::string>& paths) {
  auto archive = mrt::discover_archive(paths);
  if (archive.empty()) {
    std::string where;
    for (const auto& p : paths) where += (where.empty() ? "" : ", ") + p;
    throw std::runtime_error("no MRT files found in " + where +
                             " (folders are searched for rib.*, bview.* and updates.* named by date, in RouteViews "
                             "or RIS layout; a file named otherwise is read when given by itself)");
  }
  for (const auto& c : archive) {
    if (c.ribs.empty())
      fprintf(stderr,
              "darkwatch: %s: no RIB dump: starting from %zu update file(s) alone (a route is known once it is "
              "announced; visibility fills in as the updates come)\n",
              c.name.c_str(), c.updates.size());
    else if (c.updates.empty())
      fprintf(stderr, "darkwatch: %s: %zu RIB dump(s) and no update files: the state at each dump, no changes between\n",
              c.name.c_str(), c.ribs.size());
  }
  return archive;
}

}  // namespace dw::cli
