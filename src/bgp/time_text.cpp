#include "bgp/time_text.h"

#include <cstdio>
#include <ctime>

namespace dw::bgp {

std::string iso8601(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<int64_t> parse_time(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool digits = true;
  for (char c : s) digits = digits && c >= '0' && c <= '9';
  if (digits && s.size() <= 12) return std::stoll(std::string(s));
  int Y, M, D, h = 0, m = 0, sec = 0;
  std::string z(s);
  int n = std::sscanf(z.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d", &Y, &M, &D, &h, &m, &sec);
  if (n < 3 || (n > 3 && n < 5)) return std::nullopt;
  if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60) return std::nullopt;
  struct tm tm {};
  tm.tm_year = Y - 1900;
  tm.tm_mon = M - 1;
  tm.tm_mday = D;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace dw::bgp
