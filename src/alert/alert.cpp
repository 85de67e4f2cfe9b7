#include "alert/alert.h"

#include <curl/curl.h>
#include <syslog.h>

#include <cstdio>
#include <mutex>
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
  WebhookSink(const std::string& url, long timeout_ms) : url_(url), timeout_(timeout_ms) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
    if (!curl_) throw std::runtime_error("libcurl: cannot start");
  }
  ~WebhookSink() override { curl_easy_cleanup(curl_); }
  void send(const Alert& a) override {
    std::string body = alert_json(a);
    curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, +[](char*, size_t n, size_t m, void*) { return n * m; });
    CURLcode rc = curl_easy_perform(curl_);
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    if (rc != CURLE_OK || status < 200 || status >= 300) {
      ++failures_;
      fprintf(stderr, "darkwatch: webhook %s: %s\n", url_.c_str(),
              rc != CURLE_OK ? curl_easy_strerror(rc) : ("HTTP " + std::to_string(status)).c_str());
    }
  }
  std::string name() const override { return "webhook " + url_; }

 private:
  std::string url_;
  long timeout_;
  CURL* curl_ = nullptr;
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
std::unique_ptr<AlertSink> webhook_sink(const std::string& url, long timeout_ms) {
  return std::make_unique<WebhookSink>(url, timeout_ms);
}
std::unique_ptr<AlertSink> syslog_sink() { return std::make_unique<SyslogSink>(); }

}  // namespace dw::alert
