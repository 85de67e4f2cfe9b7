// One API route: what it is handed (the store, the parsed query string, the
// decoded path segments) and what it fills (the envelope's data and total).
// Routes never see sockets or HTTP; api.h dispatches to them.
#pragma once
#include <string>
#include <vector>

#include "api/envelope.h"
#include "api/query_string.h"
#include "store/api_reader.h"

namespace dw::api {

struct RouteContext {
  const store::ApiReader& db;
  const QueryString& query;
  const std::vector<std::string>& path;  // "v2", "signals", "raw", "country", "KP"
  Envelope& out;
};

// Each returns the error, or fills out.data (and out.total) and returns nothing.
std::optional<ApiError> entities_query(RouteContext&);
std::optional<ApiError> signals_raw(RouteContext&);
std::optional<ApiError> outages_events(RouteContext&);
std::optional<ApiError> outages_summary(RouteContext&);
std::optional<ApiError> outage_event(RouteContext&);
std::optional<ApiError> profile_route(RouteContext&);  // route_profile.cpp

// The parameters each route knows (anything else is a 400).
extern const std::vector<std::string_view> kEntitiesParams, kSignalsParams, kEventsParams, kSummaryParams,
    kEventParams, kProfileParams;

}  // namespace dw::api
