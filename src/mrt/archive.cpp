#include "mrt/archive.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>

#include "bgp/time_text.h"

namespace dw::mrt {

namespace fs = std::filesystem;

std::vector<CollectorArchive> discover_archive(const std::vector<std::string>& paths) {
  static const std::regex name_re(R"((rib|bview|updates)\.(\d{8})\.(\d{4}))");
  std::map<std::string, CollectorArchive> by;
  auto take = [&](const fs::path& p) {
    std::smatch m;
    std::string fn = p.filename().string();
    if (!std::regex_search(fn, m, name_re)) return;
    std::string d = m[2].str(), t = m[3].str();
    auto ts = bgp::parse_time(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) + "T" + t.substr(0, 2) +
                              ":" + t.substr(2, 2) + ":00Z");
    if (!ts) return;
    fs::path dir = p.parent_path();
    std::string leaf = dir.filename().string();
    if (leaf == "RIBS" || leaf == "UPDATES") dir = dir.parent_path();
    std::string coll = dir.filename().string();
    if (coll.empty()) coll = "local";
    auto& c = by[coll];
    c.name = coll;
    ArchiveFile f{p.string(), static_cast<uint32_t>(*ts)};
    (m[1].str() == "updates" ? c.updates : c.ribs).push_back(f);
  };
  for (const auto& s : paths) {
    fs::path p(s);
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) take(e.path());
    } else {
      take(p);
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
