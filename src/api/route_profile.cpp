// GET /v2/profile/{entityType}/{entityCode}?at=      one stored exposure profile
// GET /v2/profile/{entityType}/{entityCode}?from=&until=   its history, a day a row
// Profiles are the daily rows `replay --db` and `watch --db` store
// (docs/exposure.md); the JSON is the one exposure::to_json writes.
#include <nlohmann/json.hpp>

#include "api/params.h"
#include "api/route.h"
#include "bgp/time_text.h"

namespace dw::api {

const std::vector<std::string_view> kProfileParams{"at", "from", "until"};

namespace {

using nlohmann::json;

json as_of(const json& a) {
  json j{{"asn", a.value("asn", 0u)}, {"share", a.value("share", 0.0)}};
  if (a.contains("name")) j["name"] = a["name"];
  if (a.contains("country")) j["country"] = a["country"];
  return j;
}

// One day of the history: what a page needs to draw upstreams over time.
json history_entry(const store::ProfileRow& r) {
  json p = json::parse(r.json, nullptr, false);
  json e{{"day", bgp::iso8601(r.day).substr(0, 10)}, {"at", r.ts}, {"time", bgp::iso8601(r.ts)}};
  if (!p.is_object()) {
    e["error"] = "stored profile is not JSON";
    return e;
  }
  e["tier"] = p.value("tier", std::string());
  e["seen"] = p.value("seen", 0.0);
  e["vantage_points"] = p.value("vantage_points", 0u);
  json ups = json::array();
  if (p.contains("international_upstreams"))
    for (const auto& a : p["international_upstreams"]) ups.push_back(as_of(a));
  e["international_upstream_count"] = ups.size();
  e["international_upstreams"] = std::move(ups);
  // the first real AS of the dependence list (AS 0 is never one)
  e["largest_dependence"] = nullptr;
  if (p.contains("dependence"))
    for (const auto& a : p["dependence"])
      if (a.value("asn", 0u) != 0) {
        e["largest_dependence"] = as_of(a);
        break;
      }
  json spof = json::array();
  if (p.contains("single_points_of_failure"))
    for (const auto& f : p["single_points_of_failure"]) spof.push_back(as_of(f));
  e["single_points_of_failure"] = std::move(spof);
  if (p.contains("size")) e["size"] = p["size"];
  e["origin_count"] = p.value("origin_count", 0u);
  return e;
}

}  // namespace

std::optional<ApiError> profile_route(RouteContext& c) {
  ApiError err;
  auto ref = entity_ref(c.path[2], c.path[3], "entityType", "entityCode", err);
  if (!ref) return err;
  std::string key = ref->type + ":" + ref->code;  // as the store keys them (exposure::Entity::str)
  bool history = c.query.has("from") || c.query.has("until");
  if (history && c.query.has("at"))
    return ApiError{400, "at", "at: one profile (at) or a history (from/until), not both"};
  if (!history) {
    auto at = time_param(c.query, "at", UINT32_MAX, err);
    if (!at) return err;
    auto row = c.db.profile(key, *at);
    if (!row)
      return ApiError{404, c.query.has("at") ? "at" : "",
                      "no profile stored for " + ref->location() + (c.query.has("at") ? " at or before at" : "")};
    c.out.data = row->json;
    return std::nullopt;
  }
  auto from = time_param(c.query, "from", 0, err);
  if (!from) return err;
  auto until = time_param(c.query, "until", UINT32_MAX, err);
  if (!until) return err;
  if (*until <= *from) return ApiError{400, "until", "until: must be after from"};
  auto rows = c.db.profile_days(key, *from, *until);
  if (rows.empty() && !c.db.profile(key, UINT32_MAX))
    return ApiError{404, "", "no profile stored for " + ref->location()};
  json days = json::array();
  for (const auto& r : rows) days.push_back(history_entry(r));
  c.out.total = days.size();
  c.out.data = days.dump(-1, ' ', false, json::error_handler_t::replace);
  return std::nullopt;
}

}  // namespace dw::api
