// libFuzzer target: the API's query-string parser, percent-decoding, integer
// parsing and path splitting (the text an HTTP client controls). Checks the
// promises, not just the absence of crashes: a parsed query holds only known
// names and no NUL; a split path has no '.', '..', slash, backslash or NUL.
#include <cstdint>
#include <string_view>

#include "api/path.h"
#include "api/query_string.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  static const std::vector<std::string_view> known{"from", "until", "maxPoints", "entityType", "search", "limit"};
  dw::api::QueryError qerr;
  if (auto q = dw::api::QueryString::parse(in, known, qerr)) {
    for (const auto& [k, v] : q->all()) {
      bool ok = false;
      for (auto n : known) ok = ok || n == k;
      if (!ok || v.empty() || v.find('\0') != std::string::npos) __builtin_trap();
      (void)dw::api::parse_int(v, -1000, 1000);
    }
  }
  if (auto d = dw::api::percent_decode(in, false))
    if (d->find('\0') != std::string::npos) __builtin_trap();
  dw::api::ApiError err;
  if (auto p = dw::api::split_path(in, err)) {
    for (const auto& s : *p)
      if (s.empty() || s == "." || s == ".." || s.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos)
        __builtin_trap();
  }
  if (auto n = dw::api::parse_int(in, -5, 5))
    if (*n < -5 || *n > 5) __builtin_trap();
  return 0;
}
