// The one-line output of `bgpdump -m` (bgpdump 1.6.2), reproduced byte for byte
// from a decoded record, with two documented corrections (see README).
#pragma once
#include <string>

#include "bgp/element_filter.h"
#include "mrt/decode.h"

namespace dw::mrt {

// Appends the lines of rec to out and returns how many. peers is the current
// PEER_INDEX_TABLE. Lines the filter rejects are left out.
size_t format_bgpdump(const MrtRecord& rec, const std::vector<PeerEntry>& peers, std::string& out,
                    const bgp::ElementFilter* filter = nullptr);

// One element in the same form, for sources that deliver elements rather
// than records (a BMP stream): label|time.usec|A/W/STATE|peer|as|... with the
// path id after the prefix when it has one (label then ends in "_AP").
// Returns 1, or 0 when the filter rejects it.
size_t format_bgpdump_element(const char* label, const bgp::Element& e, std::string& out,
                              const bgp::ElementFilter* filter = nullptr);

}  // namespace dw::mrt
