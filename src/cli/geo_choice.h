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

// Where darkwatch's own data (data/geo, third_party/geo, third_party/asn) is
// looked for, in order: $DARKWATCH_DATA alone when set; else the working
// directory, the install's share/darkwatch beside the program's folder, and
// the program's parent folders (a build tree).
std::vector<std::string> data_dirs();
// A file shipped with darkwatch (data/...) in the first of data_dirs() that
// has it; empty when absent.
std::string find_data_file(const std::string& rel);

// geo: "" or "auto" (nearest in time), "rir" (bundled RIR snapshot), or a
// MaxMind-format file; delegated: RIR delegated files, which win when given.
// "none": no geography (returns null). A source asked for and missing, or
// none found at all, is an error (throws), never a run without countries.
std::unique_ptr<geo::CountryDb> choose_geo(const std::string& geo, const std::vector<std::string>& delegated,
                                           uint32_t archive_start);

}  // namespace dw::cli
