// AS number to organisation name, for people reading events and reports.
// Reads a JSON object {"131279": "STAR-KP ..."}, a two-column CSV (asn,name),
// or the ip-location-db asn CSV (range start, range end, asn, name).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

namespace dw::geo {

class AsNames {
 public:
  // Throws std::runtime_error when the file cannot be read or parsed (an edge).
  static AsNames load(const std::string& path);
  const std::string* find(uint32_t asn) const {
    auto it = names_.find(asn);
    return it == names_.end() ? nullptr : &it->second;
  }
  size_t size() const { return names_.size(); }
  void set(uint32_t asn, std::string name) { names_[asn] = std::move(name); }
  const std::unordered_map<uint32_t, std::string>& all() const { return names_; }

 private:
  std::unordered_map<uint32_t, std::string> names_;
};

}  // namespace dw::geo
