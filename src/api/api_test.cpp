// The API without a network (query strings, paths, downsampling, routes over a
// store written in the store's schema) and the server on a loopback port
// (the event stream, the head deadline).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "api/api.h"
#include "api/downsample.h"
#include "api/event_hub.h"
#include "api/query_string.h"
#include "api/response_cache.h"
#include "api/server.h"
#include "detect/event_json.h"
#include "store/schema.h"
#include "store/sqlite_db.h"

using namespace dw;
using nlohmann::json;

TEST(QueryString, StrictNamesValuesAndDuplicates) {
  api::QueryError err;
  std::vector<std::string_view> known{"from", "search", "limit"};
  auto q = api::QueryString::parse("from=1419206400&search=North+Korea%21&limit=", known, err);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->get("from"), "1419206400");
  EXPECT_EQ(q->get("search"), "North Korea!");
  EXPECT_FALSE(q->has("limit"));  // empty: not given
  EXPECT_FALSE(api::QueryString::parse("bogus=1", known, err));
  EXPECT_EQ(err.parameter, "bogus");
  EXPECT_FALSE(api::QueryString::parse("from=1&from=2", known, err));
  EXPECT_EQ(err.parameter, "from");
  EXPECT_NE(err.message.find("more than once"), std::string::npos);
  EXPECT_FALSE(api::QueryString::parse("limit=&limit=3", known, err));
  EXPECT_FALSE(api::QueryString::parse("search=%zz", known, err));
  EXPECT_EQ(err.parameter, "search");
  EXPECT_FALSE(api::QueryString::parse("search=a%00b", known, err));
  EXPECT_FALSE(api::QueryString::parse("search=%4", known, err));
  EXPECT_FALSE(api::QueryString::parse("fr%00om=1", known, err));
  std::string many;
  for (int i = 0; i < 40; ++i) many += "limit=1&";
  EXPECT_FALSE(api::QueryString::parse(many, known, err));
  EXPECT_TRUE(api::QueryString::parse("", known, err));
  EXPECT_TRUE(api::QueryString::parse("&&from=1&", known, err));
}

TEST(QueryString, Integers) {
  EXPECT_EQ(api::parse_int("1000", 1, 120000), 1000);
  EXPECT_FALSE(api::parse_int("0", 1, 120000));
  EXPECT_FALSE(api::parse_int("120001", 1, 120000));
  EXPECT_FALSE(api::parse_int("+5", 1, 10));
  EXPECT_FALSE(api::parse_int(" 5", 1, 10));
  EXPECT_FALSE(api::parse_int("0x10", 0, 100));
  EXPECT_FALSE(api::parse_int("99999999999999999999", 0, INT64_MAX));
  EXPECT_FALSE(api::parse_int("-", -5, 5));
  EXPECT_EQ(api::parse_int("-5", -5, 5), -5);
}

TEST(Path, TraversalRefused) {
  api::ApiError err;
  auto ok = api::split_path("/v2/signals/raw/country/KP", err);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 5u);
  EXPECT_EQ((*ok)[4], "KP");
  for (const char* bad : {"/../etc/passwd", "/assets/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2e/x",
                          "/assets/..%2f..%2fetc%2fpasswd", "/a%2fb", "/a%5cb", "/a\\b", "//etc/passwd",
                          "/a//b", "/%00", "/a%00.js", "http://example.com/etc/passwd", "etc/passwd", "", "/./x"}) {
    EXPECT_FALSE(api::split_path(bad, err)) << bad;
    EXPECT_EQ(err.status, 400) << bad;
  }
}

TEST(Downsample, KeepsTheMinimumOfEveryVisibilitySeries) {
  // 4 /24s, then one bin dips to 0 inside (low) but ends at 4 again
  std::vector<store::BinValues> rows;
  uint32_t t0 = 1419206400;
  rows.push_back({t0, 4, 2, 5, 4, 2, 5, 3, 7, 1});
  rows.push_back({t0 + 37 * 300, 4, 2, 5, 0, 1, 1, 24, 6, 0});  // the dip
  rows.push_back({t0 + 38 * 300, 4, 2, 5, 4, 2, 5, 2, 7, 1});
  auto s = api::downsample(rows, std::nullopt, t0, 300, 100, 10);
  ASSERT_EQ(s.v4.size(), 10u);
  EXPECT_EQ(s.v4[3], 0);  // bins 30..39 hold the dip
  EXPECT_EQ(s.v6[3], 1);
  EXPECT_EQ(s.prefixes[3], 1);
  EXPECT_EQ(s.upstreams[3], 0);
  EXPECT_EQ(s.peers[3], 6);
  EXPECT_EQ(s.v4[2], 4);      // carried forward over bins with no row
  EXPECT_EQ(s.churn[0], 3);   // churn sums; carried bins have none
  EXPECT_EQ(s.churn[3], 26);
  // before the first row the entity did not exist: null
  auto late = api::downsample(rows, std::nullopt, t0 - 600, 300, 4, 1);
  EXPECT_EQ(late.v4[0], api::kNull);
  EXPECT_EQ(late.v4[2], 4);
  // a row before the window carries its end values in
  auto carried = api::downsample({}, rows[1], t0 + 40 * 300, 300, 3, 1);
  EXPECT_EQ(carried.v4[0], 4);
  EXPECT_EQ(carried.churn[0], 0);
}

TEST(EventHub, PublishedMessagesReachSubscribers) {
  api::EventHub hub(2, 2);
  auto a = hub.subscribe(), b = hub.subscribe();
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(hub.subscribe());  // at most 2
  hub.publish("event.open", R"({"id":1})");
  EXPECT_EQ(a->next(std::chrono::milliseconds(10)), "event: event.open\ndata: {\"id\":1}\n\n");
  EXPECT_EQ(b->next(std::chrono::milliseconds(10)), "event: event.open\ndata: {\"id\":1}\n\n");
  EXPECT_EQ(a->next(std::chrono::milliseconds(10)), "");  // nothing: a keep-alive is due
  for (int i = 0; i < 3; ++i) hub.publish("bin", std::to_string(i));
  auto m = a->next(std::chrono::milliseconds(10));  // the oldest was dropped, and it says so
  ASSERT_TRUE(m);
  EXPECT_NE(m->find("1 messages dropped"), std::string::npos);
  EXPECT_NE(m->find("data: 1\n"), std::string::npos);
  hub.close();
  auto last = a->next(std::chrono::milliseconds(10));  // what was queued still goes out
  ASSERT_TRUE(last);
  EXPECT_NE(last->find("data: 2\n"), std::string::npos) << *last;
  EXPECT_FALSE(a->next(std::chrono::milliseconds(10)));  // then the stream ends
  EXPECT_EQ(api::sse_message("x", "a\nb"), "event: x\ndata: a\ndata: b\n\n");
}

namespace {

// A store of one country, written in the store's schema: KP with 4 /24s,
// dark from bin 10 to bin 20, and its outage event.
class ApiStore : public ::testing::Test {
 protected:
  static constexpr uint32_t t0 = 1419206400;
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() / ("dw-api-" + std::to_string(getpid()) + ".db")).string();
    std::filesystem::remove(path_);
    store::Database db(path_, false);
    db.exec(store::kSchema);
    auto meta = [&](const char* k, std::string v) {
      store::Statement st(db.handle(), "INSERT INTO meta VALUES (?, ?)");
      st.bind(1, std::string(k)).bind(2, v).run();
    };
    meta("bin_seconds", "300");
    meta("first_ts", std::to_string(t0));
    meta("last_ts", std::to_string(t0 + 100 * 300 - 1));
    db.exec("INSERT INTO entity VALUES (1, 'country', 'KP', NULL), (2, 'asn', '131279', 'Star Joint Venture')");
    store::Statement sig(db.handle(), "INSERT INTO signal VALUES (?, ?, ?, 0, ?, ?, 0, ?, 0, ?, 7, 1)");
    auto row = [&](int64_t e, uint32_t bin, int64_t v, int64_t low, int64_t wd) {
      sig.bind(1, e).bind(2, int64_t{bin}).bind(3, v).bind(4, v).bind(5, low).bind(6, low).bind(7, wd).run();
    };
    for (int64_t e : {1, 2}) {
      row(e, t0, 4, 4, 0);
      row(e, t0 + 10 * 300, 0, 0, 24);
      row(e, t0 + 20 * 300, 4, 0, 0);
    }
    detect::EventRecord ev;
    ev.entity = {signal::EntityType::Country, ('K' << 8) | 'P'};
    ev.start = t0 + 10 * 300 + 15;
    ev.end = t0 + 20 * 300 + 5;
    ev.severity = 1;
    ev.baseline = 4;
    ev.origin_asns = {131279};
    ev.prefix_count = 4;
    ev.explanation = detect::Explanation{};
    ev.explanation->upstreams_before = {4837};
    ev.explanation->single_upstream = true;
    store::Statement e(db.handle(), "INSERT INTO event (kind, entity_type, entity_code, start, \"end\", severity, json) VALUES ('outage', 'country', 'KP', ?, ?, 1.0, ?)");
    e.bind(1, int64_t{ev.start}).bind(2, int64_t{*ev.end}).bind(3, detect::to_json(ev)).run();
    auto n = detect::peer_down_notice({"route-views2", "192.0.2.1", 174}, ev.start + 600, ev.start + 900);
    store::Statement ns(db.handle(), "INSERT INTO event (kind, start, \"end\", json) VALUES ('peer_down', ?, ?, ?)");
    ns.bind(1, int64_t{n.start}).bind(2, int64_t{*n.end}).bind(3, detect::to_json(n)).run();
  }
  void TearDown() override { std::filesystem::remove(path_); }
  json get(api::Api& a, const std::string& path, const std::string& query, int status = 200) {
    api::ApiError err;
    auto p = api::split_path(path, err);
    EXPECT_TRUE(p) << path;
    auto r = a.handle(*p, query);
    EXPECT_EQ(r.status, status) << path << "?" << query << ": " << r.body;
    return json::parse(r.body);
  }
  std::string path_;
};

}  // namespace

TEST_F(ApiStore, SignalsKeepTheOutageWhenDownsampled) {
  api::Api a(path_);
  auto full = get(a, "/v2/signals/raw/country/kp", "");
  EXPECT_EQ(full["type"], "signals");
  EXPECT_TRUE(full["error"].is_null());
  auto& v4 = full["data"][0][0];
  EXPECT_EQ(v4["subtype"], "visible24s");
  EXPECT_EQ(v4["step"], 300);
  ASSERT_EQ(v4["values"].size(), 100u);
  EXPECT_EQ(v4["values"][9], 4);
  EXPECT_EQ(v4["values"][10], 0);
  EXPECT_EQ(v4["values"][20], 0);  // the bin it came back in dipped inside
  EXPECT_EQ(v4["values"][21], 4);
  auto coarse = get(a, "/v2/signals/raw/country/KP", "maxPoints=3");
  auto& c4 = coarse["data"][0][0];
  EXPECT_EQ(c4["step"], 300 * 34);
  ASSERT_EQ(c4["values"].size(), 3u);
  EXPECT_EQ(c4["values"][0], 0);  // the outage survives in the first point's minimum
  EXPECT_EQ(c4["values"][1], 4);
  EXPECT_EQ(coarse["data"][0][3]["subtype"], "churn");
  EXPECT_EQ(coarse["data"][0][3]["values"][0], 24);
  EXPECT_EQ(coarse["requestParameters"]["maxPoints"], "3");
  EXPECT_EQ(coarse["requestParameters"]["entityCode"], "KP");
}

TEST_F(ApiStore, BadParametersAreNamedAndUnknownThingsAre404) {
  api::Api a(path_);
  auto bad = get(a, "/v2/signals/raw/country/KP", "maxPoints=0", 400);
  EXPECT_EQ(bad["error"]["parameter"], "maxPoints");
  EXPECT_TRUE(bad["data"].is_null());
  EXPECT_EQ(get(a, "/v2/signals/raw/country/KP", "from=yesterday", 400)["error"]["parameter"], "from");
  EXPECT_EQ(get(a, "/v2/signals/raw/country/KP", "from=1419206400&until=1400000000", 400)["error"]["parameter"], "until");
  EXPECT_EQ(get(a, "/v2/signals/raw/country/KP", "from=0&until=1419206400", 400)["error"]["parameter"], "until");  // > 400 days
  EXPECT_EQ(get(a, "/v2/signals/raw/country/KP", "points=3", 400)["error"]["parameter"], "points");
  EXPECT_EQ(get(a, "/v2/signals/raw/planet/KP", "", 400)["error"]["parameter"], "entityType");
  EXPECT_EQ(get(a, "/v2/signals/raw/country/KPX", "", 400)["error"]["parameter"], "entityCode");
  EXPECT_EQ(get(a, "/v2/signals/raw/country/ZZ", "", 404)["error"]["code"], 404);
  EXPECT_EQ(get(a, "/v2/outages/events/99", "", 404)["type"], "outages.event");
  EXPECT_EQ(get(a, "/v2/outages/events/x1", "", 400)["error"]["parameter"], "id");
  EXPECT_EQ(get(a, "/v2/outages/events", "orderBy=size", 400)["error"]["parameter"], "orderBy");
  EXPECT_EQ(get(a, "/v2/outages/events", "limit=1001", 400)["error"]["parameter"], "limit");
  EXPECT_EQ(get(a, "/v2/outages/events", "entityType=country", 400)["error"]["parameter"], "entityCode");
  EXPECT_EQ(get(a, "/v2/nothing", "", 404)["type"], "error");
  auto np = get(a, "/v2/profile/country/KP", "", 404);
  EXPECT_EQ(np["type"], "profile");
  EXPECT_EQ(np["error"]["message"], "no profile stored for country/KP");
  EXPECT_EQ(get(a, "/v2/profile/country/KP", "from=1419206400", 404)["error"]["code"], 404);
  EXPECT_EQ(get(a, "/v2/profile/country/KP", "at=soon", 400)["error"]["parameter"], "at");
  EXPECT_EQ(get(a, "/v2/profile/planet/KP", "", 400)["error"]["parameter"], "entityType");
}

// The profile route over a store `replay --db` wrote on kp-2014-small
// (ctest api_profile_kp_2014_small sets DW_PROFILE_DB; tests/api_profile.sh).
TEST(ApiProfileReplay, LatestAtAndHistoryFromARealStore) {
  const char* db = std::getenv("DW_PROFILE_DB");
  if (!db) GTEST_SKIP() << "DW_PROFILE_DB not set (ctest api_profile_kp_2014_small sets it)";
  api::Api a(db);
  auto get = [&](const std::string& path, const std::string& query, int status = 200) {
    api::ApiError err;
    auto p = api::split_path(path, err);
    EXPECT_TRUE(p) << path;
    auto r = a.handle(*p, query);
    EXPECT_EQ(r.status, status) << path << "?" << query << ": " << r.body.substr(0, 400);
    return json::parse(r.body);
  };
  auto latest = get("/v2/profile/country/kp", "");
  EXPECT_EQ(latest["type"], "profile");
  EXPECT_TRUE(latest["error"].is_null());
  EXPECT_EQ(latest["requestParameters"]["entityCode"], "kp");
  const auto& p = latest["data"];
  EXPECT_EQ(p["entity"], "country:KP");
  ASSERT_EQ(p["international_upstreams"].size(), 1u) << p.dump();
  EXPECT_EQ(p["international_upstreams"][0]["asn"], 4837);
  EXPECT_EQ(p["international_upstreams"][0]["share"], 1.0);
  EXPECT_EQ(p["tier"], "severe");
  EXPECT_EQ(p["size"]["ipv4_addresses"], 1024);
  ASSERT_FALSE(p["single_points_of_failure"].empty());
  EXPECT_EQ(p["single_points_of_failure"][0]["asn"], 4837);

  // the history: one entry per stored day, oldest first. The US has both
  // days of kp-2014-small; KP only the 22nd (on the 23rd at 00:00, in its
  // outage, no route to it was left: no profile that day)
  auto us = get("/v2/profile/country/US", "from=2014-12-01T00:00:00Z&until=2015-01-01T00:00:00Z");
  EXPECT_EQ(us["type"], "profile");
  const auto& udays = us["data"];
  ASSERT_EQ(udays.size(), 2u) << udays.dump().substr(0, 400);
  EXPECT_EQ(us["total"], 2);
  EXPECT_EQ(udays[0]["day"], "2014-12-22");
  EXPECT_EQ(udays[1]["day"], "2014-12-23");
  for (const auto& d : udays) {
    EXPECT_EQ(d["day"].get<std::string>(), d["time"].get<std::string>().substr(0, 10));
    EXPECT_FALSE(d["international_upstreams"].empty());
    EXPECT_EQ(d["international_upstream_count"], d["international_upstreams"].size());
    EXPECT_TRUE(d.contains("tier") && d.contains("largest_dependence") && d.contains("size"));
    EXPECT_FALSE(d["international_upstreams"][0].contains("text"));
  }
  auto hist = get("/v2/profile/country/KP", "from=2014-12-01T00:00:00Z&until=2015-01-01T00:00:00Z");
  const auto& days = hist["data"];
  ASSERT_EQ(days.size(), 1u) << days.dump();
  // the first day's profile was taken before the outage (22 Dec 16:15)
  const auto& first = days[0];
  EXPECT_EQ(first["day"], "2014-12-22");
  EXPECT_EQ(first["tier"], "severe");
  EXPECT_EQ(first["international_upstreams"][0]["asn"], 4837);
  EXPECT_EQ(first["largest_dependence"]["asn"], 4837);
  EXPECT_EQ(first["largest_dependence"]["share"], 1.0);
  EXPECT_EQ(first["single_points_of_failure"][0]["asn"], 4837);

  // at: the latest taken at or before it
  uint32_t t1 = first["at"].get<uint32_t>();
  auto at1 = get("/v2/profile/country/KP", "at=" + std::to_string(t1));
  EXPECT_EQ(at1["data"]["at"], t1);
  auto early = get("/v2/profile/country/KP", "at=2014-12-01T00:00:00Z", 404);
  EXPECT_EQ(early["error"]["parameter"], "at");
  // one day only
  auto one = get("/v2/profile/country/KP", "from=2014-12-22T00:00:00Z&until=2014-12-23T00:00:00Z");
  ASSERT_EQ(one["data"].size(), 1u);
  EXPECT_EQ(one["data"][0]["day"], "2014-12-22");
  // an origin's own profile
  EXPECT_EQ(get("/v2/profile/asn/AS131279", "")["data"]["entity"], "asn:131279");
  // bad parameters are named
  EXPECT_EQ(get("/v2/profile/country/KP", "at=1&from=1", 400)["error"]["parameter"], "at");
  EXPECT_EQ(get("/v2/profile/country/KP", "from=2015-01-01&until=2014-01-01", 400)["error"]["parameter"], "until");
  EXPECT_EQ(get("/v2/profile/country/KP", "since=1", 400)["error"]["parameter"], "since");
  EXPECT_EQ(get("/v2/profile/country/KPX", "", 400)["error"]["parameter"], "entityCode");
  EXPECT_EQ(get("/v2/profile/asn/64511", "", 404)["error"]["code"], 404);
}

TEST_F(ApiStore, EventsEntitiesAndOneEventExplained) {
  api::Api a(path_);
  auto list = get(a, "/v2/outages/events", "entityType=country&entityCode=KP");
  ASSERT_EQ(list["data"].size(), 1u);
  auto& e = list["data"][0];
  EXPECT_EQ(e["location"], "country/KP");
  EXPECT_EQ(e["location_name"], "North Korea");
  EXPECT_EQ(e["start"], t0 + 10 * 300 + 15);
  EXPECT_EQ(e["duration"], 10 * 300 - 10);
  EXPECT_EQ(e["status"], "closed");
  EXPECT_EQ(list["total"], 1);
  EXPECT_EQ(get(a, "/v2/outages/events", "from=1419206400&until=1419209000")["data"].size(), 0u);
  auto one = get(a, "/v2/outages/events/" + std::to_string(e["id"].get<int>()), "");
  EXPECT_EQ(one["data"]["single_upstream"], true);
  EXPECT_EQ(one["data"]["upstreams"][0]["asn"], 4837);
  EXPECT_EQ(one["data"]["origins"][0]["name"], "Star Joint Venture");
  ASSERT_EQ(one["data"]["ruledOut"].size(), 1u);
  EXPECT_EQ(one["data"]["ruledOut"][0]["kind"], "peer_down");
  auto ents = get(a, "/v2/entities/query", "search=north");
  ASSERT_EQ(ents["data"].size(), 1u);
  EXPECT_EQ(ents["data"][0]["code"], "KP");
  EXPECT_EQ(ents["data"][0]["attrs"]["status"], "normal");
  EXPECT_EQ(ents["data"][0]["attrs"]["visible24s"], 4);
  EXPECT_EQ(ents["data"][0]["attrs"]["lastEvent"]["kind"], "outage");
  EXPECT_EQ(get(a, "/v2/entities/query", "entityType=asn")["data"][0]["name"], "Star Joint Venture");
  auto sum = get(a, "/v2/outages/summary", "");
  ASSERT_EQ(sum["data"].size(), 1u);
  EXPECT_EQ(sum["data"][0]["outage_cnt"], 1);
}

namespace {

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// reads until `needle` arrives or the peer closes
std::string read_until(int fd, const std::string& needle) {
  std::string got;
  char buf[4096];
  while (got.find(needle) == std::string::npos) {
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  return got;
}

}  // namespace

TEST_F(ApiStore, StreamDeliversPublishedEvents) {
  api::Server server(path_);
  std::string err;
  int port = server.bind("127.0.0.1:0", err);
  ASSERT_GT(port, 0) << err;
  std::thread t([&] { server.run(); });
  int fd = connect_to(port);
  ASSERT_GE(fd, 0);
  std::string req = "GET /v2/stream HTTP/1.1\r\nHost: x\r\n\r\n";
  ::send(fd, req.data(), req.size(), 0);
  auto head = read_until(fd, ": darkwatch stream");
  EXPECT_NE(head.find("text/event-stream"), std::string::npos) << head;
  for (int i = 0; i < 100 && server.stream_subscribers() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  server.publish("event.open", R"({"id":7,"kind":"outage"})");
  auto got = read_until(fd, "\"id\":7");
  EXPECT_NE(got.find("event: event.open\n"), std::string::npos) << got;
  EXPECT_NE(got.find("data: {\"id\":7,\"kind\":\"outage\"}"), std::string::npos) << got;
  ::close(fd);
  server.stop();
  t.join();
}

TEST_F(ApiStore, ASlowClientIsDroppedWhileOthersAreServed) {
  api::Limits l;
  l.head_timeout = std::chrono::milliseconds(1500);
  api::Server server(path_, l);
  std::string err;
  int port = server.bind("127.0.0.1:0", err);
  ASSERT_GT(port, 0) << err;
  std::thread t([&] { server.run(); });
  int slow = connect_to(port);
  ASSERT_GE(slow, 0);
  auto start = std::chrono::steady_clock::now();
  std::string req = "GET /v2/outages/events HTTP/1.1\r\nHost: x\r\n\r\n";
  std::string answer;
  bool dropped = false;
  for (size_t i = 0; i < req.size() && !dropped; ++i) {  // one byte every 200 ms
    if (::send(slow, &req[i], 1, MSG_NOSIGNAL) != 1) dropped = true;
    if (i == 2) {  // meanwhile another client is answered at once
      int fast = connect_to(port);
      ::send(fast, req.data(), req.size(), 0);
      auto r = read_until(fast, "\"data\":");
      EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos) << r;
      ::close(fast);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    char buf[512];
    ssize_t n = ::recv(slow, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) answer.append(buf, static_cast<size_t>(n));
    if (n == 0) dropped = true;
  }
  answer += read_until(slow, "\n}");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(answer.find("408"), std::string::npos) << answer;
  EXPECT_LT(secs, 4.0);  // dropped at the deadline, long before the request was complete (9 s)
  ::close(slow);
  server.stop();
  t.join();
}

TEST_F(ApiStore, CachedAnswersLastOnlyWhileTheStoreIsUnchanged) {
  api::Api a(path_, 1 << 20);
  api::ApiError err;
  auto path = *api::split_path("/v2/outages/events", err);
  auto first = a.handle(path, "");
  auto second = a.handle(path, "");
  EXPECT_FALSE(first.cached);
  EXPECT_TRUE(second.cached);
  EXPECT_EQ(first.body, second.body);
  EXPECT_FALSE(a.handle(path, "limit=5").cached);  // another query is another answer
  EXPECT_FALSE(a.handle(*api::split_path("/v2/outages/events/99", err), "").cached);  // errors are not kept
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a new modification time
  {
    store::Database db(path_, false);
    db.exec("INSERT INTO event (kind, entity_type, entity_code, start, \"end\", severity, json) "
            "SELECT kind, entity_type, entity_code, start + 7200, \"end\" + 7200, severity, json FROM event WHERE kind = 'outage'");
  }
  auto third = a.handle(path, "");
  EXPECT_FALSE(third.cached);
  EXPECT_EQ(json::parse(third.body)["total"], 2);
}

TEST_F(ApiStore, IdenticalRequestsInFlightAreComputedOnceEvenWithNoCache) {
  api::ResponseCache cache(path_, 0);  // nothing kept
  std::atomic<int> computed{0};
  auto slow = [&] {
    ++computed;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return api::Reply{200, "application/json", "{\"n\":" + std::to_string(computed.load()) + "}"};
  };
  bool hit_a = true, hit_b = false;
  api::Reply ra, rb;
  std::thread a([&] { ra = cache.get("/v2/x?", slow, hit_a); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // b asks while a computes
  std::thread b([&] { rb = cache.get("/v2/x?", slow, hit_b); });
  a.join();
  b.join();
  EXPECT_EQ(computed.load(), 1);
  EXPECT_FALSE(hit_a);
  EXPECT_TRUE(hit_b);  // shared the one in flight
  EXPECT_EQ(ra.body, rb.body);
  bool hit_c = true;
  cache.get("/v2/x?", slow, hit_c);  // afterwards: computed again, as nothing is kept
  EXPECT_FALSE(hit_c);
  EXPECT_EQ(computed.load(), 2);
}

TEST(ServerWithoutStore, JsonRoutesSayNoStoreWhileTheRestWorks) {
  api::Server server("");
  EXPECT_FALSE(server.has_store());
  server.add_json_route("/status", [] { return std::string("{\"ok\":true}"); });
  std::string err;
  int port = server.bind("127.0.0.1:0", err);
  ASSERT_GT(port, 0) << err;
  std::thread t([&] { server.run(); });
  auto get = [&](const std::string& target, const std::string& until) {
    int fd = connect_to(port);
    std::string req = "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ::send(fd, req.data(), req.size(), 0);
    auto r = read_until(fd, until);
    ::close(fd);
    return r;
  };
  auto r = get("/v2/entities/query?entityType=country", "\n}");
  EXPECT_NE(r.find("HTTP/1.1 503"), std::string::npos) << r;
  EXPECT_NE(r.find("no store"), std::string::npos) << r;
  r = get("/v2/signals/raw/country/KP", "\n}");
  EXPECT_NE(r.find("HTTP/1.1 503"), std::string::npos) << r;
  r = get("/status", "{\"ok\":true}");
  EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos) << r;
  r = get("/", "</html>");
  EXPECT_NE(r.find("HTTP/1.1 200"), std::string::npos) << r;
  r = get("/v2/stream", ": darkwatch stream");
  EXPECT_NE(r.find("text/event-stream"), std::string::npos) << r;
  server.stop();
  t.join();
}
