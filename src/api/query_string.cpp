#include "api/query_string.h"

#include <algorithm>
#include <limits>

namespace dw::api {

namespace {

constexpr size_t kMaxParameters = 32;
constexpr size_t kMaxValueBytes = 1024;

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// names are printable ASCII identifiers as the routes define them: anything
// else cannot be a known name, and is reported as text safe to echo
std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 64)) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '"' && c != '\\') out += c;
    else out += '?';
  }
  return out;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

std::optional<QueryString> QueryString::parse(std::string_view raw, const std::vector<std::string_view>& known,
                                              QueryError& err) {
  QueryString q;
  size_t count = 0;
  while (!raw.empty()) {
    size_t amp = raw.find('&');
    std::string_view part = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (part.empty()) continue;  // "a=1&&b=2"
    if (++count > kMaxParameters) {
      err = {"", "more than " + std::to_string(kMaxParameters) + " parameters"};
      return std::nullopt;
    }
    size_t eq = part.find('=');
    auto name = percent_decode(part.substr(0, eq), true);
    if (!name) {
      err = {printable(part.substr(0, eq)), "bad percent-escape or NUL in a parameter name"};
      return std::nullopt;
    }
    if (std::find(known.begin(), known.end(), std::string_view(*name)) == known.end()) {
      err = {printable(*name), "unknown parameter '" + printable(*name) + "'"};
      return std::nullopt;
    }
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    auto value = percent_decode(raw_value, true);
    if (!value) {
      err = {*name, *name + ": bad percent-escape or NUL in the value"};
      return std::nullopt;
    }
    if (value->size() > kMaxValueBytes) {
      err = {*name, *name + ": value longer than " + std::to_string(kMaxValueBytes) + " bytes"};
      return std::nullopt;
    }
    if (q.values_.count(*name) || q.seen_empty(*name)) {
      err = {*name, *name + ": given more than once"};
      return std::nullopt;
    }
    if (value->empty()) q.empty_.push_back(*name);
    else q.values_.emplace(*name, std::move(*value));
  }
  return q;
}

bool QueryString::seen_empty(const std::string& name) const {
  return std::find(empty_.begin(), empty_.end(), name) != empty_.end();
}

std::optional<std::string> QueryString::get(std::string_view name) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> parse_int(std::string_view s, int64_t lo, int64_t hi) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  bool neg = s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (neg) v = -v;
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

}  // namespace dw::api
