// GET /v2/outages/events, /v2/outages/summary, /v2/outages/events/{id}
#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "api/params.h"
#include "api/route.h"

namespace dw::api {

const std::vector<std::string_view> kEventsParams{"from", "until", "entityType", "entityCode", "kind",
                                                  "orderBy", "limit", "page"};
const std::vector<std::string_view> kSummaryParams{"from", "until", "entityType", "limit", "page"};
const std::vector<std::string_view> kEventParams{};

namespace {

using nlohmann::ordered_json;
constexpr int64_t kMaxLimit = 1000, kDefaultLimit = 100, kMaxPage = 1000000;
constexpr uint32_t kNoticesBefore = 6 * 3600, kNoticesAfter = 3600;

std::string dump(const ordered_json& j) { return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace); }

double round2(double v) { return std::round(v * 100) / 100; }

// The list item of docs/api.md: IODA's fields, then ours.
ordered_json event_item(const store::ApiReader& db, const store::EventRow& e) {
  ordered_json j;
  j["id"] = e.id;
  bool has_entity = !e.entity_type.empty();
  std::string stored_name;
  if (has_entity && e.entity_type == "asn") {
    auto row = db.entity(e.entity_type, e.entity_code);
    if (row) stored_name = row->name;
  }
  std::string name = has_entity ? entity_name(e.entity_type, e.entity_code, stored_name) : "";
  j["location"] = has_entity ? ordered_json(e.entity_type + "/" + e.entity_code) : ordered_json(nullptr);
  j["location_name"] = has_entity ? ordered_json(name) : ordered_json(nullptr);
  j["start"] = e.start;
  uint32_t end = e.end ? *e.end : std::max(db.last_ts(), e.start);
  j["duration"] = end - e.start;
  j["status"] = e.end ? "closed" : "open";
  j["fraction"] = e.severity ? ordered_json(*e.severity) : ordered_json(nullptr);
  j["score"] = round2(store::event_score(e, db.last_ts()));
  j["datasource"] = "bgp";
  j["kind"] = e.kind;
  j["end"] = e.end ? ordered_json(*e.end) : ordered_json(nullptr);
  if (has_entity) j["entity"] = {{"type", e.entity_type}, {"code", e.entity_code}, {"name", name}};
  return j;
}

struct ListParams {
  store::EventFilter filter;
  size_t limit = 0, offset = 0;
};

std::optional<ApiError> list_params(RouteContext& c, bool with_entity, ListParams& p) {
  ApiError err;
  auto w = window_params(c.query, c.db, err);
  if (!w) return err;
  p.filter.from = w->from, p.filter.until = w->until;
  auto type = c.query.get("entityType");
  if (with_entity) {
    auto code = c.query.get("entityCode");
    if (type.has_value() != code.has_value())
      return ApiError{400, type ? "entityCode" : "entityType", "entityType and entityCode go together"};
    if (type) {
      auto ref = entity_ref(*type, *code, "entityType", "entityCode", err);
      if (!ref) return err;
      if (!find_entity(c.db, *ref, "entityCode", err)) return err;
      p.filter.entity_type = ref->type, p.filter.entity_code = ref->code;
    }
    if (auto kind = c.query.get("kind")) {
      if (*kind != "outage" && *kind != "instability")
        return ApiError{400, "kind", "kind: must be outage or instability"};
      p.filter.kinds = {*kind};
    }
  } else if (type && *type != "country" && *type != "asn") {
    return ApiError{400, "entityType", "entityType: must be country or asn"};
  }
  auto limit = int_param(c.query, "limit", 1, kMaxLimit, kDefaultLimit, err);
  if (!limit) return err;
  auto page = int_param(c.query, "page", 0, kMaxPage, 0, err);
  if (!page) return err;
  p.limit = static_cast<size_t>(*limit);
  p.offset = static_cast<size_t>(*page) * p.limit;
  return std::nullopt;
}

ordered_json asn_list(const store::ApiReader& db, const ordered_json& asns) {
  ordered_json out = ordered_json::array();
  if (!asns.is_array()) return out;
  for (const auto& a : asns) {
    if (!a.is_number_unsigned()) continue;
    auto n = a.get<uint32_t>();
    out.push_back({{"asn", n}, {"name", db.as_name(n)}});
  }
  return out;
}

}  // namespace

std::optional<ApiError> outages_events(RouteContext& c) {
  ListParams p;
  if (auto err = list_params(c, true, p)) return err;
  auto order = c.query.get("orderBy").value_or("time");
  if (order != "time" && order != "score") return ApiError{400, "orderBy", "orderBy: must be time or score"};
  size_t total = 0;
  auto rows = c.db.events(p.filter, order == "score", p.limit, p.offset, total);
  ordered_json data = ordered_json::array();
  for (const auto& e : rows) data.push_back(event_item(c.db, e));
  c.out.data = dump(data);
  c.out.total = total;
  return std::nullopt;
}

std::optional<ApiError> outages_summary(RouteContext& c) {
  ListParams p;
  if (auto err = list_params(c, false, p)) return err;
  size_t total = 0;
  auto rows = c.db.events(p.filter, false, SIZE_MAX, 0, total);
  std::string type = c.query.get("entityType").value_or("");
  struct Line {
    std::string type, code;
    double score = 0;
    size_t events = 0, outages = 0, instability = 0;
    const store::EventRow* last = nullptr;
  };
  std::map<std::pair<std::string, std::string>, Line> lines;
  for (const auto& e : rows) {
    if (!type.empty() && e.entity_type != type) continue;
    auto& l = lines[{e.entity_type, e.entity_code}];
    l.type = e.entity_type, l.code = e.entity_code;
    l.score += store::event_score(e, c.db.last_ts());
    ++l.events;
    ++(e.kind == "outage" ? l.outages : l.instability);
    if (!l.last || e.start >= l.last->start) l.last = &e;
  }
  std::vector<const Line*> order;
  for (const auto& [k, l] : lines) order.push_back(&l);
  std::stable_sort(order.begin(), order.end(), [](const Line* a, const Line* b) { return a->score > b->score; });
  ordered_json data = ordered_json::array();
  for (size_t i = p.offset; i < order.size() && data.size() < p.limit; ++i) {
    const Line& l = *order[i];
    std::string stored;
    if (l.type == "asn")
      if (auto row = c.db.entity(l.type, l.code)) stored = row->name;
    ordered_json j;
    j["entity"] = {{"type", l.type}, {"code", l.code}, {"name", entity_name(l.type, l.code, stored)}};
    j["scores"] = {{"overall", round2(l.score)}, {"bgp", round2(l.score)}};
    j["event_cnt"] = l.events;
    j["outage_cnt"] = l.outages;
    j["instability_cnt"] = l.instability;
    j["lastEvent"] = {{"id", l.last->id}, {"kind", l.last->kind}, {"start", l.last->start},
                      {"end", l.last->end ? ordered_json(*l.last->end) : ordered_json(nullptr)}};
    data.push_back(std::move(j));
  }
  c.out.data = dump(data);
  c.out.total = order.size();
  return std::nullopt;
}

std::optional<ApiError> outage_event(RouteContext& c) {
  auto id = parse_int(c.path[3], 1, INT64_MAX);
  if (!id) return ApiError{400, "id", "id: an event id is a positive integer"};
  auto e = c.db.event(*id);
  if (!e) return ApiError{404, "id", "no event " + c.path[3] + " in this store"};
  ordered_json j = event_item(c.db, *e);
  auto detail = ordered_json::parse(e->json, nullptr, false);
  if (detail.is_discarded()) detail = nullptr;
  j["detail"] = detail;
  if (detail.is_object()) {
    j["prefixes"] = detail.value("prefixes", ordered_json::array());
    j["prefix_count"] = detail.value("prefix_count", 0);
    j["origins"] = asn_list(c.db, detail.value("origin_asns", ordered_json::array()));
    if (detail.contains("explanation") && detail["explanation"].is_object()) {
      const auto& x = detail["explanation"];
      j["upstreams"] = asn_list(c.db, x.value("upstreams_before", ordered_json::array()));
      j["single_upstream"] = x.value("single_upstream", false);
      j["agreement"] = {{"peers", x.value("peers_agreeing", 0)},
                        {"collectors", x.value("collectors_agreeing", 0)},
                        {"votingPeers", x.value("voting_peers", 0)}};
      j["cause_hint"] = x.value("cause_hint", "");
    }
  }
  // notices around it, and the other events overlapping it
  uint32_t end = e->end ? *e->end : std::max(c.db.last_ts(), e->start);
  store::EventFilter around;
  around.from = e->start > kNoticesBefore ? e->start - kNoticesBefore : 0;
  around.until = end + kNoticesAfter;
  around.events_only = false;
  around.kinds = {"peer_down", "collector_gap", "local_loss", "failover"};
  size_t total = 0;
  ordered_json ruled = ordered_json::array();
  for (const auto& n : c.db.events(around, false, 1000, 0, total)) {
    auto nj = ordered_json::parse(n.json, nullptr, false);
    ruled.push_back({{"id", n.id}, {"kind", n.kind}, {"start", n.start},
                     {"end", n.end ? ordered_json(*n.end) : ordered_json(nullptr)},
                     {"detail", nj.is_discarded() ? ordered_json(nullptr) : nj}});
  }
  j["ruledOut"] = std::move(ruled);
  store::EventFilter overlap;
  overlap.from = e->start, overlap.until = end + 1;
  ordered_json related = ordered_json::array();
  for (const auto& o : c.db.events(overlap, false, 1000, 0, total))
    if (o.id != e->id) related.push_back(event_item(c.db, o));
  j["related"] = std::move(related);
  c.out.data = dump(j);
  return std::nullopt;
}

}  // namespace dw::api
