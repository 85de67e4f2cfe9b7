#include "report/chart.h"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "bgp/time_text.h"

namespace dw::report {

namespace {

struct Box {
  double x, y, w, h;
};

void text(cairo_t* cr, double x, double y, const std::string& s, double size, bool right = false) {
  cairo_set_font_size(cr, size);
  cairo_text_extents_t ext;
  cairo_text_extents(cr, s.c_str(), &ext);
  cairo_move_to(cr, right ? x - ext.width - 4 : x, y);
  cairo_show_text(cr, s.c_str());
}

// A step that lands on a round number of units.
double nice_step(double range, int ticks) {
  double raw = range / ticks, mag = std::pow(10, std::floor(std::log10(std::max(raw, 1e-9))));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

void y_axis(cairo_t* cr, const Box& b, double top, const char* label) {
  cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
  cairo_set_line_width(cr, 1);
  double step = nice_step(top, 4);
  for (double v = 0; v <= top + 1e-9; v += step) {
    double y = b.y + b.h - v / top * b.h;
    cairo_move_to(cr, b.x, y);
    cairo_line_to(cr, b.x + b.w, y);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    char buf[32];
    snprintf(buf, sizeof buf, "%.0f", v);
    text(cr, b.x, y + 4, buf, 11, true);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
  }
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  text(cr, b.x + 4, b.y - 6, label, 12);
}

}  // namespace

void draw_chart(const ChartInput& in, const std::string& path, int width, int height) {
  cairo_surface_t* surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, height);
  cairo_t* cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);

  Box top{80, 50, width - 110.0, (height - 120.0) * 0.65};
  Box low{80, top.y + top.h + 40, width - 110.0, (height - 120.0) * 0.35 - 20};
  uint32_t t0 = in.rows.empty() ? 0 : in.rows.front().bin, t1 = in.rows.empty() ? 1 : in.rows.back().bin + 1;
  if (t1 <= t0) t1 = t0 + 1;
  auto xof = [&](double t) { return top.x + (t - t0) / double(t1 - t0) * top.w; };

  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  text(cr, top.x, 24, in.title, 16);

  // events behind everything
  for (const auto& s : in.spans) {
    double a = xof(std::max(s.start, t0)), b = xof(std::min(std::max(s.end, s.start + 1), t1));
    if (b <= top.x || a >= top.x + top.w) continue;
    if (s.kind == "outage") cairo_set_source_rgba(cr, 0.9, 0.2, 0.2, 0.18);
    else if (s.kind == "instability") cairo_set_source_rgba(cr, 1.0, 0.6, 0.0, 0.18);
    else cairo_set_source_rgba(cr, 0.4, 0.4, 0.4, 0.10);
    cairo_rectangle(cr, a, top.y, std::max(b - a, 1.5), low.y + low.h - top.y);
    cairo_fill(cr);
  }

  double vmax = 1, cmax = 1;
  for (const auto& r : in.rows) {
    vmax = std::max<double>(vmax, static_cast<double>(in.ipv6 ? r.v6 : r.v4));
    cmax = std::max<double>(cmax, r.announcements + r.withdrawals);
  }
  vmax *= 1.1;
  y_axis(cr, top, vmax, in.ipv6 ? "IPv6 /48s visible (band: lowest within the bin)" : "IPv4 /24s visible (band: lowest within the bin)");
  y_axis(cr, low, cmax, "churn per bin: announcements (blue) and withdrawals (red)");

  auto yv = [&](double v) { return top.y + top.h - v / vmax * top.h; };
  double bw = in.rows.size() > 1 ? top.w / static_cast<double>(in.rows.size()) : top.w;
  // the within-bin low band
  cairo_set_source_rgba(cr, 0.2, 0.4, 0.8, 0.25);
  for (const auto& r : in.rows) {
    double hi = static_cast<double>(in.ipv6 ? r.v6 : r.v4), lo = static_cast<double>(in.ipv6 ? r.v6_low : r.v4_low);
    if (lo < hi) {
      cairo_rectangle(cr, xof(r.bin), yv(hi), std::max(bw, 1.0), yv(lo) - yv(hi));
      cairo_fill(cr);
    }
  }
  // the bin-end line, drawn as steps
  cairo_set_source_rgb(cr, 0.1, 0.3, 0.7);
  cairo_set_line_width(cr, 1.6);
  bool first = true;
  for (const auto& r : in.rows) {
    double y = yv(static_cast<double>(in.ipv6 ? r.v6 : r.v4));
    if (first) cairo_move_to(cr, xof(r.bin), y), first = false;
    else cairo_line_to(cr, xof(r.bin), y);
    cairo_line_to(cr, xof(r.bin + (t1 - t0) / std::max<size_t>(in.rows.size(), 1)), y);
  }
  cairo_stroke(cr);
  // churn bars
  auto yc = [&](double v) { return low.y + low.h - v / cmax * low.h; };
  for (const auto& r : in.rows) {
    double x = xof(r.bin), w = std::max(bw * 0.9, 1.0);
    cairo_set_source_rgb(cr, 0.2, 0.4, 0.8);
    cairo_rectangle(cr, x, yc(r.announcements), w, low.y + low.h - yc(r.announcements));
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.85, 0.2, 0.2);
    cairo_rectangle(cr, x, yc(r.announcements + r.withdrawals), w, yc(r.announcements) - yc(r.announcements + r.withdrawals));
    cairo_fill(cr);
  }
  // time axis: about eight labels
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  uint32_t span = t1 - t0, step = 3600;
  for (uint32_t s : {300u, 900u, 1800u, 3600u, 7200u, 10800u, 21600u, 43200u, 86400u, 172800u, 604800u})
    if (span / s <= 8) {
      step = s;
      break;
    }
  for (uint32_t t = t0 - t0 % step + step; t < t1; t += step) {
    std::string iso = bgp::iso8601(t);  // 2014-12-22T16:15:00Z
    std::string lab = iso.substr(5, 5) + " " + iso.substr(11, 5);
    double x = xof(t);
    cairo_move_to(cr, x, low.y + low.h);
    cairo_line_to(cr, x, low.y + low.h + 5);
    cairo_stroke(cr);
    text(cr, x - 30, low.y + low.h + 18, lab, 11);
  }
  text(cr, top.x + top.w, height - 8.0, "UTC; shaded: red outage, orange instability, grey collector notices", 11, true);

  cairo_destroy(cr);
  auto st = cairo_surface_write_to_png(surf, path.c_str());
  cairo_surface_destroy(surf);
  if (st != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cannot write " + path + ": " + cairo_status_to_string(st));
}

}  // namespace dw::report
