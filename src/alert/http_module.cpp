// darkwatch-http.so: JSON bodies POSTed with libcurl (see http_post.h).
#include <curl/curl.h>

#include <cstdio>
#include <mutex>

#include "alert/http_post.h"

extern "C" int dw_http_post_json(const char* url, const char* body, size_t body_len, long timeout_ms, char* err,
                                 size_t err_len) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CURL* c = curl_easy_init();
  if (!c) {
    std::snprintf(err, err_len, "libcurl: cannot start");
    return 1;
  }
  curl_slist* h = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body_len));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char*, size_t n, size_t m, void*) { return n * m; });
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) {
    std::snprintf(err, err_len, "%s", curl_easy_strerror(rc));
    return 1;
  }
  if (status < 200 || status >= 300) {
    std::snprintf(err, err_len, "HTTP %ld", status);
    return 1;
  }
  return 0;
}
