// Alerts as events open and close: one message per change, sent to every sink
// (JSON lines to a file or stdout, a webhook POST, syslog). A message carries
// the event as darkwatch writes it and a one-line `text` a human (or Slack,
// which reads exactly that field) can act on.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "detect/event.h"

namespace dw::alert {

struct Alert {
  std::string state;  // "open", "close" (recovery), "notice"
  std::string text;   // one line for people
  std::string event_json;  // the event as detect::to_json wrote it
};

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // Errors are reported on stderr and counted; an alert that cannot be
  // delivered must not stop the run that raised it.
  virtual void send(const Alert&) = 0;
  virtual std::string name() const = 0;
  uint64_t failures() const { return failures_; }

 protected:
  uint64_t failures_ = 0;
};

// "-" for stdout; appends to a file otherwise.
std::unique_ptr<AlertSink> jsonl_sink(const std::string& path);
// Delivers a JSON body by HTTP POST: the problem, or empty when the server
// answered 2xx. (libcurl does it, in a module loaded on demand: http_post.h.)
using HttpPost = std::function<std::string(const std::string& url, const std::string& body, long timeout_ms)>;
// POSTs {"text":..., "state":..., "event":{...}} as application/json.
std::unique_ptr<AlertSink> webhook_sink(const std::string& url, HttpPost post, long timeout_ms = 5000);
// syslog(3), facility daemon, ident "darkwatch"; warning on open, notice on close.
std::unique_ptr<AlertSink> syslog_sink();

// The message body every sink sends.
std::string alert_json(const Alert& a);
// "OUTAGE country:KP: 100% of ipv4 space lost since 2014-12-22T16:15:03Z ..."
Alert make_alert(const detect::EventRecord& e, bool closed);

class Alerter {
 public:
  void add(std::unique_ptr<AlertSink> s) { sinks_.push_back(std::move(s)); }
  bool empty() const { return sinks_.empty(); }
  void send(const Alert& a) {
    for (auto& s : sinks_) s->send(a);
  }
  uint64_t failures() const;

 private:
  std::vector<std::unique_ptr<AlertSink>> sinks_;
};

}  // namespace dw::alert
