#include "cli/live_stream.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "detect/event_json.h"

namespace dw::cli {

LiveStream::LiveStream(api::Server& server, engine::Engine& eng) : server_(server), eng_(eng) {
  // a day of bins, as the API's share looks back a day
  uint32_t bin = eng.visibility().bin_seconds();
  ring_ = std::max<size_t>(1, (86400 + bin - 1) / bin);
  eng.add_output(this);
  eng.detector().add_observer([this](const detect::Event& e, bool closed) { on_event(e, closed); });
}

void LiveStream::on_event(const detect::Event& e, bool closed) {
  if (server_.stream_subscribers() == 0) return;
  server_.publish(closed ? "event.close" : "event.open", detect::to_json(eng_.detector().record(e)));
}

void LiveStream::on_bin(uint32_t bin_start, uint32_t bin_end) {
  const auto& ents = eng_.visibility().entities();
  // entities only ever join the counter: look at the new ones
  for (; seen_entities_ < ents.size(); ++seen_entities_)
    if (ents[seen_entities_].key.type == signal::EntityType::Country)
      countries_.push_back({static_cast<signal::EntityId>(seen_entities_), std::vector<int64_t>(ring_, 0),
                            std::vector<int64_t>(ring_, 0)});
  // the day's highest is kept whether or not anyone listens (a client
  // connecting later gets the right share at once)
  for (auto& c : countries_) {
    const auto& r = ents[c.id].closed.end;
    c.v4[pos_] = r.v4, c.v6[pos_] = r.v6;
  }
  pos_ = (pos_ + 1) % ring_;
  if (server_.stream_subscribers() == 0) return;

  using nlohmann::json;
  json countries = json::array();
  for (const auto& c : countries_) {
    const auto& e = ents[c.id];
    int64_t max4 = *std::max_element(c.v4.begin(), c.v4.end()), max6 = *std::max_element(c.v6.begin(), c.v6.end());
    json share = max4 > 0   ? json(static_cast<double>(e.closed.end.v4) / static_cast<double>(max4))
                 : max6 > 0 ? json(static_cast<double>(e.closed.end.v6) / static_cast<double>(max6))
                            : json(nullptr);
    countries.push_back({{"code", e.key.code_str()},
                         {"visible24s", e.closed.end.v4},
                         {"visible48s", e.closed.end.v6},
                         {"share", std::move(share)}});
  }
  json open = json::array();
  const auto& det = eng_.detector();
  for (const auto& ev : det.events()) {
    if (ev.end) continue;
    const auto& e = ents[ev.entity];
    open.push_back({{"entity", {{"type", e.key.type_name()}, {"code", e.key.code_str()}}},
                    {"kind", detect::kind_name(ev.kind)},
                    {"start", ev.start},
                    {"severity", ev.severity},
                    {"visible24s", e.closed.end.v4},
                    {"visible48s", e.closed.end.v6}});
  }
  json msg = {{"bin", bin_start}, {"until", bin_end}, {"countries", std::move(countries)}, {"open", std::move(open)}};
  server_.publish("bin", msg.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace dw::cli
