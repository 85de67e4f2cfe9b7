// Engine::checkpoint / restore. The engine only frames the stages' sections;
// each stage writes its own (rib/, signal/, detect/ state_checkpoint.cpp).
//   "DWEK" u8 version  u64 FNV-1a of what follows (big-endian)
//   str(configuration)  varint(sections)  (str(name) varint(length) bytes)...
// in the bgp/state_io.h encoding; sections, in order: engine (clock, latest
// element time, end of the latest gap, counts,
// positions per source, open sessions, notices so far), rib, signals,
// detector, local_loss, failover. The hash catches damage anywhere (a flipped
// bit in a route would otherwise restore quietly as a different table); the
// readers' bounds catch the rest and name the field and offset.
#include <cstdio>

#include "bgp/state_io.h"
#include "detect/notice_state.h"
#include "engine/engine.h"

namespace dw::engine {

namespace {

constexpr uint8_t kVersion = 2;  // 2: the engine section holds the latest element time and gap end
constexpr size_t kHeader = 4 + 1 + 8;
constexpr const char* kSections[] = {"engine", "rib", "signals", "detector", "local_loss", "failover"};

uint64_t fnv1a(std::span<const uint8_t> b) {
  uint64_t h = 1469598103934665603ull;
  for (uint8_t x : b) h = (h ^ x) * 1099511628211ull;
  return h;
}

}  // namespace

std::string Engine::config_text() const {
  const auto& d = cfg_.detector;
  char buf[512];
  snprintf(buf, sizeof buf,
           "bin %u s, min duration %u s, min loss %.6g, baseline %u s, instability gap %u s, onset chain %u s, "
           "episode merge %u s, instability episodes %u, short outage factor %u, full share %.6g, warm-up %u s",
           cfg_.bin_seconds, d.min_duration, d.min_loss, d.baseline_window, d.instability_gap, d.onset_chain,
           d.episode_merge, d.instability_min_episodes, d.short_outage_factor, rib_.full_share, rib_.warmup_seconds);
  return std::string(buf) + ", geography " + (geo_ ? geo_->describe() : "none");
}

template <class S>
void Engine::state_io(S& s) {
  // heard_ and covered_: a restart measures a leap of the clock from where
  // the data was, not from the last bin
  bgp::fields(s, notices_, down_since_, seq_, started_, t0_, now_, last_tick_, end_, elements_, diffs_, damaged_, heard_,
              covered_);
}

bgp::Result<std::vector<uint8_t>> Engine::checkpoint() const {
  if (in_dump_) return bgp::fail(bgp::ErrorCode::Unsupported, "checkpoint: a RIB dump is in progress", 0);
  std::vector<uint8_t> out{'D', 'W', 'E', 'K', kVersion, 0, 0, 0, 0, 0, 0, 0, 0};
  bgp::StateOut o(out);
  std::string config = config_text();
  bgp::io(o, config);
  o.w.varint(std::size(kSections));
  std::vector<uint8_t> body;
  for (const char* name : kSections) {
    body.clear();
    std::string n = name;
    if (n == "engine") bgp::save_state(const_cast<Engine&>(*this), body);
    else if (n == "rib") rib_.save_state(body);
    else if (n == "signals") vis_.save_state(body);
    else if (n == "detector") det_.save_state(body);
    else if (n == "local_loss") local_.save_state(body);
    else failover_.save_state(body);
    bgp::io(o, n);
    o.w.varint(body.size());
    out.insert(out.end(), body.begin(), body.end());
  }
  uint64_t h = fnv1a(std::span(out).subspan(kHeader));
  for (int i = 0; i < 8; ++i) out[5 + i] = static_cast<uint8_t>(h >> (56 - 8 * i));
  return out;
}

bgp::Status Engine::restore(std::span<const uint8_t> bytes) {
  if (started_ || !seq_.empty() || !rib_.peers().empty())
    return bgp::fail(bgp::ErrorCode::Unsupported, "checkpoint: restore into a fresh engine", 0);
  // read it all into a scratch engine first: a checkpoint that fails half way
  // must leave this one cold, not half restored
  {
    Engine scratch(geo_, cfg_);
    scratch.rib_.full_share = rib_.full_share;
    scratch.rib_.warmup_seconds = rib_.warmup_seconds;
    DW_TRY(scratch.load(bytes));
  }
  return load(bytes);
}

bgp::Status Engine::load(std::span<const uint8_t> bytes) {
  if (bytes.size() < kHeader) return bgp::fail(bgp::ErrorCode::Truncated, "checkpoint header", 0, kHeader, bytes.size());
  if (std::string(bytes.begin(), bytes.begin() + 4) != "DWEK")
    return bgp::fail(bgp::ErrorCode::BadValue, "checkpoint: not a darkwatch engine checkpoint (magic)", 0);
  if (bytes[4] != kVersion)
    return bgp::fail(bgp::ErrorCode::Unsupported,
                     "checkpoint: version " + std::to_string(bytes[4]) + ", this darkwatch reads version " +
                         std::to_string(kVersion),
                     4);
  uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = (h << 8) | bytes[5 + i];
  if (h != fnv1a(bytes.subspan(kHeader)))
    return bgp::fail(bgp::ErrorCode::BadValue, "checkpoint: damaged (checksum differs)", 5);
  bgp::StateIn in(bytes.subspan(kHeader), "checkpoint");
  std::string config;
  bgp::io(in, config);
  if (in.ok() && config != config_text())
    return bgp::fail(bgp::ErrorCode::BadValue,
                     "checkpoint: made with another configuration (" + config + "), this run has (" + config_text() + ")",
                     kHeader);
  size_t n = in.count("section count");
  if (in.ok() && n != std::size(kSections)) in.fail(bgp::ErrorCode::BadValue, "section count");
  // each section is read by its stage, from its own bytes, in order
  std::vector<std::pair<std::string, std::vector<uint8_t>>> sections;
  for (size_t i = 0; i < n && in.ok(); ++i) {
    std::string name;
    bgp::io(in, name);
    size_t len = in.count("section length");
    std::vector<uint8_t> body(len);
    in.raw(body.data(), len, "section");
    if (in.ok() && name != kSections[i]) in.fail(bgp::ErrorCode::BadValue, "section name");
    sections.push_back({std::move(name), std::move(body)});
  }
  DW_TRY(in.finish());
  for (auto& [name, body] : sections) {
    bgp::Status st;
    if (name == "engine") st = bgp::load_state(*this, body, "engine");
    else if (name == "rib") st = rib_.load_state(body);
    else if (name == "signals") st = vis_.load_state(body);
    else if (name == "detector") st = det_.load_state(body);
    else if (name == "local_loss") st = local_.load_state(body);
    else st = failover_.load_state(body);
    if (!st) {
      auto e = st.error();
      e.field = "checkpoint section " + name + ": " + e.field;
      return tl::unexpected(e);
    }
  }
  for (const auto& [pid, since] : down_since_)
    if (pid >= rib_.peers().size()) return bgp::fail(bgp::ErrorCode::BadValue, "checkpoint: session of an unknown peer", 0);
  last_src_ = nullptr, last_seq_ = nullptr, last_src_data_ = nullptr, last_src_size_ = 0;
  in_dump_ = false;
  return {};
}

void Engine::maybe_checkpoint() {
  if (in_dump_ || !ckpt_) return;
  if (!ckpt_next_) ckpt_next_ = now_ - now_ % ckpt_every_ + ckpt_every_;
  if (now_ < ckpt_next_) return;
  ckpt_next_ = now_ - now_ % ckpt_every_ + ckpt_every_;
  ckpt_(now_);
}

}  // namespace dw::engine
