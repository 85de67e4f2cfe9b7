// PNG charts of an entity's signals (cairo): visible space on top with the
// lowest value inside each bin as a shaded band, churn (announcements and
// withdrawals) below, events shaded across both.
#pragma once
#include <string>
#include <vector>

#include "store/store_reader.h"

namespace dw::report {

struct ChartSpan {
  uint32_t start, end;
  std::string kind;  // outage, instability, peer_down, collector_gap, ...
};

struct ChartInput {
  std::string title;
  bool ipv6 = false;  // plot /48s instead of /24s
  std::vector<store::SignalRow> rows;
  std::vector<ChartSpan> spans;
};

// Throws std::runtime_error when the file cannot be written (an edge).
void draw_chart(const ChartInput& in, const std::string& png_path, int width = 1200, int height = 600);

}  // namespace dw::report

// Charts need cairo, and cairo some twenty shared libraries: draw_chart lives
// in a module of its own (darkwatch-chart.so, beside the program) that only
// the commands drawing a chart load, so that every other command starts
// without them. Its entry point: 0 when written, else the reason in err.
extern "C" int dw_draw_chart(const dw::report::ChartInput* in, const char* png_path, int width, int height,
                             char* err, size_t err_len);

namespace dw::report {

}  // namespace dw::report
