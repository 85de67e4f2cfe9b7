// `dump` of a raw BMP byte stream (RFC 7854: what a router sends a collector,
// as recorded off the TCP connection, plain or compressed): recognised by its
// content, decoded by bmp::BmpStream with every view delivered, and printed
// one element a line (-m, the bgpdump form with the label BMP; --json, the
// element schema plus the source that names router view and distinguisher).
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

#include "bgp/element_filter.h"

namespace dw::cli {

// True when the file (after decompression) starts with a BMP v3 common header.
bool is_bmp_file(const std::string& path);

struct BmpDumpResult {
  uint64_t elements = 0;
  bool bad = false;  // something did not decode, or the stream ended inside a message
};

// Problems (and the closing summary) go to err as "darkwatch: ..." lines.
BmpDumpResult dump_bmp(const std::string& path, bool json, const bgp::ElementFilter* filter, FILE* out,
                       FILE* err);

}  // namespace dw::cli
