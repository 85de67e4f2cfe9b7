#include "net/source_names.h"

#include <mutex>
#include <set>

namespace dw::net {

const std::string& intern_source(std::string_view name) {
  static std::mutex m;
  static std::set<std::string, std::less<>> names;  // a handful: routers, peers, collectors
  std::lock_guard lock(m);
  auto it = names.find(name);
  if (it == names.end()) it = names.emplace(name).first;
  return *it;
}

}  // namespace dw::net
