// Which two-letter codes are countries. Geography sources also use codes that
// are no country: ZZ (unknown), XX, EU and AP (RIR regions), A1/A2/O1
// (anonymous proxy, satellite, other: old GeoIP), T1 (Tor), XK (user-assigned,
// for Kosovo by some). Only the assigned ISO 3166-1 alpha-2 codes are
// countries; space under any other code is unplaced.
#pragma once
#include "geo/country_db.h"

namespace dw::geo {

bool is_country(CountryCode c);

}  // namespace dw::geo
