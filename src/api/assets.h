// The dashboard's files, compiled into the program: the server answers
// `/` and `/assets/...` from this table only and never opens a file for a
// URL. The web build (src/web, h-web) generates a table of these; until it is
// linked in, placeholder_assets() serves a page that points at the API.
#pragma once
#include <span>
#include <string_view>

namespace dw::api {

struct Asset {
  std::string_view path;          // "/index.html", "/assets/app.js": what the URL asks for
  std::string_view content_type;  // "text/html; charset=utf-8"
  std::string_view bytes;
};

using AssetTable = std::span<const Asset>;

AssetTable placeholder_assets();

// The asset for a decoded URL path ("/" is "/index.html"), or null.
const Asset* find_asset(AssetTable table, std::string_view path);

}  // namespace dw::api
