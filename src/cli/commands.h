// The subcommands of the darkwatch program; main.cpp wires them to CLI11.
#pragma once
#include <CLI/CLI.hpp>

namespace dw::cli {
void add_dump(CLI::App& app);
void add_replay(CLI::App& app);
void add_signal(CLI::App& app);
void add_detect(CLI::App& app);
void add_report(CLI::App& app);
void add_entities(CLI::App& app);
void add_profile(CLI::App& app);
// the HTTP API (src/api)
void add_serve(CLI::App& app);
void add_watch(CLI::App& app);   // live sources (cmd_watch.cpp)
void add_status(CLI::App& app);  // a running watch's /status (cmd_status.cpp)
}  // namespace dw::cli
