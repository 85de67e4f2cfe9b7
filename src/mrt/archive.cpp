#include "mrt/archive.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <stdexcept>
#include <tuple>

#include "bgp/time_text.h"
#include "mrt/input.h"

namespace dw::mrt {

namespace fs = std::filesystem;

namespace {

// A file given by name whatever it is called: its first record says what it
// is (TABLE_DUMP/TABLE_DUMP_V2: a RIB dump; BGP4MP(_ET) or old BGP: updates)
// and when. Throws "PATH: why" when it is not an MRT file of routes.
std::pair<bool, uint32_t> classify_by_content(const std::string& path) {
  Input in(path);
  auto h = in.peek(12);
  if (h.size() < 12) {
    std::string why = in.error().empty() ? "" : " (" + in.error() + ")";
    throw std::runtime_error(path + ": not an MRT file: " + (h.empty() ? "empty" : "shorter than a record header") +
                             why);
  }
  auto be32 = [&](size_t at) {
    return uint32_t{h[at]} << 24 | uint32_t{h[at + 1]} << 16 | uint32_t{h[at + 2]} << 8 | uint32_t{h[at + 3]};
  };
  uint32_t ts = be32(0), type = uint32_t{h[4]} << 8 | h[5], len = be32(8);
  bool rib = type == 12 || type == 13, updates = type == 5 || type == 16 || type == 17;
  if ((!rib && !updates) || len > (1u << 24))
    throw std::runtime_error(path + ": not an MRT file of routes (first record: type " + std::to_string(type) +
                             ", length " + std::to_string(len) + ")");
  return {rib, ts};
}

}  // namespace

std::vector<CollectorArchive> discover_archive(const std::vector<std::string>& paths) {
  static const std::regex name_re(R"((rib|bview|updates)\.(\d{8})\.(\d{4}))");
  std::map<std::string, CollectorArchive> by;
  // explicit: a file the user named, taken by its content when its name says nothing
  auto take = [&](const fs::path& p, bool explicit_file) {
    std::smatch m;
    std::string fn = p.filename().string();
    std::optional<int64_t> ts;
    bool rib = false;
    if (std::regex_search(fn, m, name_re)) {
      std::string d = m[2].str(), t = m[3].str();
      ts = bgp::parse_time(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) + "T" + t.substr(0, 2) +
                           ":" + t.substr(2, 2) + ":00Z");
      rib = m[1].str() != "updates";
    }
    if (!ts && explicit_file) std::tie(rib, ts) = classify_by_content(p.string());
    if (!ts) return;
    fs::path dir = p.parent_path();
    std::string leaf = dir.filename().string();
    if (leaf == "RIBS" || leaf == "UPDATES") dir = dir.parent_path();
    std::string coll = dir.filename().string();
    if (coll.empty()) coll = "local";
    auto& c = by[coll];
    c.name = coll;
    ArchiveFile f{p.string(), static_cast<uint32_t>(*ts)};
    (rib ? c.ribs : c.updates).push_back(f);
  };
  for (const auto& s : paths) {
    fs::path p(s);
    std::error_code ec;
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) take(e.path(), false);
    } else if (!fs::exists(p, ec)) {
      throw std::runtime_error(s + ": no such file or folder");
    } else {
      take(p, true);
    }
  }
  std::vector<CollectorArchive> out;
  for (auto& [n, c] : by) {
    auto lt = [](const ArchiveFile& a, const ArchiveFile& b) { return a.ts < b.ts || (a.ts == b.ts && a.path < b.path); };
    std::sort(c.ribs.begin(), c.ribs.end(), lt);
    std::sort(c.updates.begin(), c.updates.end(), lt);
    std::vector<uint32_t> gaps;
    for (size_t i = 1; i < c.updates.size(); ++i) gaps.push_back(c.updates[i].ts - c.updates[i - 1].ts);
    if (!gaps.empty()) {
      std::nth_element(gaps.begin(), gaps.begin() + static_cast<long>(gaps.size() / 2), gaps.end());
      c.update_interval = gaps[gaps.size() / 2];
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace dw::mrt
