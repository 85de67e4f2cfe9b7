// BmpStream on the real BMP streams of ../shared/data/bmp (Cisco, Huawei,
// 6WIND/FRR lab routers, captured by pmacct's test suites): every stream
// decodes; per peer and view, the prefixes announced and withdrawn equal
// those in pmacct's decoded JSON beside them; the stream that stops inside a
// message says which message, where, and how much is missing. The small
// copies in tests/data/bmp keep the main checks running without ../shared.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "bmp/bmp_stream.h"

namespace dw::bmp {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

fs::path shared_bmp() { return fs::path(DW_SOURCE_DIR) / ".." / "shared" / "data" / "bmp"; }
fs::path bundled_bmp() { return fs::path(DW_TEST_DATA) / "bmp"; }

// peer key: view, distinguisher, address (Loc-RIB: none; pmacct prints 0.0.0.0)
using Key = std::string;
struct Routes {
  std::map<Key, std::set<std::string>> announced, withdrawn;
};

// pmacct logs a withdrawal only for a route it holds (it prints the route's
// attributes with it), so ours count the same way: a withdrawal of a prefix
// this peer announced earlier in the stream. The others are counted apart.
struct ToRoutes : feed::EventSink {
  Routes& r;
  std::map<Key, std::set<std::string>> held;
  uint64_t unheld_withdrawals = 0;
  std::string router;
  explicit ToRoutes(Routes& routes) : r(routes) {}
  void on_event(const feed::RouteEvent& e) override {
    if (e.kind != feed::EventKind::Element || e.elem.type == bgp::ElemType::PeerState) return;
    if (e.elem.safi != 1) return;
    // source: router[/view][/rd]
    std::string rest = std::string(e.source.substr(router.size()));
    std::string view = "pre-policy", rd;
    if (!rest.empty()) rest.erase(0, 1);
    for (const char* v : {"post-policy", "loc-rib", "adj-rib-out-pre", "adj-rib-out-post"})
      if (rest.rfind(v, 0) == 0) view = v, rest.erase(0, std::string(v).size() + (rest.size() > std::string(v).size()));
    rd = rest;
    std::string peer = view == "loc-rib" ? "-" : e.elem.peer_ip.str();
    Key k = view + " " + (rd.empty() ? "-" : rd) + " " + peer;
    std::string p = e.elem.prefix.str();
    if (e.elem.type != bgp::ElemType::Withdraw) {
      r.announced[k].insert(p);
      held[k].insert(p);
    } else if (held[k].erase(p)) {
      r.withdrawn[k].insert(p);
    } else {
      ++unheld_withdrawals;
    }
  }
};

struct Decoded {
  bgp::Status end;
  StreamStats stats;
  uint64_t errors = 0;
  std::string sys_name;
};

Decoded decode(const fs::path& p, Routes& routes, size_t chunk = 4096) {
  ToRoutes sink(routes);
  sink.router = "r";
  BmpStream s("r", sink, {View::All});
  auto data = slurp(p);
  Decoded d;
  for (size_t at = 0; at < data.size(); at += chunk) {
    auto st = s.feed(std::span(data).subspan(at, std::min(chunk, data.size() - at)), 1);
    while (!st && !s.failed()) ++d.errors, ADD_FAILURE() << p << ": " << st.error().describe(), st = s.feed({}, 1);
    if (s.failed()) break;
  }
  d.end = s.end_of_stream();
  d.stats = s.stats();
  d.sys_name = s.router_info().sys_name;
  return d;
}

// pmacct's routes by router (its sysName from the Initiation; "" when the
// log has none, as the bundled reductions).
std::map<std::string, Routes> from_pmacct(const std::vector<fs::path>& files) {
  std::map<std::string, Routes> by_router;
  std::map<std::string, std::string> sys_name;  // bmp_router -> sysName
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded()) continue;
      std::string router = j.contains("bmp_router") && j["bmp_router"].is_string() ? j["bmp_router"].get<std::string>() : "";
      if (j.value("bmp_msg_type", "") == "init" && j.contains("bmp_init_info_sysname") &&
          j["bmp_init_info_sysname"].is_string())
        sys_name[router] = j["bmp_init_info_sysname"].get<std::string>();
      if (j.value("bmp_msg_type", "") != "route_monitor") continue;
      Routes& r = by_router[sys_name.count(router) ? sys_name[router] : ""];
      std::string lt = j.value("log_type", "");
      if (lt != "update" && lt != "withdraw") continue;
      if (j.value("safi", 0) != 1) continue;  // labelled and VPN NLRI: not decoded (src/bmp/README.md)
      auto is = [&](const char* k) { return j.contains(k) && j[k].is_number() && j[k].get<int>() == 1; };
      std::string view = is("is_loc") ? "loc-rib"
                         : is("is_out") ? (is("is_post") ? "adj-rib-out-post" : "adj-rib-out-pre")
                         : is("is_post") ? "post-policy"
                                         : "pre-policy";
      std::string rd = j.contains("rd") && j["rd"].is_string() && j.value("rd_origin", "") == "bmp"
                           ? j["rd"].get<std::string>() : "-";
      if (rd == "0:0:0") rd = "-";
      std::string peer = view == "loc-rib" ? "-" : j.value("peer_ip", "?");
      Key k = view + " " + rd + " " + peer;
      (lt == "withdraw" ? r.withdrawn : r.announced)[k].insert(j.value("ip_prefix", "?"));
    }
  }
  return by_router;
}

void expect_same(const std::map<Key, std::set<std::string>>& ours, const std::map<Key, std::set<std::string>>& theirs,
                 const std::string& what) {
  std::set<Key> keys;
  for (const auto& [k, v] : ours) keys.insert(k);
  for (const auto& [k, v] : theirs) keys.insert(k);
  for (const auto& k : keys) {
    auto a = ours.count(k) ? ours.at(k) : std::set<std::string>{};
    auto b = theirs.count(k) ? theirs.at(k) : std::set<std::string>{};
    EXPECT_EQ(a, b) << what << " for peer [" << k << "]: ours " << a.size() << ", pmacct " << b.size();
  }
}

// Every pmacct test with streams and decoded JSON: the same routes per peer.
TEST(BmpReal, RoutesMatchPmacctPerPeer) {
  fs::path dir = shared_bmp() / "pmacct-test-automation";
  if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
  std::map<std::string, std::pair<std::vector<fs::path>, std::vector<fs::path>>> tests;  // streams, json
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (auto at = n.find("_traffic-"); at != std::string::npos && n.ends_with(".bmp"))
      tests[n.substr(0, at)].first.push_back(e.path());
    if (auto at = n.find("_output-bmp-"); at != std::string::npos) tests[n.substr(0, at)].second.push_back(e.path());
  }
  int compared = 0;
  for (auto& [name, t] : tests) {
    if (t.first.empty() || t.second.empty()) continue;
    // a test's log may hold routers whose streams are not kept (202 logs
    // three, two streams are here): each stream is matched by its sysName
    std::map<std::string, Routes> ours;
    for (const auto& s : t.first) {
      Routes r;
      auto d = decode(s, r);
      auto& mine = ours[d.sys_name];
      for (auto& [k, v] : r.announced) mine.announced[k].insert(v.begin(), v.end());
      for (auto& [k, v] : r.withdrawn) mine.withdrawn[k].insert(v.begin(), v.end());
    }
    auto theirs = from_pmacct(t.second);
    for (auto& [router, routes] : ours) {
      ASSERT_TRUE(theirs.count(router)) << name << ": no router " << router << " in pmacct's log";
      const Routes& p = theirs[router];
      size_t n = 0;
      for (const auto& [k, v] : p.announced) n += v.size();
      expect_same(routes.announced, p.announced, name + " " + router + " announced");
      expect_same(routes.withdrawn, p.withdrawn, name + " " + router + " withdrawn");
      compared += n > 0;
    }
  }
  EXPECT_GE(compared, 7);
}

// Every real stream decodes without an error; only the one recorded with its
// last message cut short ends inside a message, and says so exactly.
TEST(BmpReal, EveryStreamDecodes) {
  if (!fs::exists(shared_bmp())) GTEST_SKIP() << "no " << shared_bmp();
  int streams = 0, truncated = 0;
  for (const auto& e : fs::recursive_directory_iterator(shared_bmp())) {
    if (e.path().extension() != ".bmp") continue;
    Routes r;
    for (size_t chunk : {size_t{1} << 16, size_t{7}}) {
      auto d = decode(e.path(), r, chunk);
      EXPECT_EQ(d.errors, 0u) << e.path();
      EXPECT_EQ(d.stats.damaged, 0u) << e.path();
      if (e.path().filename().string().find("202-BMP-CISCO-HUAWEI-multiple-sources_traffic-02") != std::string::npos) {
        ASSERT_FALSE(d.end) << e.path();
        EXPECT_EQ(d.end.error().code, bgp::ErrorCode::Truncated);
        EXPECT_EQ(d.end.error().offset, 12503u);
        EXPECT_EQ(d.end.error().need, 185u);
        EXPECT_EQ(d.end.error().have, 156u);
        EXPECT_NE(d.end.error().describe().find("Route Monitoring message (29 bytes missing)"), std::string::npos)
            << d.end.error().describe();
        truncated += chunk == 7;
      } else {
        EXPECT_TRUE(d.end) << e.path() << ": " << d.end.error().describe();
      }
    }
    ++streams;
  }
  EXPECT_GE(streams, 60);
  EXPECT_EQ(truncated, 1);
}

// The bundled copies (tests/data/bmp, PROVENANCE.md): Huawei Loc-RIB, Cisco
// and FRR peer-down sessions against the pmacct routes kept beside them.
TEST(BmpReal, BundledStreamsMatchPmacct) {
  fs::path dir = bundled_bmp();
  ASSERT_TRUE(fs::exists(dir)) << dir;
  int compared = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".bmp") continue;
    fs::path json = e.path();
    json.replace_extension(".pmacct.json");
    ASSERT_TRUE(fs::exists(json)) << json;
    Routes ours;
    auto d = decode(e.path(), ours);
    EXPECT_TRUE(d.end) << e.path();
    Routes theirs = from_pmacct({json})[""];
    EXPECT_FALSE(theirs.announced.empty()) << json;
    expect_same(ours.announced, theirs.announced, e.path().filename().string() + " announced");
    expect_same(ours.withdrawn, theirs.withdrawn, e.path().filename().string() + " withdrawn");
    ++compared;
  }
  EXPECT_GE(compared, 3);
}

}  // namespace
}  // namespace dw::bmp
