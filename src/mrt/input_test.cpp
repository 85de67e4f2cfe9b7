// Input hands out bytes from recycled chunks and gathers peeks that straddle
// two chunks: whatever the pattern of peeks and consumes, the bytes must be
// the file's, in order, at the right offsets.
#include "mrt/input.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <random>

using namespace dw::mrt;

static std::string pattern(size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + i / 4099) % 251);
  return s;
}

static void check_reads(const std::string& path, const std::string& want, uint32_t seed) {
  Input in(path);
  std::mt19937 rng(seed);
  size_t at = 0;
  while (at < want.size()) {
    // mostly record-sized peeks, now and then one larger than a chunk
    size_t n = rng() % 50 == 0 ? 300000 + rng() % 400000 : 1 + rng() % 3000;
    auto p = in.peek(n);
    size_t expect = std::min(n, want.size() - at);
    ASSERT_EQ(p.size(), expect) << "at " << at;
    ASSERT_EQ(0, memcmp(p.data(), want.data() + at, p.size())) << "at " << at;
    size_t k = p.empty() ? 0 : 1 + rng() % p.size();  // consume at most what was peeked
    in.consume(k);
    at += k;
    ASSERT_EQ(in.offset(), at);
  }
  EXPECT_TRUE(in.peek(1).empty());
  EXPECT_EQ(in.error(), "");
}

TEST(Input, PeeksAcrossChunksReturnTheFileInOrder) {
  std::string data = pattern(3'300'000);  // a dozen chunks and a part
  std::string path = ::testing::TempDir() + "/pattern.bin";
  std::ofstream(path, std::ios::binary) << data;
  for (uint32_t seed = 1; seed <= 4; ++seed) check_reads(path, data, seed);
  unlink(path.c_str());
}

TEST(Input, GzipPeeksAcrossChunksReturnTheDecompressedBytes) {
  std::string data = pattern(2'100'000);
  std::string path = ::testing::TempDir() + "/pattern.gz";
  gzFile g = gzopen(path.c_str(), "wb");
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(gzwrite(g, data.data(), static_cast<unsigned>(data.size())), static_cast<int>(data.size()));
  gzclose(g);
  EXPECT_EQ(Input(path).compression(), Compression::Gzip);
  for (uint32_t seed = 5; seed <= 7; ++seed) check_reads(path, data, seed);
  unlink(path.c_str());
}
