// GET /v2/signals/raw/{entityType}/{entityCode}?from=&until=&maxPoints=
#include <charconv>
#include <nlohmann/json.hpp>

#include "api/downsample.h"
#include "api/params.h"
#include "api/route.h"

namespace dw::api {

const std::vector<std::string_view> kSignalsParams{"from", "until", "maxPoints"};

namespace {

constexpr int64_t kMaxPoints = 120000;

struct SeriesInfo {
  const char* subtype;
  const char* aggregation;
  const std::vector<int64_t> Series::*values;
};
constexpr SeriesInfo kSeries[] = {
    {"visible24s", "min", &Series::v4},       {"visible48s", "min", &Series::v6},
    {"prefixes", "min", &Series::prefixes},   {"churn", "sum", &Series::churn},
    {"upstreams", "min", &Series::upstreams}, {"fullFeedPeers", "min", &Series::peers},
};

// a year at full resolution is 105120 values a series: written straight
// into the text, without a JSON tree between
void append_values(std::string& out, const std::vector<int64_t>& v) {
  out.reserve(out.size() + v.size() * 8 + 2);
  out += '[';
  char buf[24];
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    if (v[i] == kNull) {
      out += "null";
      continue;
    }
    auto r = std::to_chars(buf, buf + sizeof buf, v[i]);
    out.append(buf, r.ptr);
  }
  out += ']';
}

}  // namespace

std::optional<ApiError> signals_raw(RouteContext& c) {
  ApiError err;
  auto ref = entity_ref(c.path[3], c.path[4], "entityType", "entityCode", err);
  if (!ref) return err;
  auto e = find_entity(c.db, *ref, "entityCode", err);
  if (!e) return err;
  auto w = window_params(c.query, c.db, err);
  if (!w) return err;
  uint32_t bin = c.db.bin_seconds();
  uint32_t from = w->from - w->from % bin;
  size_t bins = (w->until - from + bin - 1) / bin;
  int64_t dflt = std::min<int64_t>(static_cast<int64_t>(bins), kMaxPoints);
  auto max_points = int_param(c.query, "maxPoints", 1, kMaxPoints, dflt, err);
  if (!max_points) return err;
  size_t factor = (bins + static_cast<size_t>(*max_points) - 1) / static_cast<size_t>(*max_points);
  uint32_t step = static_cast<uint32_t>(factor) * bin;
  size_t points = (bins + factor - 1) / factor;
  uint32_t until = from + static_cast<uint32_t>(points) * step;

  std::optional<store::BinValues> before;
  auto rows = c.db.rows(e->id, from, from + static_cast<uint32_t>(bins) * bin, before);
  Series s = downsample(rows, before, from, bin, bins, factor);

  nlohmann::ordered_json head;
  head["entityType"] = ref->type;
  head["entityCode"] = ref->code;
  head["entityName"] = entity_name(ref->type, ref->code, e->name);
  head["datasource"] = "bgp";
  std::string common = head.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  common.pop_back();  // the closing brace: the series' own fields follow
  std::string out = "[[";
  bool first = true;
  for (const auto& info : kSeries) {
    if (!first) out += ',';
    first = false;
    out += common;
    out += ",\"subtype\":\"";
    out += info.subtype;
    out += "\",\"from\":" + std::to_string(from) + ",\"until\":" + std::to_string(until) +
           ",\"step\":" + std::to_string(step) + ",\"nativeStep\":" + std::to_string(bin) + ",\"aggregation\":\"" +
           info.aggregation + "\",\"values\":";
    append_values(out, s.*(info.values));
    out += '}';
  }
  out += "]]";
  c.out.data = std::move(out);
  return std::nullopt;
}

}  // namespace dw::api
