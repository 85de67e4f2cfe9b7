// The entry point of darkwatch-chart.so (see chart.h): no exception leaves it.
#include <cstdio>
#include <exception>

#include "report/chart.h"

extern "C" int dw_draw_chart(const dw::report::ChartInput* in, const char* png_path, int width, int height,
                             char* err, size_t err_len) {
  try {
    dw::report::draw_chart(*in, png_path, width, height);
    return 0;
  } catch (const std::exception& e) {
    std::snprintf(err, err_len, "%s", e.what());
    return 1;
  }
}
