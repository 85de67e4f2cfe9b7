// CLI11 checks shared by the commands: an option whose value makes no sense is
// an error naming the option before anything is read or written, never a
// filter quietly off, a wrapped number or a division by zero later on.
#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "signal/visibility.h"

namespace dw::cli {

// country:KP, asn:131279 (AS131279), table.
inline const CLI::Validator kEntityCheck(
    [](const std::string& s) {
      return signal::EntityKey::parse(s) ? std::string()
                                         : "not an entity: " + s + " (country:KP, asn:131279 or table)";
    },
    "ENTITY");

// An AS number: 0 to 4294967295 (no sign, no wrapping).
inline const CLI::Validator kAsnCheck(
    [](const std::string& s) {
      if (s.empty() || s.size() > 10 || s.find_first_not_of("0123456789") != std::string::npos ||
          std::stoull(s) > UINT32_MAX)
        return "not an AS number (0 to 4294967295): " + s;
      return std::string();
    },
    "ASN");

// A share of the baseline: more than 0, at most 1.
inline const CLI::Validator kShareCheck(
    [](const std::string& s) {
      double v = 0;
      try {
        size_t used = 0;
        v = std::stod(s, &used);
        if (used != s.size()) v = -1;
      } catch (const std::exception&) {
        v = -1;
      }
      return v > 0 && v <= 1 ? std::string() : "a share of the baseline, more than 0 and at most 1: " + s;
    },
    "SHARE");

// Bins from a second to a day (the baseline is a day of bins).
inline const CLI::Range kBinRange(uint32_t{1}, uint32_t{86400});
// Durations from a second to a week.
inline const CLI::Range kDurationRange(uint32_t{1}, uint32_t{7 * 86400});

// The detector's thresholds, the same in every command that detects (replay, detect).
inline void add_detection_options(CLI::App* c, uint32_t& min_duration, double& min_loss) {
  c->add_option("--min-duration", min_duration, "shortest loss that is an outage, seconds")
      ->capture_default_str()
      ->check(kDurationRange);
  c->add_option("--min-loss", min_loss, "smallest share of the baseline lost that is an outage (0 to 1)")
      ->capture_default_str()
      ->check(kShareCheck);
}

// The routing-state commands (replay, watch): how long a peer whose session
// came up, or first heard of, re-sends its table before it votes.
inline void add_warmup_option(CLI::App* c, uint32_t& warmup) {
  c->add_option("--warmup", warmup,
                "seconds a peer whose session came up, or first heard of, re-sends its table before it votes")
      ->capture_default_str()
      ->check(CLI::Range(0, 86400));
}

}  // namespace dw::cli
