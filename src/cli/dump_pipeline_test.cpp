// The threaded dump must say exactly what a plain sequential read says: the
// same lines in the same order, and the same problems at the same places
// between them, on real files and on damaged copies of them.
#include "cli/dump_pipeline.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "mrt/bgpdump_format.h"
#include "mrt/input.h"
#include "mrt/mrt_file.h"

using namespace dw;

static const std::string kData = DW_TEST_DATA;

// The sequential reference: MrtFile::next, formatted in place, problems
// written where they are found.
static std::string sequential(const std::vector<std::string>& files, uint64_t* damaged = nullptr) {
  std::string out;
  uint64_t bad = 0;
  for (const auto& path : files) {
    mrt::MrtFile f(path, [&](const std::string& m) { out += "darkwatch: " + m + "\n"; });
    mrt::MrtRecord rec;
    while (f.next(rec)) mrt::format_bgpdump(rec, f.peers(), out);
    bad += f.stats().damaged + f.stats().frame_errors;
  }
  if (damaged) *damaged = bad;
  return out;
}

static std::string threaded(const std::vector<std::string>& files, unsigned workers, uint64_t* damaged = nullptr) {
  FILE* tmp = std::tmpfile();
  cli::DumpTotals t;
  {
    cli::DumpPipeline pipe(false, nullptr, workers, tmp, tmp);  // one stream: the order is checked
    t = cli::dump_files(files, pipe);
  }
  if (damaged) *damaged = t.stats.damaged + t.stats.frame_errors;
  std::string s;
  rewind(tmp);
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, tmp)) > 0) s.append(buf, n);
  fclose(tmp);
  return s;
}

static std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// The decompressed bytes of a bundled file, through the same input layer.
static std::string decompressed(const std::string& path) {
  mrt::Input in(path);
  std::string s;
  for (;;) {
    auto p = in.peek(1 << 16);
    if (p.empty()) break;
    s.append(reinterpret_cast<const char*>(p.data()), p.size());
    in.consume(p.size());
  }
  return s;
}

TEST(DumpPipeline, SameAsSequentialOnEveryBundledFile) {
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(kData + "/mrt")) {
    std::string p = e.path().string();
    if (p.ends_with(".md")) continue;
    ++files;
    uint64_t d1 = 0, d2 = 0;
    std::string ref = sequential({p}, &d1);
    EXPECT_EQ(threaded({p}, 2, &d2), ref) << p;
    EXPECT_EQ(d1, d2) << p;
  }
  EXPECT_GT(files, 20u);
}

TEST(DumpPipeline, SeveralFilesKeepTheirOrder) {
  std::vector<std::string> v = {kData + "/mrt/mrtparse__samples_quagga_rib", kData + "/mrt/mrtparse__samples_bird_bgp",
                                kData + "/mrt/ripe-bgpdump__test_data_bview.ipv6_unicast_add_path.gz"};
  std::string ref = sequential(v);
  EXPECT_GT(std::count(ref.begin(), ref.end(), '\n'), 50);
  EXPECT_EQ(threaded(v, 1), ref);
  EXPECT_EQ(threaded(v, 3), ref);
}

// Damage at random places in real files: flipped bytes (inner lengths,
// attributes, headers) and cut tails. Every problem must be told, in the
// same words and at the same place among the lines.
TEST(DumpPipeline, DamagedCopiesSayTheSameAsSequential) {
  const std::vector<std::string> sources = {
      "ripe-bgpdump__test_data_updates.20100722.2015.gz",  // BGP4MP updates
      "ripe-bgpdump__test_data_bview.ipv4_unicast_add_path.gz",  // TABLE_DUMP_V2 with ADD-PATH
      "mrtparse__samples_openbgpd_rib_table",  // TABLE_DUMP v1
      "bgpkit-parser__tests_fixtures_ripe_rrc01_2000.11_updates.20001104.0124.gz",  // Zebra short records
  };
  std::mt19937 rng(20261122);
  std::string path = ::testing::TempDir() + "/damaged.mrt";
  int variants = 0, with_problems = 0;
  for (const auto& name : sources) {
    std::string clean = decompressed(kData + "/mrt/" + name);
    ASSERT_GT(clean.size(), 1000u) << name;
    for (int v = 0; v < 40; ++v) {
      std::string bad = clean;
      int flips = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < flips; ++i) bad[rng() % bad.size()] = static_cast<char>(rng());
      if (v % 5 == 0) bad.resize(bad.size() - 1 - rng() % 200);
      std::ofstream(path, std::ios::binary | std::ios::trunc) << bad;
      uint64_t d1 = 0, d2 = 0;
      std::string ref = sequential({path}, &d1);
      ASSERT_EQ(threaded({path}, 2, &d2), ref) << name << " variant " << v;
      EXPECT_EQ(d1, d2);
      ++variants;
      with_problems += d1 > 0;
    }
  }
  EXPECT_EQ(variants, 160);
  EXPECT_GT(with_problems, 60);  // the damage was seen, not passed over
}

// -m and --json tell the same story element by element: the same kind (a
// treat-as-withdraw UPDATE is a withdrawal in both) and the same prefix.
static std::vector<std::string> story(const std::string& file, bool json) {
  FILE* out = std::tmpfile();
  FILE* err = std::tmpfile();
  {
    cli::DumpPipeline pipe(json, nullptr, 2, out, err);
    cli::dump_files({file}, pipe);
  }
  rewind(out);
  std::vector<std::string> lines;
  char buf[65536];
  while (fgets(buf, sizeof buf, out)) {
    std::string l(buf);
    if (json) {
      auto j = nlohmann::json::parse(l);
      std::string t = j["type"];
      std::string kind = t == "rib" ? "B" : t == "announce" ? "A" : t == "withdraw" ? "W" : "STATE";
      lines.push_back(kind + " " + (j.contains("prefix") ? std::string(j["prefix"]) : ""));
    } else {
      std::vector<std::string> f;
      size_t at = 0;
      for (size_t bar; (bar = l.find('|', at)) != std::string::npos; at = bar + 1) f.push_back(l.substr(at, bar - at));
      f.push_back(l.substr(at, l.find('\n', at) - at));
      lines.push_back(f[2] + " " + (f[2] == "STATE" ? "" : f[5]));
    }
  }
  fclose(out);
  fclose(err);
  return lines;
}

TEST(DumpPipeline, TextAndJsonAgreeOnDamagedUpdates) {
  for (auto name : {"darkwatch__rfc7606.mrt", "darkwatch__rfc7606_repeats.mrt", "darkwatch__as4_merge.mrt",
                    "ripe-bgpdump__test_data_updates.nlri_mask_trailing_bits.gz",
                    "ripe-bgpdump__test_data_updates.20070211.0141.records-1330-1660.gz",
                    "ripe-bgpdump__test_data_bview.ipv4_unicast_add_path.gz"}) {
    auto text = story(kData + "/mrt/" + name, false);
    auto json = story(kData + "/mrt/" + name, true);
    EXPECT_FALSE(text.empty()) << name;
    EXPECT_EQ(text, json) << name;
  }
  // and the treat-as-withdraw routes are withdrawals in both
  auto text = story(kData + "/mrt/darkwatch__rfc7606.mrt", false);
  EXPECT_EQ(std::count(text.begin(), text.end(), "W 198.51.100.3/32"), 1);
}
