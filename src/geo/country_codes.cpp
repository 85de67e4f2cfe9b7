#include "geo/country_codes.h"

#include <bitset>
#include <string_view>

namespace dw::geo {

namespace {
// The 249 officially assigned ISO 3166-1 alpha-2 codes, as Debian's iso-codes
// 4.15 lists them (/usr/share/iso-codes/json/iso_3166-1.json).
constexpr std::string_view kAssigned =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ "
    "BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR "
    "CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR "
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU "
    "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ "
    "LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF "
    "PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI "
    "SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR "
    "TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

std::bitset<26 * 26> assigned() {
  std::bitset<26 * 26> s;
  for (size_t i = 0; i + 1 < kAssigned.size(); i += 3)
    s.set(static_cast<size_t>(kAssigned[i] - 'A') * 26 + static_cast<size_t>(kAssigned[i + 1] - 'A'));
  return s;
}
}  // namespace

bool is_country(CountryCode c) {
  static const auto set = assigned();
  unsigned a = c >> 8, b = c & 0xff;
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return false;
  return set.test((a - 'A') * 26 + (b - 'A'));
}

}  // namespace dw::geo
