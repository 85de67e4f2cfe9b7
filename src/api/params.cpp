#include "api/params.h"

#include <cctype>

#include "api/country_names.h"
#include "bgp/time_text.h"

namespace dw::api {

std::optional<uint32_t> time_param(const QueryString& q, const char* name, uint32_t fallback, ApiError& err) {
  auto v = q.get(name);
  if (!v) return fallback;
  auto t = bgp::parse_time(*v);
  if (!t || *t < 0 || *t > int64_t{UINT32_MAX}) {
    err = {400, name, std::string(name) + ": not a time (unix seconds or ISO 8601 such as 2014-12-22T16:00:00Z)"};
    return std::nullopt;
  }
  return static_cast<uint32_t>(*t);
}

std::optional<int64_t> int_param(const QueryString& q, const char* name, int64_t lo, int64_t hi, int64_t fallback,
                                 ApiError& err) {
  auto v = q.get(name);
  if (!v) return fallback;
  auto n = parse_int(*v, lo, hi);
  if (!n) {
    err = {400, name, std::string(name) + ": not an integer in " + std::to_string(lo) + ".." + std::to_string(hi)};
    return std::nullopt;
  }
  return n;
}

std::optional<EntityRef> entity_ref(const std::string& type, const std::string& code, const char* type_param,
                                    const char* code_param, ApiError& err) {
  if (type == "country") {
    if (code.size() != 2 || !std::isalpha(static_cast<unsigned char>(code[0])) ||
        !std::isalpha(static_cast<unsigned char>(code[1]))) {
      err = {400, code_param, std::string(code_param) + ": a country is a two-letter ISO 3166-1 code"};
      return std::nullopt;
    }
    std::string c = code;
    for (auto& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    return EntityRef{type, c};
  }
  if (type == "asn") {
    std::string_view c = code;
    if (c.size() > 2 && (c.substr(0, 2) == "AS" || c.substr(0, 2) == "as")) c.remove_prefix(2);
    auto n = parse_int(c, 1, UINT32_MAX);
    if (!n || c[0] == '-') {
      err = {400, code_param, std::string(code_param) + ": an AS is a number 1..4294967295 (AS prefix allowed)"};
      return std::nullopt;
    }
    return EntityRef{type, std::to_string(*n)};
  }
  err = {400, type_param, std::string(type_param) + ": must be country or asn"};
  return std::nullopt;
}

std::optional<EntityRef> location_ref(const std::string& text, const char* param, ApiError& err) {
  auto slash = text.find('/');
  if (slash == std::string::npos) {
    err = {400, param, std::string(param) + ": an entity as TYPE/CODE, such as country/KP or asn/131279"};
    return std::nullopt;
  }
  return entity_ref(text.substr(0, slash), text.substr(slash + 1), param, param, err);
}

std::optional<store::EntityRow> find_entity(const store::ApiReader& db, const EntityRef& r, const char* param,
                                            ApiError& err) {
  auto e = db.entity(r.type, r.code);
  if (!e) err = {404, param, "no entity " + r.location() + " in this store"};
  return e;
}

std::optional<Window> window_params(const QueryString& q, const store::ApiReader& db, ApiError& err) {
  uint32_t bin = db.bin_seconds();
  uint32_t end = (db.last_ts() / bin + 1) * bin;  // the end of the last bin
  uint32_t start = db.first_ts() - db.first_ts() % bin;
  if (end - start > kMaxWindowSeconds) start = end - kMaxWindowSeconds;
  // each default leans on the other when only one is given
  auto from_given = time_param(q, "from", start, err);
  if (!from_given) return std::nullopt;
  uint32_t dflt_until = q.has("from") && *from_given >= end ? *from_given + bin : end;
  auto until = time_param(q, "until", dflt_until, err);
  if (!until) return std::nullopt;
  uint32_t dflt_from = start;
  if (*until > start && *until - start > kMaxWindowSeconds) dflt_from = *until - kMaxWindowSeconds;
  if (*until <= start) dflt_from = *until > bin ? *until - bin : 0;
  auto from = q.has("from") ? from_given : std::optional<uint32_t>(dflt_from);
  if (*until <= *from) {
    err = {400, "until", "until: must be after from"};
    return std::nullopt;
  }
  if (*until - *from > kMaxWindowSeconds) {
    err = {400, "until", "until: the window is longer than 400 days"};
    return std::nullopt;
  }
  return Window{*from, *until};
}

std::string entity_name(const std::string& type, const std::string& code, const std::string& stored) {
  if (type == "country") return std::string(country_name(code));
  return stored;
}

}  // namespace dw::api
