// libFuzzer target for the MRT layer, by the first byte:
// - below 0xf0: one record body of any type through the length check and the
//   decoder, then through the bgpdump formatter and the element walk;
// - 0xf0-0xf7: the rest as a whole file through MrtFile (framing,
//   resynchronisation inside and after damaged records, decoding);
// - 0xf8-0xff: the rest split into three update files of one collector
//   (at the offsets the next bytes give) through ArchiveMerger, with the gaps
//   left by files not read to their end.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "mem_file.h"
#include "mrt/archive_merge.h"
#include "mrt/bgpdump_format.h"
#include "mrt/body_lengths.h"
#include "mrt/decode.h"
#include "mrt/mrt_file.h"

namespace {

void one_record(const uint8_t* data, size_t size) {
  if (size < 4) return;
  static const uint16_t types[] = {5, 12, 13, 16, 17};
  static dw::mrt::MrtDecoder decoder;  // keeps a peer table across inputs, as a file does
  dw::mrt::RawRecord raw;
  raw.type = types[data[0] % 5];
  raw.subtype = static_cast<uint16_t>(data[1] % 13);
  raw.ts = 1419264900;
  raw.body = std::span<const uint8_t>(data + 2, size - 2);
  dw::mrt::MrtRecord rec;
  // the length check decides which thread decodes a record in `dump`: it
  // must survive anything, and a record it passes must not hide a failure
  // that only the framing thread could act on (checked by the dump tests)
  bool agree = dw::mrt::body_lengths_agree(raw);
  (void)agree;
  if (decoder.decode(raw, rec)) {
    std::string out;
    dw::mrt::format_bgpdump(rec, decoder.peers(), out);
    size_t n = 0;
    dw::mrt::for_each_element(rec, decoder.peers(), [&](const dw::bgp::Element&) { ++n; });
  }
}

void whole_file(const uint8_t* data, size_t size) {
  MemFile m(data, size);
  if (!m.ok()) return;
  uint64_t problems = 0;
  dw::mrt::MrtFile f(m.path(), [&](const std::string&) { ++problems; });
  dw::mrt::MrtRecord rec;
  std::string out;
  while (f.next(rec)) {
    out.clear();
    dw::mrt::format_bgpdump(rec, f.peers(), out);
  }
  // a record is at least its header: of the bytes decompressed, not of the
  // input (a compressed input may hold many more records than it is long)
  if (f.stats().records > std::max<uint64_t>(f.stats().bytes, size) / 12 + 1) abort();
  (void)dw::mrt::describe(f.stats());
}

void archive(const uint8_t* data, size_t size) {
  if (size < 2) return;
  static const std::filesystem::path dir = [] {
    char tmpl[] = "/tmp/dw-fuzz-merge-XXXXXX";
    return std::filesystem::path(mkdtemp(tmpl)) / "rrc00";
  }();
  std::filesystem::create_directories(dir);
  size_t rest = size - 2;
  size_t a = rest ? data[0] * rest / 255 : 0, b = rest ? std::max<size_t>(a, data[1] * rest / 255) : 0;
  const uint8_t* p = data + 2;
  const char* names[] = {"updates.20141222.1600", "updates.20141222.1605", "updates.20141222.1615"};
  size_t cuts[] = {0, a, b, rest};
  for (int i = 0; i < 3; ++i)
    std::ofstream(dir / names[i], std::ios::binary)
        .write(reinterpret_cast<const char*>(p + cuts[i]), static_cast<std::streamsize>(cuts[i + 1] - cuts[i]));
  auto arch = dw::mrt::discover_archive({dir.parent_path().string()});
  dw::mrt::ArchiveMerger merger(arch, std::nullopt, [](const std::string&) {});
  dw::mrt::MergeItem item;
  uint32_t last_gap = 0;
  while (merger.next(item)) {
    if (item.kind == dw::mrt::MergeItem::Kind::Gap) {
      if (item.gap_to < item.gap_from) abort();  // a gap never ends before it starts
      last_gap = item.gap_from;
    }
  }
  (void)last_gap;
  (void)dw::mrt::describe(merger.stats());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool init = (setenv("DARKWATCH_NO_LBZIP2", "1", 1), true);  // no process per input
  (void)init;
  if (size < 1) return 0;
  if (data[0] < 0xf0) one_record(data, size);
  else if (data[0] < 0xf8) whole_file(data + 1, size - 1);
  else archive(data + 1, size - 1);
  return 0;
}
