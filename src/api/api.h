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
#include "store/api_reader.h"

namespace dw::api {

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// The decoded segments of a URL path ("/v2/signals/raw/country/KP" -> v2,
// signals, raw, country, KP), or a 400: no empty, "." or ".." segment, no
// encoded slash or backslash, no NUL, nothing but an origin-form path.
std::optional<std::vector<std::string>> split_path(std::string_view raw_path, ApiError& err);

// The exposure profile of an entity as JSON text (issue 12), or nullopt
// when none is stored; wired by the integration (exposure::Profile).
using ProfileProvider = std::function<std::optional<std::string>(const std::string& type, const std::string& code)>;

class Api {
 public:
  explicit Api(std::string db_path);  // throws when it is not a darkwatch store
  // path segments from split_path, raw query (after '?', undecoded)
  Reply handle(const std::vector<std::string>& path, std::string_view raw_query);
  // A JSON error in the envelope, for the server's own refusals.
  static Reply error_reply(const std::string& type, const ApiError& err);
  void set_profile_provider(ProfileProvider p) { profiles_ = std::move(p); }

 private:
  class Lease;
  std::unique_ptr<store::ApiReader> borrow();
  void give_back(std::unique_ptr<store::ApiReader>);

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::ApiReader>> idle_;
  ProfileProvider profiles_;
};

}  // namespace dw::api
