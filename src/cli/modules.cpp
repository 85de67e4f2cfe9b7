#include "cli/modules.h"

#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "alert/http_post.h"

namespace dw::cli {

namespace {

// The module's symbol, from the program's own folder (where the build puts
// it), from lib/darkwatch beside it (where `cmake --install` puts it), else
// from the build folder it was configured for.
void* symbol(const char* module, const char* name) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::string tried;
  std::filesystem::path dirs[] = {exe.parent_path(), exe.parent_path().parent_path() / "lib/darkwatch", DW_MODULE_DIR};
  for (const auto& dir : dirs) {
    if (dir.empty() || (&dir != &dirs[0] && dir == dirs[0])) continue;
    if (!std::filesystem::exists(dir / module, ec)) {
      tried += (tried.empty() ? "" : "; ") + (dir / module).string() + ": no such file";
      continue;
    }
    std::string path = (dir / module).string();
    if (void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
      if (void* s = dlsym(h, name)) return s;
      throw std::runtime_error(path + ": no " + name);
    }
    const char* why = dlerror();
    tried += (tried.empty() ? "" : "; ") + (why ? std::string(why) : path);
  }
  throw std::runtime_error(std::string("cannot load ") + module + ": " + tried);
}

}  // namespace

void chart_png(const report::ChartInput& in, const std::string& png_path) {
  static auto* draw = reinterpret_cast<decltype(&dw_draw_chart)>(symbol("darkwatch-chart.so", "dw_draw_chart"));
  char err[512] = "";
  if (draw(&in, png_path.c_str(), 1200, 600, err, sizeof err) != 0) throw std::runtime_error(err);
}

alert::HttpPost http_post() {
  auto* post = reinterpret_cast<decltype(&dw_http_post_json)>(symbol("darkwatch-http.so", "dw_http_post_json"));
  return [post](const std::string& url, const std::string& body, long timeout_ms) {
    char err[512] = "";
    return post(url.c_str(), body.data(), body.size(), timeout_ms, err, sizeof err) == 0 ? std::string()
                                                                                          : std::string(err);
  };
}

}  // namespace dw::cli
