// A strict parser for URL query strings (the API's only untrusted text besides
// the path): names must be known, given once, percent-escapes well formed and
// nothing decodes to a NUL. Errors name the parameter at fault, so the server
// can answer 400 saying which one. Fuzzed by fuzz/fuzz_query_string.cpp.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dw::api {

struct QueryError {
  std::string parameter;  // empty when no single parameter is at fault
  std::string message;
};

// "%41+b" -> "A b"; nullopt for a bad escape or a decoded NUL. `plus_is_space`
// holds for query strings, not for paths.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

class QueryString {
 public:
  // Splits on '&', decodes names and values; an empty value counts as not
  // given. Fails on an unknown name, a duplicate, a bad escape, a NUL, more
  // than 32 parameters or a value longer than 1024 bytes.
  static std::optional<QueryString> parse(std::string_view raw, const std::vector<std::string_view>& known,
                                          QueryError& err);
  bool has(std::string_view name) const { return values_.count(std::string(name)) != 0; }
  std::optional<std::string> get(std::string_view name) const;
  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  bool seen_empty(const std::string& name) const;
  std::map<std::string, std::string> values_;
  std::vector<std::string> empty_;  // given with no value: counts as not given, but only once
};

// A decimal integer in [lo, hi] ("+", spaces, hex and overflow refused).
std::optional<int64_t> parse_int(std::string_view s, int64_t lo, int64_t hi);

}  // namespace dw::api
