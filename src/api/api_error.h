// What a request did wrong, as the envelope's `error` says it: the status
// code, the parameter at fault (empty: none in particular) and a sentence.
#pragma once
#include <string>

namespace dw::api {

struct ApiError {
  int status = 400;
  std::string parameter;
  std::string message;
};

}  // namespace dw::api
