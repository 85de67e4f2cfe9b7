// darkwatch entities --db FILE [--search TEXT] [--json]: what a stored run
// holds, one line per entity: its name, its state at the end of the data
// (normal, outage open, instability) and how many events it had, so that a
// user finds the key to give `signal`, `report` or `replay --entity`.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "cli/commands.h"
#include "store/store_reader.h"

namespace dw::cli {

namespace {

struct EntitiesOptions {
  std::string db, search;
  bool json = false;
};

struct EntityLine {
  store::StoredEntity e;
  size_t outages = 0, instability = 0;
  bool outage_open = false, instability_open = false;
  uint32_t last_event = 0;
  std::string state() const {
    return outage_open ? "outage open" : instability_open ? "instability" : "normal";
  }
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// table first, then countries by code, then ASes by number
bool before(const store::StoredEntity& a, const store::StoredEntity& b) {
  auto rank = [](const std::string& t) { return t == "table" ? 0 : t == "country" ? 1 : 2; };
  if (rank(a.type) != rank(b.type)) return rank(a.type) < rank(b.type);
  if (a.type == "asn" && a.code.size() != b.code.size()) return a.code.size() < b.code.size();
  return a.code < b.code;
}

int run_entities(const EntitiesOptions& o) {
  store::StoreReader db(o.db);
  std::map<std::pair<std::string, std::string>, EntityLine> lines;
  std::string needle = lower(o.search);
  for (auto& e : db.entities()) {
    if (!needle.empty() && lower(e.key()).find(needle) == std::string::npos &&
        lower(e.name).find(needle) == std::string::npos)
      continue;
    lines[{e.type, e.code}].e = e;
  }
  for (const auto& ev : db.events("", 0, UINT32_MAX)) {
    if (ev.kind != "outage" && ev.kind != "instability") continue;
    auto it = lines.find({ev.entity_type, ev.entity_code});
    if (it == lines.end()) continue;
    auto& l = it->second;
    bool open = !ev.end;
    if (ev.kind == "outage") ++l.outages, l.outage_open |= open;
    else ++l.instability, l.instability_open |= open;
    l.last_event = std::max(l.last_event, ev.start);
  }
  std::vector<const EntityLine*> order;
  for (const auto& [k, l] : lines) order.push_back(&l);
  std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return before(a->e, b->e); });
  if (o.json) {
    auto arr = nlohmann::json::array();
    for (const auto* l : order)
      arr.push_back({{"entity", l->e.key()}, {"name", l->e.name}, {"state", l->state()},
                     {"events", l->outages + l->instability}, {"outages", l->outages},
                     {"instability", l->instability}});
    printf("%s\n", arr.dump().c_str());
    return 0;
  }
  if (order.empty()) {
    fprintf(stderr, "darkwatch: no entity in %s%s\n", o.db.c_str(),
            o.search.empty() ? "" : (" matches '" + o.search + "'").c_str());
    return 1;
  }
  printf("%-16s %-12s %7s %8s %11s  %s\n", "entity", "state", "events", "outages", "instability", "name");
  for (const auto* l : order)
    printf("%-16s %-12s %7zu %8zu %11zu  %s\n", l->e.key().c_str(), l->state().c_str(), l->outages + l->instability,
           l->outages, l->instability, l->e.name.c_str());
  fprintf(stderr, "darkwatch: %zu entities\n", order.size());
  return 0;
}

}  // namespace

void add_entities(CLI::App& app) {
  auto o = std::make_shared<EntitiesOptions>();
  auto* c = app.add_subcommand("entities", "List the entities a stored replay holds, with their state and events");
  c->add_option("--db", o->db, "the store a replay wrote (--db)")->required();
  c->add_option("--search", o->search, "only entities whose key or name contains this (any case)");
  c->add_flag("--json", o->json, "a JSON array instead of a table");
  c->callback([o] {
    if (int rc = run_entities(*o)) throw CLI::RuntimeError(rc);
  });
}

}  // namespace dw::cli
