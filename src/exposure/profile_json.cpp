// The one JSON form of a profile (CLI --json, the store's daily rows, the
// HTTP API), and the text and ranking made from it.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "bgp/time_text.h"
#include "exposure/profile.h"

namespace dw::exposure {

using nlohmann::json;

namespace {

json as_json(const AsRef& a) {
  json j{{"asn", a.asn}};
  if (!a.name.empty()) j["name"] = a.name;
  if (!a.country.empty()) j["country"] = a.country;
  return j;
}

json space_json(const Space& s) {
  return {{"prefixes", s.prefixes}, {"ipv4_prefixes", s.v4_prefixes}, {"ipv6_prefixes", s.v6_prefixes},
          {"ipv4_24s", s.slash24},  {"ipv6_48s", s.slash48},         {"ipv4_addresses", s.addresses}};
}

// shares rounded to 0.01% so that the JSON is stable and small
double r4(double x) { return std::round(x * 10000) / 10000; }

json shares_json(const std::vector<AsShare>& v) {
  json a = json::array();
  for (const auto& s : v) {
    json j = as_json(s.as);
    j["share"] = r4(s.share);
    a.push_back(std::move(j));
  }
  return a;
}

std::string as_label(const json& a) {
  std::string s = "AS" + std::to_string(a.value("asn", 0u));
  if (a.contains("name")) s += " " + a["name"].get<std::string>();
  return s;
}

std::string pct(double x) {
  char b[32];
  double p = x * 100;
  if (p > 0 && p < 1) snprintf(b, sizeof b, "%.2f%%", p);
  else snprintf(b, sizeof b, "%.0f%%", p);
  return b;
}

}  // namespace

json to_json(const Profile& p) {
  json j{{"entity", p.entity.str()},
         {"name", p.name},
         {"at", p.at},
         {"vantage_points", p.vantage_points},
         {"share_of", p.unit},
         {"size", space_json(p.space)},
         {"seen", r4(p.seen)},
         {"tier", p.tier},
         {"international_upstream_count", p.international_upstreams.size()},
         {"international_upstreams", shares_json(p.international_upstreams)},
         {"domestic_transit", shares_json(p.domestic_transit)},
         {"dependence", shares_json(p.dependence)}};
  if (!p.country.empty()) j["country"] = p.country;
  if (p.at) j["time"] = bgp::iso8601(p.at);
  j["origin_count"] = p.origin_count;
  json origins = json::array();
  for (const auto& o : p.origins) {
    json x = as_json(o.as);
    x["size"] = space_json(o.space);
    origins.push_back(std::move(x));
  }
  j["origins"] = std::move(origins);
  json spof = json::array();
  for (const auto& f : p.single_points_of_failure) {
    json x = as_json(f.as);
    x["share"] = r4(f.share);
    x["left"] = r4(f.left);
    x["text"] = f.text;
    spof.push_back(std::move(x));
  }
  j["single_points_of_failure"] = std::move(spof);
  if (p.what_if) {
    const auto& w = *p.what_if;
    json x{{"without", w.without}, {"space_left", r4(w.space)}, {"prefixes_left", r4(w.prefixes)},
           {"origins_left", r4(w.origins)}};
    json vps = json::array();
    for (const auto& v : w.per_vantage)
      vps.push_back({{"collector", v.collector}, {"peer", v.ip}, {"asn", v.asn}, {"space_left", r4(v.share)}});
    x["per_vantage_point"] = std::move(vps);
    json cut = json::array();
    for (const auto& a : w.cut_off) cut.push_back(as_json(a));
    x["origins_cut_off"] = std::move(cut);
    j["what_if"] = std::move(x);
  }
  return j;
}

std::string summary(const json& p) {
  const auto& ups = p["international_upstreams"];
  std::string name = p.value("name", std::string());
  std::string key = p.value("entity", std::string());
  if (key.rfind("asn:", 0) == 0) name = "AS" + key.substr(4);
  std::string s;
  if (ups.empty()) return name + " had no international upstream seen from the vantage points";
  if (ups.size() == 1)
    s = name + " had a single international upstream (" + as_label(ups[0]) + ", " +
        pct(ups[0].value("share", 0.0)) + " of its space)";
  else {
    s = name + " had " + std::to_string(ups.size()) + " international upstreams (";
    for (size_t i = 0; i < ups.size() && i < 3; ++i)
      s += (i ? ", " : "") + as_label(ups[i]) + " " + pct(ups[i].value("share", 0.0));
    s += ups.size() > 3 ? ", ...)" : ")";
  }
  // the largest single point of failure other than the upstream just named
  for (const auto& f : p["single_points_of_failure"]) {
    uint32_t a = f.value("asn", 0u);
    if (ups.size() == 1 && ups[0].value("asn", 0u) == a) continue;
    double sh = f.value("share", 0.0);
    s += "; every path to " + (sh >= 1 ? std::string("it") : pct(sh) + " of it") + " crossed AS" + std::to_string(a);
    break;
  }
  return s;
}

std::string to_text(const json& p) {
  std::ostringstream o;
  const auto& sz = p["size"];
  o << p["entity"].get<std::string>() << " " << p.value("name", std::string());
  if (p.contains("time")) o << " at " << p["time"].get<std::string>();
  o << "\n  size: " << sz["prefixes"] << " prefixes (" << sz["ipv4_prefixes"] << " IPv4, " << sz["ipv6_prefixes"]
    << " IPv6), " << sz["ipv4_24s"] << " /24s, " << sz["ipv6_48s"] << " /48s, " << sz["ipv4_addresses"]
    << " IPv4 addresses, " << p["origin_count"] << " origin ASes\n";
  o << "  seen from " << p["vantage_points"] << " full-feed vantage points (" << pct(p.value("seen", 0.0))
    << " of the space; shares are of " << p.value("share_of", std::string()) << ")\n";
  o << "  tier: " << p.value("tier", std::string()) << " (" << p["international_upstreams"].size()
    << " international upstreams)\n";
  o << "  " << summary(p) << "\n";
  auto list = [&](const char* title, const json& v, size_t max) {
    if (v.empty()) return;
    o << "  " << title << ":\n";
    for (size_t i = 0; i < v.size() && i < max; ++i) {
      o << "    " << as_label(v[i]);
      if (v[i].contains("country")) o << " [" << v[i]["country"].get<std::string>() << "]";
      o << "  " << pct(v[i].value("share", 0.0)) << "\n";
    }
    if (v.size() > max) o << "    ... " << v.size() - max << " more (--json lists all)\n";
  };
  list("international upstreams", p["international_upstreams"], 20);
  list("domestic transit", p["domestic_transit"], 20);
  list("dependence (share of the space whose every path crosses the AS)", p["dependence"], 20);
  for (const auto& f : p["single_points_of_failure"]) o << "  single point of failure: " << f["text"].get<std::string>() << "\n";
  if (p["single_points_of_failure"].empty()) o << "  no single point of failure\n";
  const auto& origins = p["origins"];
  if (!origins.empty()) {
    o << "  origins:\n";
    for (size_t i = 0; i < origins.size() && i < 20; ++i)
      o << "    " << as_label(origins[i]) << ": " << origins[i]["size"]["prefixes"] << " prefixes, "
        << origins[i]["size"]["ipv4_addresses"] << " IPv4 addresses\n";
    if (origins.size() > 20) o << "    ... " << origins.size() - 20 << " more (--json lists all)\n";
  }
  if (p.contains("what_if")) {
    const auto& w = p["what_if"];
    std::string ases;
    for (const auto& a : w["without"]) ases += (ases.empty() ? "AS" : ", AS") + std::to_string(a.get<uint32_t>());
    o << "  without " << ases << ": " << pct(w.value("space_left", 0.0)) << " of the space, "
      << pct(w.value("prefixes_left", 0.0)) << " of the prefixes and " << pct(w.value("origins_left", 0.0))
      << " of the origins keep a path from some vantage point\n";
    for (const auto& v : w["per_vantage_point"])
      o << "    from " << v["collector"].get<std::string>() << " " << v["peer"].get<std::string>() << " AS"
        << v["asn"] << ": " << pct(v.value("space_left", 0.0)) << "\n";
    if (!w["origins_cut_off"].empty()) {
      o << "    origins cut off:";
      for (const auto& a : w["origins_cut_off"]) o << " " << as_label(a) << ";";
      o << "\n";
    }
  }
  return o.str();
}

std::vector<json> rank(const std::vector<json>& profiles) {
  static const std::vector<std::string> order{"severe", "significant", "low", "resistant", "unknown"};
  std::vector<json> rows;
  for (const auto& p : profiles) {
    json r{{"country", p.value("name", std::string())},
           {"tier", p.value("tier", std::string())},
           {"international_upstreams", p["international_upstreams"].size()},
           {"networks", p.value("origin_count", 0u)},
           {"addresses", p["size"].value("ipv4_addresses", uint64_t{0})},
           {"prefixes", p["size"].value("prefixes", uint64_t{0})}};
    // none when no AS carries 1% of the space (a multihomed country): null,
    // never "AS0 0%" (AS 0 is no AS; an AS_SET's unknown hop is never listed)
    r["largest_dependence"] = nullptr;
    for (const auto& d : p["dependence"])
      if (d.value("asn", 0u) != 0) {
        r["largest_dependence"] = {{"asn", d["asn"]}, {"share", d["share"]}};
        break;
      }
    rows.push_back(std::move(r));
  }
  auto tier_rank = [&](const json& r) {
    return std::find(order.begin(), order.end(), r["tier"].get<std::string>()) - order.begin();
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const json& a, const json& b) {
    if (tier_rank(a) != tier_rank(b)) return tier_rank(a) < tier_rank(b);
    if (a["international_upstreams"] != b["international_upstreams"])
      return a["international_upstreams"].get<size_t>() < b["international_upstreams"].get<size_t>();
    auto dep = [](const json& r) {
      return r["largest_dependence"].is_null() ? 0.0 : r["largest_dependence"]["share"].get<double>();
    };
    double da = dep(a), db = dep(b);
    if (da != db) return da > db;
    return a["country"].get<std::string>() < b["country"].get<std::string>();
  });
  for (size_t i = 0; i < rows.size(); ++i) rows[i]["rank"] = i + 1;
  return rows;
}

}  // namespace dw::exposure
