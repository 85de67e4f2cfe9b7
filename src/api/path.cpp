#include "api/path.h"

#include "api/query_string.h"

namespace dw::api {

namespace {
constexpr size_t kMaxSegments = 16;
}  // namespace

std::optional<std::vector<std::string>> split_path(std::string_view raw, ApiError& err) {
  err = {400, "path", ""};
  if (raw.empty() || raw[0] != '/') {
    err.message = "path: only origin-form paths (starting with /) are served";
    return std::nullopt;
  }
  std::vector<std::string> out;
  if (raw == "/") return out;
  raw.remove_prefix(1);
  while (true) {
    size_t slash = raw.find('/');
    std::string_view seg = raw.substr(0, slash);
    if (seg.empty()) {
      // a trailing slash is allowed ("/v2/outages/events/"), an empty segment inside is not
      if (slash == std::string_view::npos && !out.empty()) break;
      err.message = "path: empty segment (//)";
      return std::nullopt;
    }
    auto d = percent_decode(seg, false);
    if (!d) {
      err.message = "path: bad percent-escape or NUL";
      return std::nullopt;
    }
    if (*d == "." || *d == ".." || d->find('/') != std::string::npos || d->find('\\') != std::string::npos) {
      err.message = "path: '.', '..', encoded slashes and backslashes are refused";
      return std::nullopt;
    }
    out.push_back(std::move(*d));
    if (out.size() > kMaxSegments) {
      err.message = "path: more than 16 segments";
      return std::nullopt;
    }
    if (slash == std::string_view::npos) break;
    raw.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace dw::api
