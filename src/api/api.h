// The JSON API over one stored run, without sockets: a request's method, raw
// path and raw query string in, a status, content type and body out. The
// server (server.h) hands requests here; tests and the fuzzer can too.
// Thread-safe: each thread borrows a read-only connection of its own.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/api_error.h"
#include "api/path.h"
#include "store/api_reader.h"

namespace dw::api {

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  bool cached = false;  // served from the response cache
};

class ResponseCache;

class Api {
 public:
  // Throws when it is not a darkwatch store. cache_bytes: answers kept while
  // the store does not change (0: none; response_cache.h).
  explicit Api(std::string db_path, size_t cache_bytes = 0);
  ~Api();
  // path segments from split_path, raw query (after '?', undecoded)
  Reply handle(const std::vector<std::string>& path, std::string_view raw_query);
  // A JSON error in the envelope, for the server's own refusals.
  static Reply error_reply(const std::string& type, const ApiError& err);

 private:
  class Lease;
  Reply compute(const std::vector<std::string>& path, std::string_view raw_query);
  std::unique_ptr<store::ApiReader> borrow();
  void give_back(std::unique_ptr<store::ApiReader>);

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::ApiReader>> idle_;
  std::unique_ptr<ResponseCache> cache_;
};

}  // namespace dw::api
