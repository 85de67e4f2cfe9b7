#include "geo/as_names.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace dw::geo {

namespace {
// One CSV line into fields (RFC 4180 quoting).
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> f(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') f.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else f.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      f.emplace_back();
    } else if (c != '\r') {
      f.back() += c;
    }
  }
  return f;
}

bool parse_asn(const std::string& s, uint32_t& out) {
  std::string d = s.rfind("AS", 0) == 0 ? s.substr(2) : s;
  if (d.empty() || d.size() > 10 || d.find_first_not_of("0123456789") != std::string::npos) return false;
  uint64_t v = std::stoull(d);
  if (v > UINT32_MAX) return false;
  out = static_cast<uint32_t>(v);
  return true;
}
}  // namespace

AsNames AsNames::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open AS names file " + path);
  AsNames n;
  int first = in.peek();
  if (first == '{') {
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw std::runtime_error(path + ": not a JSON object of AS names");
    for (auto& [k, v] : j.items()) {
      uint32_t asn;
      if (parse_asn(k, asn) && v.is_string() && !v.get<std::string>().empty()) n.names_[asn] = v.get<std::string>();
    }
    return n;
  }
  std::string line;
  while (std::getline(in, line)) {
    auto f = csv_fields(line);
    uint32_t asn;
    if (f.size() == 2 && parse_asn(f[0], asn)) n.names_.emplace(asn, f[1]);
    else if (f.size() >= 4 && parse_asn(f[2], asn)) n.names_.emplace(asn, f[3]);
  }
  return n;
}

}  // namespace dw::geo
