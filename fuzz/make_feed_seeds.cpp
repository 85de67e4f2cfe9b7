// Seeds for fuzz_feed_decoder: an archive read through mrt::ArchiveSource and
// encoded (feed/codec.h), cut into files of a few events each, every event
// kind among them. Usage: make_feed_seeds ARCHIVE OUT_DIR [FILES]
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "feed/codec.h"
#include "mrt/archive.h"
#include "mrt/archive_source.h"

namespace {

struct Cutter : dw::feed::EventSink {
  std::string dir;
  size_t max_files;
  size_t files = 0, in_file = 0;
  std::map<dw::feed::EventKind, size_t> kinds;
  std::vector<uint8_t> buf;
  void on_event(const dw::feed::RouteEvent& e) override {
    // keep every kind's first events, then every 97th event, four to a file
    if (kinds[e.kind]++ > 4 && (kinds[e.kind] % 97) != 0) return;
    dw::feed::encode(e, buf);
    if (++in_file == 4) flush();
  }
  void flush() {
    if (buf.empty() || files >= max_files) return buf.clear();
    std::ofstream(dir + "/seed-" + std::to_string(files++), std::ios::binary)
        .write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    buf.clear();
    in_file = 0;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return fprintf(stderr, "usage: make_feed_seeds ARCHIVE OUT_DIR [FILES]\n"), 2;
  auto archive = dw::mrt::discover_archive({argv[1]});
  std::filesystem::create_directories(argv[2]);
  Cutter c;
  c.dir = argv[2];
  c.max_files = argc > 3 ? std::stoul(argv[3]) : 64;
  dw::mrt::ArchiveSource src(archive, std::nullopt, std::nullopt);
  src.run(c);
  c.flush();
  printf("%zu seeds\n", c.files);
  return 0;
}
