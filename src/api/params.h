// Reading the routes' parameters: times, bounded integers, entities and
// windows, each failing with a 400 that names the parameter.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "api/api_error.h"
#include "api/query_string.h"
#include "store/api_reader.h"

namespace dw::api {

inline constexpr uint32_t kMaxWindowSeconds = 400 * 86400;

struct EntityRef {
  std::string type, code;  // "country" "KP", "asn" "131279"
  std::string location() const { return type + "/" + code; }
};

// unix seconds or ISO 8601; `fallback` when not given
std::optional<uint32_t> time_param(const QueryString& q, const char* name, uint32_t fallback, ApiError& err);
std::optional<int64_t> int_param(const QueryString& q, const char* name, int64_t lo, int64_t hi, int64_t fallback,
                                 ApiError& err);
// "country" + "kp" -> country/KP; "asn" + "AS131279" -> asn/131279
std::optional<EntityRef> entity_ref(const std::string& type, const std::string& code, const char* type_param,
                                    const char* code_param, ApiError& err);
// "country/KP"
std::optional<EntityRef> location_ref(const std::string& text, const char* param, ApiError& err);
// A store's entity by reference, or a 404 naming the parameter.
std::optional<store::EntityRow> find_entity(const store::ApiReader& db, const EntityRef& r, const char* param,
                                            ApiError& err);
// from/until, by default the store's whole run (at most the last 400 days of
// it); until exclusive, after from, at most 400 days after it.
struct Window {
  uint32_t from = 0, until = 0;
};
std::optional<Window> window_params(const QueryString& q, const store::ApiReader& db, ApiError& err);

// The display name of an entity: a country's from the ISO table, an AS's
// from the store.
std::string entity_name(const std::string& type, const std::string& code, const std::string& stored);

}  // namespace dw::api
