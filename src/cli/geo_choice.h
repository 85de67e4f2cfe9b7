// Which geography a run uses. Address space changes hands: a 2014 archive must
// be read with where addresses were in 2014, not where they are today, or a
// country's outage shows up as losses in the countries its blocks went to
// later. By default the source nearest in time to the archive is chosen.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "geo/country_db.h"

namespace dw::cli {

// A file shipped with darkwatch (data/...), looked up beside the working
// directory and beside the program; empty when absent.
std::string find_data_file(const std::string& rel);

// geo: "" or "auto" (nearest in time), "rir" (bundled RIR snapshot), or a
// MaxMind-format file; delegated: RIR delegated files, which win when given.
// Returns null (and says so on stderr) when no source can be found.
std::unique_ptr<geo::CountryDb> choose_geo(const std::string& geo, const std::vector<std::string>& delegated,
                                           uint32_t archive_start);

}  // namespace dw::cli
