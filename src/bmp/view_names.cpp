#include "bmp/bmp_stream.h"

namespace dw::bmp {

const char* to_string(View v) {
  switch (v) {
    case View::PrePolicyElseLocRib: return "pre-policy-else-loc-rib";
    case View::PrePolicy: return "pre-policy";
    case View::PostPolicy: return "post-policy";
    case View::LocRib: return "loc-rib";
    case View::AdjRibOut: return "adj-rib-out";
    case View::All: return "all";
  }
  return "unknown";
}

std::optional<View> parse_view(std::string_view s) {
  for (View v : {View::PrePolicyElseLocRib, View::PrePolicy, View::PostPolicy, View::LocRib, View::AdjRibOut,
                 View::All})
    if (s == to_string(v)) return v;
  return std::nullopt;
}

const char* to_string(RibView v) {
  switch (v) {
    case RibView::AdjInPre: return "pre-policy";
    case RibView::AdjInPost: return "post-policy";
    case RibView::LocRib: return "loc-rib";
    case RibView::AdjOutPre: return "adj-rib-out-pre";
    case RibView::AdjOutPost: return "adj-rib-out-post";
  }
  return "unknown";
}

}  // namespace dw::bmp
