// The asset table compiled into the program: the page and its bundle are
// there, typed, and the page asks only for files the table holds (nothing
// from outside: the dashboard works offline).
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "embedded_assets.h"

namespace {

const dw::api::Asset* find(std::string_view path) {
  for (const auto& a : dw::api::embedded_assets())
    if (a.path == path) return &a;
  return nullptr;
}

TEST(WebAssets, IndexComesFirstAsHtml) {
  auto table = dw::api::embedded_assets();
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(table[0].path, "/index.html");
  EXPECT_EQ(table[0].content_type, "text/html; charset=utf-8");
  EXPECT_NE(table[0].bytes.find("<title>darkwatch</title>"), std::string_view::npos);
}

TEST(WebAssets, EveryPathIsAbsoluteAndUnique) {
  auto table = dw::api::embedded_assets();
  for (size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(table[i].path.substr(0, 1), "/") << table[i].path;
    EXPECT_EQ(table[i].path.find(".."), std::string_view::npos) << table[i].path;
    EXPECT_FALSE(table[i].bytes.empty()) << table[i].path;
    for (size_t j = i + 1; j < table.size(); ++j) EXPECT_NE(table[i].path, table[j].path);
  }
}

#if DW_WEB_BUNDLED
TEST(WebAssets, BundleIsEmbeddedAndReferencedByThePage) {
  const auto* js = find("/assets/app.js");
  const auto* css = find("/assets/app.css");
  ASSERT_NE(js, nullptr);
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  // uPlot and the map are inside the bundle, not fetched
  EXPECT_NE(js->bytes.find("/v2/entities/query"), std::string_view::npos);
  EXPECT_GT(js->bytes.size(), 100000u);
  std::string page(find("/index.html")->bytes);
  EXPECT_NE(page.find("src=\"assets/app.js\""), std::string::npos);
  EXPECT_NE(page.find("href=\"assets/app.css\""), std::string::npos);
  // no URL with a scheme or a host: nothing leaves the machine
  EXPECT_FALSE(std::regex_search(page, std::regex(R"((src|href)="(https?:)?//)")));
  std::string js_text(js->bytes);
  EXPECT_EQ(js_text.find("fonts.googleapis"), std::string::npos);
  EXPECT_EQ(js_text.find("cdn.jsdelivr"), std::string::npos);
}
#else
TEST(WebAssets, PlaceholderSaysHowToBuildTheDashboard) {
  EXPECT_NE(find("/index.html")->bytes.find("npm"), std::string_view::npos);
}
#endif

}  // namespace
