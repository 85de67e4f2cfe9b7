// darkwatch profile: how exposed a country or an AS is (docs/exposure.md),
// from an archive's routing state at a time, or from the daily profiles a
// replay stored; and the ranking of every country by exposure.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include "bgp/time_text.h"
#include "cli/commands.h"
#include "cli/daily_profiles.h"
#include "cli/geo_choice.h"
#include "cli/output_file.h"
#include "cli/replay_inputs.h"
#include "cli/time_option.h"
#include "engine/engine.h"
#include "exposure/path_keeper.h"
#include "exposure/profile.h"
#include "mrt/archive_source.h"
#include "store/store_reader.h"

namespace dw::cli {

namespace {

struct ProfileOptions {
  std::vector<std::string> archives;
  std::string db, entity, at, geo, as_names, output = "-";
  std::vector<std::string> geo_delegated, without;
  bool json = false, csv = false, rank = false, all = false, history = false;
};

const CLI::Validator kProfileEntity(
    [](const std::string& s) {
      return exposure::Entity::parse(s) ? std::string() : "not a country or an AS: " + s + " (country:KP, asn:131279)";
    },
    "ENTITY");

std::vector<uint32_t> without_list(const std::vector<std::string>& v) {
  std::vector<uint32_t> out;
  for (auto s : v) {
    if (s.rfind("AS", 0) == 0 || s.rfind("as", 0) == 0) s = s.substr(2);
    if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos ||
        std::stoull(s) > UINT32_MAX)
      throw std::runtime_error("--without: not an AS number: " + s);
    out.push_back(static_cast<uint32_t>(std::stoull(s)));
  }
  return out;
}

// The archive's routing state and paths at `at` (default: its latest RIB
// dump): each collector from its last dump at or before then, and the updates
// up to it.
struct ArchiveState {
  std::unique_ptr<geo::CountryDb> geo, as_registry;
  std::unique_ptr<engine::Engine> eng;
  std::unique_ptr<exposure::PathKeeper> paths;
  uint32_t at = 0;
  double seconds = 0;
};

ArchiveState load(const ProfileOptions& o) {
  ArchiveState s;
  auto archive = find_replay_archive(o.archives);
  uint32_t first = UINT32_MAX, latest_rib = 0;
  for (const auto& c : archive) {
    for (const auto* fs : {&c.ribs, &c.updates})
      if (!fs->empty()) first = std::min(first, fs->front().ts);
    if (!c.ribs.empty()) latest_rib = std::max(latest_rib, c.ribs.back().ts);
  }
  if (first == UINT32_MAX) throw std::runtime_error("no RIB dump or update file in the archive");
  s.at = o.at.empty() ? (latest_rib ? latest_rib : first) : time_option(o.at, 0, "--at");
  // start where every collector has a dump at or before `at`
  uint32_t from = s.at;
  for (const auto& c : archive) {
    uint32_t r = c.ribs.empty() ? first : c.ribs.front().ts;
    for (const auto& f : c.ribs)
      if (f.ts <= s.at) r = f.ts;
    from = std::min(from, r);
  }
  s.geo = choose_geo(o.geo, o.geo_delegated, first);
  s.as_registry = as_registry_for(s.geo.get());
  s.eng = std::make_unique<engine::Engine>(s.geo.get(), engine::EngineConfig{});
  s.paths = std::make_unique<exposure::PathKeeper>(s.eng->rib(), s.eng.get());
  auto t0 = std::chrono::steady_clock::now();
  mrt::ArchiveSource source(archive, from, s.at + 1);
  source.run(*s.paths);
  s.eng->finish(s.at);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fprintf(stderr, "darkwatch: routing state at %s: %zu peers, %zu prefixes, %zu distinct AS paths (%.0f MB) in %.1f s\n",
          bgp::iso8601(s.at).c_str(), s.eng->rib().peers().size(), s.eng->rib().prefixes().size(),
          s.paths->table().size(), s.paths->bytes() / 1e6, s.seconds);
  return s;
}

// "ASN,share", or two empty fields when no AS carries 1% of the space
std::string dep_csv(const nlohmann::json& d) {
  if (d.is_null()) return ",";
  return std::to_string(d["asn"].get<uint32_t>()) + "," + d["share"].dump();
}

void print_rank(OutputFile& out, const std::vector<nlohmann::json>& rows, const ProfileOptions& o) {
  if (o.json) {
    for (const auto& r : rows) out.line(r.dump());
    return;
  }
  if (o.csv) {
    out.line("rank,country,tier,international_upstreams,largest_dependence_asn,largest_dependence_share,networks,"
             "addresses,prefixes");
    for (const auto& r : rows)
      out.line(std::to_string(r["rank"].get<size_t>()) + "," + r["country"].get<std::string>() + "," +
               r["tier"].get<std::string>() + "," + std::to_string(r["international_upstreams"].get<size_t>()) + "," +
               dep_csv(r["largest_dependence"]) + "," + std::to_string(r["networks"].get<uint64_t>()) + "," +
               std::to_string(r["addresses"].get<uint64_t>()) + "," + std::to_string(r["prefixes"].get<uint64_t>()));
    return;
  }
  out.line("rank  country  tier         intl.upstreams  largest dependence     networks   IPv4 addresses");
  for (const auto& r : rows) {
    char b[256], dep[64];
    const auto& d = r["largest_dependence"];
    if (d.is_null()) snprintf(dep, sizeof dep, "%-19s", "none");
    else snprintf(dep, sizeof dep, "AS%-10u %5.1f%%", d["asn"].get<uint32_t>(), 100 * d["share"].get<double>());
    snprintf(b, sizeof b, "%4zu  %-7s  %-11s  %14zu  %s  %9llu  %15llu", r["rank"].get<size_t>(),
             r["country"].get<std::string>().c_str(), r["tier"].get<std::string>().c_str(),
             r["international_upstreams"].get<size_t>(), dep, (unsigned long long)r["networks"].get<uint64_t>(),
             (unsigned long long)r["addresses"].get<uint64_t>());
    out.line(b);
  }
}

void print_profile(OutputFile& out, const nlohmann::json& p, bool json) {
  if (json) out.line(p.dump());
  else out.write(exposure::to_text(p));
}

int from_store(const ProfileOptions& o, OutputFile& out) {
  if (!o.without.empty())
    throw std::runtime_error("--without needs the paths themselves: give the archive, not --db (the store keeps "
                             "daily profiles, not paths)");
  if (o.all) throw std::runtime_error("--all needs the archive, not --db");
  store::StoreReader r(o.db);
  std::optional<uint32_t> at;
  if (!o.at.empty()) at = time_option(o.at, 0, "--at");
  if (o.rank) {
    auto stored = r.profiles("country:", at);
    if (stored.empty())
      throw std::runtime_error(o.db + ": no exposure profiles stored" + (at ? " at or before " + bgp::iso8601(*at) : "") +
                               " (replay --db stores them; a store from before profiles has none)");
    std::vector<nlohmann::json> ps;
    for (const auto& s : stored) ps.push_back(nlohmann::json::parse(s.json));
    print_rank(out, exposure::rank(ps), o);
    return 0;
  }
  std::string key = exposure::Entity::parse(o.entity)->str();
  if (o.history) {
    auto days = r.profile_days(key);
    if (days.empty()) throw std::runtime_error(o.db + ": no exposure profile of " + key);
    for (const auto& d : days) {
      auto p = nlohmann::json::parse(d.json);
      if (o.json) {
        out.line(d.json);
        continue;
      }
      std::string ups;
      for (const auto& u : p["international_upstreams"])
        ups += (ups.empty() ? "AS" : ", AS") + std::to_string(u["asn"].get<uint32_t>());
      out.line(bgp::iso8601(d.day).substr(0, 10) + "  " + p["tier"].get<std::string>() + "  international upstreams: " +
               (ups.empty() ? "none seen" : ups));
    }
    return 0;
  }
  auto s = r.profile(key, at);
  if (!s)
    throw std::runtime_error(o.db + ": no exposure profile of " + key +
                             (at ? " at or before " + bgp::iso8601(*at) : std::string()) +
                             " (replay --db stores one per entity and day)");
  print_profile(out, nlohmann::json::parse(s->json), o.json);
  return 0;
}

int from_archive(const ProfileOptions& o, OutputFile& out) {
  auto without = without_list(o.without);
  auto st = load(o);
  geo::AsNames names;
  std::string path = o.as_names.empty() ? find_data_file("third_party/asn/as-names.csv") : o.as_names;
  if (!path.empty() && path != "none") names = geo::AsNames::load(path);
  auto t0 = std::chrono::steady_clock::now();
  exposure::Profiler pr(*st.paths, st.geo.get(), &names, st.as_registry.get());
  auto took = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  if (o.rank || o.all) {
    std::vector<nlohmann::json> countries;
    for (const auto& e : pr.countries()) {
      auto p = pr.profile(e, {}, false);
      p.at = st.at;
      countries.push_back(exposure::to_json(p));
    }
    size_t origins = 0, spof = 0;
    if (o.all) {
      for (const auto& j : countries) out.line(j.dump());
      for (const auto& e : pr.origins()) {
        auto p = pr.profile(e, {}, false);
        p.at = st.at;
        spof += !p.single_points_of_failure.empty();
        out.line(exposure::to_json(p).dump());
        ++origins;
      }
    } else {
      print_rank(out, exposure::rank(countries), o);
    }
    fprintf(stderr, "darkwatch: profiled %zu countries%s in %.2f s (index built once, then one pass per entity)\n",
            countries.size(), o.all ? (" and " + std::to_string(origins) + " origin ASes (" + std::to_string(spof) +
                                       " with a single point of failure)").c_str()
                                    : "",
            took());
    return 0;
  }
  auto e = *exposure::Entity::parse(o.entity);
  if (!pr.has(e))
    throw std::runtime_error(e.str() + ": no routed prefix at " + bgp::iso8601(st.at) +
                             " (nothing of it in the routing state; try another --at)");
  auto p = pr.profile(e, without, true);
  p.at = st.at;
  print_profile(out, exposure::to_json(p), o.json);
  return 0;
}

}  // namespace

void add_profile(CLI::App& app) {
  auto o = std::make_shared<ProfileOptions>();
  auto* c = app.add_subcommand("profile",
                               "How exposed a country or an AS is: size, international upstreams, dependence, single "
                               "points of failure, what-if; --rank ranks every country");
  c->add_option("archives", o->archives, "archive folders (RouteViews or RIS layout) or files");
  c->add_option("--db", o->db, "read the daily profiles a replay --db stored instead of an archive");
  c->add_option("--entity", o->entity, "country:KP or asn:131279")->check(kProfileEntity);
  c->add_option("--at", o->at,
                "the time (unix or ISO 8601): archive state then (default: its latest RIB dump); with --db, the "
                "latest stored day at or before it (default: the latest)");
  c->add_option("--without", o->without, "ASes to take away (what-if): 4837,AS20485")->delimiter(',');
  c->add_flag("--rank", o->rank, "rank every country by exposure (Dyn's tiers)");
  c->add_flag("--all", o->all, "every country and every origin AS, one JSON line each (benchmarks, exports)");
  c->add_flag("--history", o->history, "with --db: the entity's profile day by day");
  c->add_flag("--json", o->json, "JSON (one object; --rank: one line per country)");
  c->add_flag("--csv", o->csv, "with --rank: CSV");
  c->add_option("--output,-o", o->output, "write here instead of stdout")->capture_default_str();
  c->add_option("--geo", o->geo, "country database, as for replay (default: nearest in time to the archive)");
  c->add_option("--geo-delegated", o->geo_delegated, "RIR delegated files instead of --geo");
  c->add_option("--as-names", o->as_names, "AS names: JSON {asn: name} or CSV; 'none' for numbers only");
  c->callback([o] {
    if (o->archives.empty() == o->db.empty())
      throw CLI::ValidationError("profile", "give either --db FILE or ARCHIVE... (one of them)");
    int modes = o->rank + o->all + !o->entity.empty();
    if (modes != 1) throw CLI::ValidationError("profile", "give exactly one of --entity, --rank, --all");
    if (o->history && (o->db.empty() || o->entity.empty()))
      throw CLI::ValidationError("profile", "--history needs --db and --entity");
    if (o->csv && !o->rank) throw CLI::ValidationError("profile", "--csv goes with --rank");
    if (o->csv && o->json) throw CLI::ValidationError("profile", "--csv or --json, not both");
    if (!o->without.empty() && o->entity.empty())
      throw CLI::ValidationError("profile", "--without goes with --entity");
    OutputFile out(o->output);
    int rc = o->db.empty() ? from_archive(*o, out) : from_store(*o, out);
    out.close();
    if (rc) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
