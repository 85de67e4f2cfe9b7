// HTTP POST through libcurl, which brings some twenty-five shared libraries
// (TLS, Kerberos, LDAP, ...): it lives in a module of its own,
// darkwatch-http.so beside the program, loaded only when a webhook is set, so
// that every other command starts without them. The module's entry point:
// 0 when the server answered 2xx, else the problem in err.
#pragma once
#include <cstddef>

extern "C" int dw_http_post_json(const char* url, const char* body, size_t body_len, long timeout_ms, char* err,
                                 size_t err_len);
