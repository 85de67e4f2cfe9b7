// The runtime: events from a queue lane reach the engine in order and the
// run ends with its inputs; the status renders as Prometheus text and JSON.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "net/source_names.h"
#include "watch/runtime.h"
#include "watch/status.h"

using namespace dw;

TEST(Runtime, AppliesEveryQueuedEventAndEndsWithItsInputs) {
  engine::Engine eng(nullptr, {});
  net::EventQueue q(100);
  watch::RuntimeConfig rc;
  rc.end_with_inputs = true;
  watch::Runtime rt(eng, q, rc);
  size_t lane = q.open_lane("test");
  rt.start();
  const std::string& src = net::intern_source("r1");
  for (uint32_t i = 0; i < 50; ++i) {
    net::Batch b;
    for (uint32_t k = 0; k < 10; ++k) {
      feed::RouteEvent e;
      e.source = src;
      e.seq = i * 10 + k + 1;
      e.ts = e.elem.ts = 1000000 + i;
      e.elem.type = bgp::ElemType::Announce;
      e.elem.peer_ip = *bgp::IpAddr::parse("192.0.2.1");
      e.elem.peer_as = 65001;
      e.elem.prefix = *bgp::Prefix::parse("10." + std::to_string(i) + "." + std::to_string(k) + ".0/24");
      b.push_back(e);
    }
    q.push(lane, std::move(b));  // waits for the engine when the lane is full (cap 100)
  }
  q.close_lane(lane);
  for (int i = 0; i < 100 && !rt.finished(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_TRUE(rt.finished()) << "the run ends once its only input ended";
  rt.stop(std::chrono::steady_clock::now());
  EXPECT_EQ(eng.elements(), 500u);
  EXPECT_EQ(eng.rib().prefixes().size(), 500u);
  EXPECT_EQ(eng.positions().at("r1"), 500u) << "the last sequence number applied";
  auto st = rt.status();
  EXPECT_EQ(st.announcements, 500u);
  ASSERT_EQ(st.lanes.size(), 1u);
  EXPECT_EQ(st.lanes[0].events, 500u);
  EXPECT_GE(st.lanes[0].waits, 1u) << "a lane of 100 with 500 pushed must have made the producer wait";
  EXPECT_LE(st.lanes[0].peak_depth, 110u);
  ASSERT_EQ(st.peers.size(), 1u);
  EXPECT_EQ(st.peers[0].prefixes_v4, 500u);
}

TEST(Status, PrometheusCountersAndLabels) {
  watch::Status s;
  s.elements = 7;
  net::ConnectionStats c;
  c.id = 3;
  c.kind = "bmp";
  c.source = "198.51.100.1";
  c.bytes_in = 1234;
  c.read_pauses = 2;
  c.open = true;
  s.connections.push_back(c);
  net::LaneStats l;
  l.name = "bmp \"odd\"\\name";
  l.dropped = 5;
  s.lanes.push_back(l);
  s.peers.push_back({"198.51.100.1", "192.0.2.9", 65001, true, 0, 10, 2});
  auto text = watch::to_prometheus(s);
  EXPECT_NE(text.find("# TYPE darkwatch_elements_total counter\ndarkwatch_elements_total 7\n"), std::string::npos) << text;
  EXPECT_NE(text.find("darkwatch_received_bytes_total{router=\"198.51.100.1\",kind=\"bmp\",connection=\"3\"} 1234\n"),
            std::string::npos);
  EXPECT_NE(text.find("darkwatch_read_pauses_total{router=\"198.51.100.1\",kind=\"bmp\",connection=\"3\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("darkwatch_dropped_events_total{queue=\"bmp \\\"odd\\\"\\\\name\"} 5\n"), std::string::npos)
      << "label values escaped";
  EXPECT_NE(text.find("darkwatch_peer_prefixes{router=\"198.51.100.1\",peer=\"192.0.2.9\",family=\"ipv6\"} 2\n"),
            std::string::npos);
  // every counter's name ends in _total
  for (size_t p = text.find("# TYPE "); p != std::string::npos; p = text.find("# TYPE ", p + 1)) {
    auto line = text.substr(p, text.find('\n', p) - p);
    if (line.ends_with(" counter")) EXPECT_NE(line.find("_total counter"), std::string::npos) << line;
  }
  auto j = nlohmann::json::parse(watch::to_json(s));
  EXPECT_EQ(j["dropped"], 5);
  EXPECT_EQ(j["connections"][0]["read_pauses"], 2);
  EXPECT_EQ(j["peers"][0]["asn"], 65001);
}
