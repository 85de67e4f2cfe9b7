#include "api/assets.h"

#include <array>

namespace dw::api {

namespace {

constexpr std::string_view kIndex = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>darkwatch</title></head>
<body><h1>darkwatch</h1>
<p>The dashboard is not built into this program. The API answers here:</p>
<ul>
<li><a href="/v2/entities/query?entityType=country">/v2/entities/query?entityType=country</a></li>
<li><a href="/v2/outages/events">/v2/outages/events</a></li>
<li><a href="/v2/outages/summary">/v2/outages/summary</a></li>
</ul>
<p>See docs/api.md.</p>
</body></html>
)html";

constexpr std::array<Asset, 1> kPlaceholder{{{"/index.html", "text/html; charset=utf-8", kIndex}}};

}  // namespace

AssetTable placeholder_assets() { return kPlaceholder; }

const Asset* find_asset(AssetTable table, std::string_view path) {
  if (path == "/") path = "/index.html";
  for (const auto& a : table)
    if (a.path == path) return &a;
  return nullptr;
}

}  // namespace dw::api
