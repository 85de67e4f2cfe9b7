#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "cli/commands.h"
#include "cli/output_file.h"

namespace {

// "darkwatch bogus": CLI11 would say "A subcommand is required"; name the
// word it did not know and the commands it does.
bool unknown_command(CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  std::string names;
  for (const auto* c : app.get_subcommands([](CLI::App*) { return true; })) {
    if (c->get_name() == argv[1]) return false;
    names += (names.empty() ? "" : ", ") + c->get_name();
  }
  std::fprintf(stderr, "darkwatch: unknown command '%s' (commands: %s; darkwatch --help)\n", argv[1], names.c_str());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"darkwatch: sees when the Internet goes dark, and says why"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "darkwatch " DW_VERSION);
  dw::cli::add_dump(app);
  dw::cli::add_replay(app);
  dw::cli::add_signal(app);
  dw::cli::add_detect(app);
  dw::cli::add_report(app);
  dw::cli::add_entities(app);
  dw::cli::add_profile(app);
  dw::cli::add_serve(app);
  dw::cli::add_watch(app);
  dw::cli::add_status(app);
  if (unknown_command(app, argc, argv)) return 2;
  try {
    app.parse(argc, argv);
    dw::cli::check_stdout();
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    // a command that failed may still have printed: a broken stdout is worth saying too
    try {
      dw::cli::check_stdout();
    } catch (const std::exception& w) {
      std::fprintf(stderr, "darkwatch: %s\n", w.what());
      if (!rc) rc = 1;
    }
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "darkwatch: %s\n", e.what());
    return 2;
  }
  return 0;
}
