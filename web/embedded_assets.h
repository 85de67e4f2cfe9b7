#pragma once
// The dashboard's asset table (web/CMakeLists.txt generates it from the
// esbuild bundle, or from web/placeholder.html when npm is missing): the
// server answers `/` and `/assets/...` from it.
#include "api/assets.h"

namespace dw::api {

// "/index.html", "/assets/app.js", "/assets/app.css"; static storage.
AssetTable embedded_assets();

}  // namespace dw::api
