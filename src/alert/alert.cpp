#include "alert/alert.h"

#include <syslog.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace dw::alert {

std::string alert_json(const Alert& a) {
  nlohmann::json j = {{"text", a.text}, {"state", a.state}};
  auto ev = nlohmann::json::parse(a.event_json, nullptr, false);
  j["event"] = ev.is_discarded() ? nlohmann::json(a.event_json) : ev;
  return j.dump();
}

Alert make_alert(const std::string& event_json, bool closed) {
  Alert a;
  a.event_json = event_json;
  auto j = nlohmann::json::parse(event_json, nullptr, false);
  if (j.is_discarded()) {
    a.state = closed ? "close" : "open";
    a.text = "darkwatch event";
    return a;
  }
  std::string kind = j.value("kind", "?");
  std::string ent = j.contains("entity") ? j["entity"].value("type", "") + ":" + j["entity"].value("code", "") : "";
  char buf[512];
  if (kind == "outage") {
    a.state = closed ? "close" : "open";
    if (closed)
      snprintf(buf, sizeof buf, "RECOVERED %s: outage %s to %s, %.0f%% of %s space had been lost", ent.c_str(),
               j.value("start", "").c_str(), j["end"].is_string() ? j["end"].get<std::string>().c_str() : "?",
               100 * j.value("severity", 0.0), j.value("family", "ipv4").c_str());
    else
      snprintf(buf, sizeof buf, "OUTAGE %s: %.0f%% of %s space lost since %s (%zu prefixes)%s", ent.c_str(),
               100 * j.value("severity", 0.0), j.value("family", "ipv4").c_str(), j.value("start", "").c_str(),
               static_cast<size_t>(j.value("prefix_count", 0)),
               j.contains("explanation") && j["explanation"].value("single_upstream", false)
                   ? "; it depended on a single upstream"
                   : "");
  } else if (kind == "instability") {
    a.state = "close";
    snprintf(buf, sizeof buf, "INSTABILITY %s: %d losses and returns from %s to %s", ent.c_str(),
             j.value("episodes", 0), j.value("start", "").c_str(),
             j["end"].is_string() ? j["end"].get<std::string>().c_str() : "now");
  } else {
    a.state = "notice";
    snprintf(buf, sizeof buf, "%s %s from %s", kind.c_str(), ent.c_str(), j.value("start", "").c_str());
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
