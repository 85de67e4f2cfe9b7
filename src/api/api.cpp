#include "api/api.h"

#include <nlohmann/json.hpp>

#include "api/envelope.h"
#include "api/params.h"
#include "api/query_string.h"
#include "api/response_cache.h"
#include "api/route.h"

namespace dw::api {

namespace {

using RouteFn = std::optional<ApiError> (*)(RouteContext&);

struct RouteSpec {
  const char* type;
  std::vector<const char*> pattern;  // "*" matches any one segment
  RouteFn fn;
  const std::vector<std::string_view>* params;
};

const std::vector<RouteSpec>& routes() {
  static const std::vector<RouteSpec> r{
      {"entities", {"v2", "entities", "query"}, entities_query, &kEntitiesParams},
      {"signals", {"v2", "signals", "raw", "*", "*"}, signals_raw, &kSignalsParams},
      {"outages.events", {"v2", "outages", "events"}, outages_events, &kEventsParams},
      {"outages.event", {"v2", "outages", "events", "*"}, outage_event, &kEventParams},
      {"outages.summary", {"v2", "outages", "summary"}, outages_summary, &kSummaryParams},
      {"profile", {"v2", "profile", "*", "*"}, profile_route, &kProfileParams},
  };
  return r;
}

bool matches(const RouteSpec& r, const std::vector<std::string>& path) {
  if (r.pattern.size() != path.size()) return false;
  for (size_t i = 0; i < path.size(); ++i)
    if (std::string_view(r.pattern[i]) != "*" && path[i] != r.pattern[i]) return false;
  return true;
}

}  // namespace

class Api::Lease {
 public:
  explicit Lease(Api& a) : api_(a), r_(a.borrow()) {}
  ~Lease() { api_.give_back(std::move(r_)); }
  store::ApiReader& operator*() { return *r_; }

 private:
  Api& api_;
  std::unique_ptr<store::ApiReader> r_;
};

Api::Api(std::string db_path, size_t cache_bytes) : path_(std::move(db_path)) {
  give_back(std::make_unique<store::ApiReader>(path_));
  // even with no bytes to keep answers in, identical requests in flight are computed once
  cache_ = std::make_unique<ResponseCache>(path_, cache_bytes);
}
Api::~Api() = default;

Reply Api::handle(const std::vector<std::string>& path, std::string_view raw_query) {
  if (!cache_) return compute(path, raw_query);
  std::string key;
  for (const auto& s : path) key += "/" + s;
  key += "?";
  key += raw_query;
  bool hit = false;
  Reply r = cache_->get(key, [&] { return compute(path, raw_query); }, hit);
  r.cached = hit;
  return r;
}

std::unique_ptr<store::ApiReader> Api::borrow() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto r = std::move(idle_.back());
      idle_.pop_back();
      r->refresh();
      return r;
    }
  }
  return std::make_unique<store::ApiReader>(path_);
}

void Api::give_back(std::unique_ptr<store::ApiReader> r) {
  if (!r) return;
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(r));
}

Reply Api::error_reply(const std::string& type, const ApiError& err) {
  Envelope env;
  env.type = type;
  env.error = err;
  return {err.status, "application/json", env.json()};
}

Reply Api::compute(const std::vector<std::string>& path, std::string_view raw_query) {
  Envelope env;
  const RouteSpec* spec = nullptr;
  for (const auto& r : routes())
    if (matches(r, path)) spec = &r;
  env.type = spec ? spec->type : "error";
  if (!spec) {
    std::string p;
    for (const auto& s : path) p += "/" + s;
    env.error = ApiError{404, "", "no such route: " + (p.empty() ? std::string("/") : p) + " (see docs/api.md)"};
    return {404, "application/json", env.json()};
  }
  QueryError qerr;
  auto q = QueryString::parse(raw_query, *spec->params, qerr);
  if (!q) {
    env.error = ApiError{400, qerr.parameter, qerr.message};
    return {400, "application/json", env.json()};
  }
  env.parameters = q->all();
  // the path's parts are parameters too, named as IODA names them
  if (env.type == "signals") env.parameters["entityType"] = path[3], env.parameters["entityCode"] = path[4];
  if (env.type == "profile") env.parameters["entityType"] = path[2], env.parameters["entityCode"] = path[3];
  if (env.type == "outages.event") env.parameters["id"] = path[3];
  try {
    Lease db(*this);
    RouteContext c{*db, *q, path, env};
    env.error = spec->fn(c);
  } catch (const std::exception& e) {
    // the store could not be read (locked, damaged, gone): the edge says so
    env.error = ApiError{500, "", std::string("store: ") + e.what()};
  }
  return {env.status(), "application/json", env.json()};
}

}  // namespace dw::api
