#include "alert/alert.h"

#include <syslog.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "bgp/time_text.h"
#include "detect/event_json.h"

namespace dw::alert {

std::string alert_json(const Alert& a) {
  return "{\"text\":" + nlohmann::json(a.text).dump() + ",\"state\":" + nlohmann::json(a.state).dump() +
         ",\"event\":" + a.event_json + "}";
}

Alert make_alert(const detect::EventRecord& e, bool closed) {
  Alert a;
  a.event_json = detect::to_json(e);
  std::string ent = e.entity.str();
  std::string start = bgp::iso8601(e.start), end = e.end ? bgp::iso8601(*e.end) : "";
  char buf[512];
  if (e.kind == detect::EventKind::Outage) {
    a.state = closed ? "close" : "open";
    const char* fam = detect::family_name(e.family);
    if (closed)
      snprintf(buf, sizeof buf, "RECOVERED %s: outage %s to %s, %.0f%% of %s space had been lost%s%s", ent.c_str(),
               start.c_str(), e.end ? end.c_str() : "?", 100 * e.severity, fam,
               e.within_instability ? "; a short loss within the instability since " : "",
               e.within_instability ? bgp::iso8601(*e.within_instability).c_str() : "");
    else
      snprintf(buf, sizeof buf, "OUTAGE %s: %.0f%% of %s space lost since %s (%zu prefixes)%s", ent.c_str(),
               100 * e.severity, fam, start.c_str(), e.prefix_count,
               e.explanation && e.explanation->single_upstream ? "; it depended on a single upstream" : "");
  } else {
    a.state = "close";
    // its short outages were alerted as they happened (nobody could know
    // then that instability would follow); this message tells them as its own
    uint32_t longest = 0;
    for (const auto& s : e.short_outages) longest = std::max(longest, s.end - s.start);
    char shorts[160] = "";
    if (!e.short_outages.empty())
      snprintf(shorts, sizeof shorts, "; %zu of them outages of up to %u min %02u s, part of this instability",
               e.short_outages.size(), longest / 60, longest % 60);
    snprintf(buf, sizeof buf, "INSTABILITY %s: %u losses and returns from %s to %s%s", ent.c_str(), e.episodes,
             start.c_str(), e.end ? end.c_str() : "now", shorts);
  }
  a.text = buf;
  return a;
}

uint64_t Alerter::failures() const {
  uint64_t n = 0;
  for (const auto& s : sinks_) n += s->failures();
  return n;
}

namespace {

class JsonlSink : public AlertSink {
 public:
  explicit JsonlSink(const std::string& path) : path_(path) {
    f_ = path == "-" ? stdout : fopen(path.c_str(), "a");
    if (!f_) throw std::runtime_error("cannot open alert file " + path);
  }
  ~JsonlSink() override {
    if (f_ && f_ != stdout) fclose(f_);
  }
  void send(const Alert& a) override {
    if (fprintf(f_, "%s\n", alert_json(a).c_str()) < 0) ++failures_;
    fflush(f_);
  }
  std::string name() const override { return "jsonl " + path_; }

 private:
  std::string path_;
  FILE* f_ = nullptr;
};

class WebhookSink : public AlertSink {
 public:
  WebhookSink(const std::string& url, HttpPost post, long timeout_ms)
      : url_(url), post_(std::move(post)), timeout_(timeout_ms) {}
  void send(const Alert& a) override {
    std::string problem = post_(url_, alert_json(a), timeout_);
    if (!problem.empty()) {
      ++failures_;
      fprintf(stderr, "darkwatch: webhook %s: %s\n", url_.c_str(), problem.c_str());
    }
  }
  std::string name() const override { return "webhook " + url_; }

 private:
  std::string url_;
  HttpPost post_;
  long timeout_;
};

class SyslogSink : public AlertSink {
 public:
  SyslogSink() { openlog("darkwatch", LOG_PID, LOG_DAEMON); }
  ~SyslogSink() override { closelog(); }
  void send(const Alert& a) override {
    syslog(a.state == "open" ? LOG_WARNING : LOG_NOTICE, "%s", a.text.c_str());
  }
  std::string name() const override { return "syslog"; }
};

}  // namespace

std::unique_ptr<AlertSink> jsonl_sink(const std::string& path) { return std::make_unique<JsonlSink>(path); }
std::unique_ptr<AlertSink> webhook_sink(const std::string& url, HttpPost post, long timeout_ms) {
  return std::make_unique<WebhookSink>(url, std::move(post), timeout_ms);
}
std::unique_ptr<AlertSink> syslog_sink() { return std::make_unique<SyslogSink>(); }

}  // namespace dw::alert
