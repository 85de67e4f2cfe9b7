// libFuzzer target for the decompressors behind mrt::Input: the first byte
// chooses magic bytes to put before the rest (none, gzip, bzip2, xz, zstd),
// so that every decoder meets garbage, truncation, several members or
// streams, and bytes after the end; the second how large each peek is. Input
// must return the bytes it could, in order, and end with or without an error,
// never crash or hang.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "mem_file.h"
#include "mrt/input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static const std::vector<uint8_t> magic[] = {
      {}, {0x1f, 0x8b, 0x08, 0x00}, {'B', 'Z', 'h', '9'}, {0xfd, '7', 'z', 'X', 'Z', 0x00}, {0x28, 0xb5, 0x2f, 0xfd}};
  uint8_t how = data[0], step = data[1];
  // lbzip2 (a process of its own) only now and then: it is slow to start
  if (how & 0x80) unsetenv("DARKWATCH_NO_LBZIP2");
  else setenv("DARKWATCH_NO_LBZIP2", "1", 1);
  std::vector<uint8_t> bytes(magic[how % 5]);
  bytes.insert(bytes.end(), data + 2, data + size);
  MemFile m(bytes.data(), bytes.size());
  if (!m.ok()) return 0;
  dw::mrt::Input in(m.path());
  size_t n = 1 + step % 64 * (step & 0x40 ? 1024 : 1), total = 0;
  for (;;) {
    auto s = in.peek(n);
    if (s.empty()) break;
    if (s.size() > n) abort();
    in.consume(s.size());
    total += s.size();
    if (total > (64u << 20)) break;  // a bomb: enough
  }
  if (in.offset() != total) abort();
  (void)in.error();
  return 0;
}
