// GET /v2/entities/query?entityType=&search=&relatedTo=&limit=&page=
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "api/params.h"
#include "api/route.h"

namespace dw::api {

const std::vector<std::string_view> kEntitiesParams{"entityType", "search", "relatedTo", "limit", "page"};

namespace {

using nlohmann::ordered_json;
constexpr int64_t kMaxLimit = 5000, kDefaultLimit = 100, kMaxPage = 1000000;
constexpr size_t kMaxSearch = 64;
constexpr double kPartialBelow = 0.9;  // an outage losing less than this share is "partial"

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// the state at the store's end: the events overlapping its last second
std::string status_of(const store::ApiReader& db, const store::EntityRow& e) {
  store::EventFilter f;
  f.from = db.last_ts(), f.until = db.last_ts() + 1;
  f.entity_type = e.type, f.entity_code = e.code;
  size_t total = 0;
  bool instability = false;
  std::string out = "normal";
  for (const auto& ev : db.events(f, false, 100, 0, total)) {
    if (ev.kind == "outage") return ev.severity.value_or(1) >= kPartialBelow ? "outage" : "partial";
    instability = instability || ev.kind == "instability";
  }
  return instability ? "instability" : out;
}

}  // namespace

std::optional<ApiError> entities_query(RouteContext& c) {
  ApiError err;
  std::string type = c.query.get("entityType").value_or("");
  if (!type.empty() && type != "country" && type != "asn")
    return ApiError{400, "entityType", "entityType: must be country or asn"};
  std::string search = lower(c.query.get("search").value_or(""));
  if (search.size() > kMaxSearch) return ApiError{400, "search", "search: longer than 64 characters"};
  auto limit = int_param(c.query, "limit", 1, kMaxLimit, kDefaultLimit, err);
  if (!limit) return err;
  auto page = int_param(c.query, "page", 0, kMaxPage, 0, err);
  if (!page) return err;
  std::optional<std::unordered_set<int64_t>> related;
  if (auto rel = c.query.get("relatedTo")) {
    auto ref = location_ref(*rel, "relatedTo", err);
    if (!ref) return err;
    auto e = find_entity(c.db, *ref, "relatedTo", err);
    if (!e) return err;
    auto ids = c.db.related(e->id, type);
    related.emplace(ids.begin(), ids.end());
  }

  struct Match {
    store::EntityRow row;
    std::string name;
  };
  std::vector<Match> matches;
  for (auto& row : c.db.entities(type)) {
    if (related && !related->count(row.id)) continue;
    std::string name = entity_name(row.type, row.code, row.name);
    if (!search.empty() && lower(row.code).find(search) == std::string::npos &&
        lower(name).find(search) == std::string::npos && lower("as" + row.code) != search)
      continue;
    matches.push_back({std::move(row), std::move(name)});
  }
  // countries by code, then ASes by number
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    if (a.row.type != b.row.type) return a.row.type == "country";
    if (a.row.code.size() != b.row.code.size() && a.row.type == "asn") return a.row.code.size() < b.row.code.size();
    return a.row.code < b.row.code;
  });

  ordered_json data = ordered_json::array();
  size_t offset = static_cast<size_t>(*page) * static_cast<size_t>(*limit);
  uint32_t end = c.db.last_ts();
  for (size_t i = offset; i < matches.size() && data.size() < static_cast<size_t>(*limit); ++i) {
    const auto& m = matches[i];
    auto now = c.db.now(m.row.id, end);
    ordered_json attrs;
    attrs["status"] = status_of(c.db, m.row);
    attrs["visible24s"] = now.v4;
    attrs["visible48s"] = now.v6;
    attrs["prefixes"] = now.prefixes;
    attrs["upstreams"] = now.upstreams;
    attrs["fullFeedPeers"] = now.peers;
    if (now.max_v4_day > 0) attrs["share"] = static_cast<double>(now.v4) / static_cast<double>(now.max_v4_day);
    else if (now.max_v6_day > 0) attrs["share"] = static_cast<double>(now.v6) / static_cast<double>(now.max_v6_day);
    else attrs["share"] = nullptr;
    if (auto last = c.db.last_event(m.row.type, m.row.code)) {
      attrs["lastEvent"] = {{"id", last->id}, {"kind", last->kind}, {"start", last->start},
                            {"end", last->end ? ordered_json(*last->end) : ordered_json(nullptr)},
                            {"severity", last->severity ? ordered_json(*last->severity) : ordered_json(nullptr)}};
    } else {
      attrs["lastEvent"] = nullptr;
    }
    ordered_json j;
    j["code"] = m.row.code;
    j["name"] = m.name;
    j["type"] = m.row.type;
    j["fqid"] = m.row.type + "." + m.row.code;
    j["attrs"] = std::move(attrs);
    data.push_back(std::move(j));
  }
  c.out.data = data.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  c.out.total = matches.size();
  return std::nullopt;
}

}  // namespace dw::api
