#include <cstdio>
#include <exception>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"darkwatch: sees when the Internet goes dark, and says why"};
  app.require_subcommand(1);
  dw::cli::add_dump(app);
  dw::cli::add_replay(app);
  dw::cli::add_signal(app);
  dw::cli::add_detect(app);
  dw::cli::add_report(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "darkwatch: %s\n", e.what());
    return 2;
  }
  return 0;
}
