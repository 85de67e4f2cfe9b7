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

}  // namespace dw::mrt
