#include "cli/geo_choice.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <filesystem>

#include "bgp/time_text.h"

namespace dw::cli {

namespace {
// The bundled RIR snapshot describes 2013-2014 (APNIC, LACNIC 2014-10; RIPE
// NCC, AFRINIC 2014-06; ARIN 2013-08); the mmdb that setup installs is current.
constexpr uint32_t kRirSnapshot = 1404086400;  // 2014-06-30
constexpr const char* kRirFile = "data/geo/rir-delegated-2014.txt.xz";
constexpr const char* kMmdbFile = "third_party/geo/geo-whois-asn-country.mmdb";
// where `cmake --install` puts the data, relative to the program's folder's parent
constexpr const char* kInstalledData = "share/darkwatch";

std::string looked_in() {
  std::string s;
  for (const auto& d : data_dirs()) s += (s.empty() ? "" : ", ") + d;
  return s;
}
}  // namespace

std::vector<std::string> data_dirs() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("DARKWATCH_DATA"); env && *env) return {env};
  std::vector<std::string> dirs{"."};
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    fs::path exe(std::string(buf, static_cast<size_t>(n)));
    dirs.push_back((exe.parent_path().parent_path() / kInstalledData).string());
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
      dirs.push_back(dir.string());
  }
  return dirs;
}

std::string find_data_file(const std::string& rel) {
  namespace fs = std::filesystem;
  for (const auto& dir : data_dirs()) {
    fs::path p = dir == "." ? fs::path(rel) : fs::path(dir) / rel;
    if (fs::exists(p)) return p.string();
  }
  return {};
}

std::unique_ptr<geo::CountryDb> choose_geo(const std::string& geo, const std::vector<std::string>& delegated,
                                           uint32_t archive_start) {
  std::unique_ptr<geo::CountryDb> db;
  std::string why;
  if (geo == "none") {
    fprintf(stderr, "darkwatch: geography: none (asked for): origin ASes only, no country signals\n");
    return db;
  }
  if (!delegated.empty()) {
    db = geo::CountryDb::open_delegated(delegated);
    why = "given";
  } else if (!geo.empty() && geo != "auto" && geo != "rir") {
    db = geo::CountryDb::open_mmdb(geo);
    why = "given";
  } else {
    std::string rir = find_data_file(kRirFile), mmdb = find_data_file(kMmdbFile);
    // the mmdb is taken as of the build; choose whichever snapshot is nearer
    auto now = static_cast<uint32_t>(std::time(nullptr));
    bool want_rir = geo == "rir" || (archive_start && archive_start - std::min(archive_start, kRirSnapshot) <
                                                          now - std::min(now, archive_start));
    if (geo == "rir" && rir.empty())
      throw std::runtime_error(std::string("--geo rir: the bundled RIR snapshot ") + kRirFile +
                               " is not found (looked in " + looked_in() +
                               "; install with cmake --install, or set DARKWATCH_DATA to the folder holding data/)");
    if (want_rir && !rir.empty()) {
      db = geo::CountryDb::open_delegated({rir});
      why = geo == "rir" ? "asked for" : "nearest in time to an archive starting " + bgp::iso8601(archive_start);
    } else if (!mmdb.empty()) {
      db = geo::CountryDb::open_mmdb(mmdb);
      why = "nearest in time to an archive starting " + bgp::iso8601(archive_start);
    } else if (!rir.empty()) {
      db = geo::CountryDb::open_delegated({rir});
      why = "the only source found";
    }
  }
  if (!db)
    throw std::runtime_error(std::string("no country database: neither ") + kRirFile + " nor " + kMmdbFile +
                             " is found (looked in " + looked_in() +
                             "); install with cmake --install or scripts/setup.sh, set DARKWATCH_DATA, pass --geo / "
                             "--geo-delegated, or --geo none for origin ASes only");
  fprintf(stderr, "darkwatch: geography: %s (%s)\n", db->describe().c_str(), why.c_str());
  return db;
}

}  // namespace dw::cli
