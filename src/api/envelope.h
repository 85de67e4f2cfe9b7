// The one envelope of every JSON response (docs/api.md): type, metadata,
// requestParameters, error, perf, data (and total for paged routes).
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "api/api_error.h"

namespace dw::api {

struct Envelope {
  std::string type;
  std::map<std::string, std::string> parameters;  // as given, decoded
  std::optional<ApiError> error;
  std::string data = "null";  // JSON text
  std::optional<size_t> total;
  std::chrono::system_clock::time_point received = std::chrono::system_clock::now();
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  int status() const { return error ? error->status : 200; }
  std::string json() const;
};

}  // namespace dw::api
