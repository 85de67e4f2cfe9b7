#include "api/envelope.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "bgp/time_text.h"

namespace dw::api {

std::string Envelope::json() const {
  using nlohmann::ordered_json;
  auto now = std::chrono::system_clock::now();
  auto secs = [](std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  };
  ordered_json params = ordered_json::object();
  for (const auto& [k, v] : parameters) params[k] = v;
  ordered_json err = nullptr;
  if (error) {
    err = ordered_json::object();
    err["code"] = error->status;
    err["parameter"] = error->parameter.empty() ? ordered_json(nullptr) : ordered_json(error->parameter);
    err["message"] = error->message;
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  char perf[64];
  std::snprintf(perf, sizeof perf, "{\"ms\":%.3f}", ms);
  std::string out;
  out.reserve(data.size() + 1024);
  out = "{\"type\":" + ordered_json(type).dump();
  out += ",\"metadata\":{\"requestTime\":\"" + bgp::iso8601(secs(received)) + "\",\"responseTime\":\"" +
         bgp::iso8601(secs(now)) + "\"}";
  out += ",\"requestParameters\":" + params.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  out += ",\"error\":" + err.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  out += ",\"perf\":";
  out += perf;
  if (total) out += ",\"total\":" + std::to_string(*total);
  out += ",\"data\":";
  out += error ? std::string("null") : data;
  out += "}\n";
  return out;
}

}  // namespace dw::api
