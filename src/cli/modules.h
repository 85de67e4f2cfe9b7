// The modules beside the program that only some commands need (charts with
// cairo, HTTP with libcurl), loaded the first time they are asked for, so that
// every other command starts without their forty-odd shared libraries. This
// is an edge: a missing module throws, naming it and where it was looked for.
#pragma once
#include <string>

#include "alert/alert.h"
#include "report/chart.h"

namespace dw::cli {

void chart_png(const report::ChartInput& in, const std::string& png_path);
alert::HttpPost http_post();

}  // namespace dw::cli
