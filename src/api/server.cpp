#include "api/server.h"

#include <map>
#include <mutex>

#include "api/event_hub.h"
#include "api/guarded_server.h"
#include "api/query_string.h"

namespace dw::api {

struct Server::Impl {
  Impl(const std::string& db, const Limits& l) : limits(l), http(l), hub(l.stream_subscribers) {
    if (!db.empty()) api = std::make_unique<Api>(db, l.cache_bytes);
  }
  Limits limits;
  std::unique_ptr<Api> api;  // null: no store (watch without --db)
  GuardedServer http;
  EventHub hub;
  AssetTable assets = placeholder_assets();
  struct Extra {
    std::string content_type;
    std::function<std::string()> fn;
  };
  std::map<std::string, Extra> extra;

  void handle(const httplib::Request& req, httplib::Response& res);
  void stream(httplib::Response& res);
};

namespace {

void send(httplib::Response& res, Reply r) {
  res.status = r.status;
  if (r.cached) res.set_header("X-Cache", "hit");
  res.set_content(std::move(r.body), r.content_type.c_str());  // a year's series is megabytes: moved, not copied
}

}  // namespace

void Server::Impl::stream(httplib::Response& res) {
  auto sub = hub.subscribe();
  if (!sub) {
    send(res, Api::error_reply("stream", ApiError{503, "", "too many /v2/stream subscribers"}));
    return;
  }
  res.set_header("Cache-Control", "no-store");
  auto ping = limits.stream_ping;
  res.set_chunked_content_provider("text/event-stream", [sub, ping, first = true](size_t, httplib::DataSink& sink) mutable {
    if (first) {
      first = false;
      std::string hello = ": darkwatch stream\n\n";
      return sink.write(hello.data(), hello.size());
    }
    auto msg = sub->next(ping);
    if (!msg) {
      sink.done();
      return true;
    }
    std::string text = msg->empty() ? std::string(": ping\n\n") : *msg;
    return sink.write(text.data(), text.size());
  });
}

void Server::Impl::handle(const httplib::Request& req, httplib::Response& res) {
  res.set_header("X-Content-Type-Options", "nosniff");
  if (req.method != "GET" && req.method != "HEAD") {
    send(res, Api::error_reply("error", ApiError{405, "", "only GET and HEAD are served"}));
    res.set_header("Allow", "GET, HEAD");
    return;
  }
  auto length = req.get_header_value("Content-Length");
  if ((!length.empty() && length != "0") || req.has_header("Transfer-Encoding")) {
    GuardedServer::close_after_response();
    res.set_header("Connection", "close");
    return send(res, Api::error_reply("error", ApiError{413, "", "requests have no body here (GET only)"}));
  }
  std::string_view target = req.target;
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  std::string_view raw_query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  ApiError err;
  auto path = split_path(raw_path, err);
  if (!path) return send(res, Api::error_reply("error", err));
  std::string joined;
  for (const auto& s : *path) joined += "/" + s;
  if (auto it = extra.find(joined.empty() ? "/" : joined); it != extra.end()) {
    res.set_content(it->second.fn(), it->second.content_type.c_str());
    return;
  }
  if (!path->empty() && (*path)[0] == "v2") {
    if (path->size() == 2 && (*path)[1] == "stream") return stream(res);
    if (!api)
      return send(res, Api::error_reply("error", ApiError{503, "", "no store: this server reads no database (watch: run it with --db FILE)"}));
    return send(res, api->handle(*path, raw_query));
  }
  const Asset* a = find_asset(assets, joined.empty() ? "/" : joined);
  if (!a) return send(res, Api::error_reply("error", ApiError{404, "path", "no such file in the dashboard"}));
  res.set_content(std::string(a->bytes), std::string(a->content_type).c_str());
}

Server::Server(const std::string& db_path, Limits limits) : impl_(std::make_unique<Impl>(db_path, limits)) {
  // Every request goes through one handler that reads the raw target: httplib's
  // own routing decodes %2F into '/', which the path check must see undecoded.
  impl_->http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    impl_->handle(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  impl_->http.set_read_timeout(std::chrono::duration_cast<std::chrono::seconds>(limits.head_timeout).count());
  impl_->http.set_write_timeout(std::chrono::duration_cast<std::chrono::seconds>(limits.write_timeout).count());
  impl_->http.set_keep_alive_timeout(std::chrono::duration_cast<std::chrono::seconds>(limits.keep_alive_timeout).count());
}

Server::~Server() {
  stop();
}

void Server::set_assets(AssetTable assets) { impl_->assets = assets; }
void Server::add_text_route(const std::string& path, std::function<std::string()> fn) {
  impl_->extra[path] = {"text/plain; version=0.0.4", std::move(fn)};
}
void Server::add_json_route(const std::string& path, std::function<std::string()> fn) {
  impl_->extra[path] = {"application/json", std::move(fn)};
}
bool Server::has_store() const { return impl_->api != nullptr; }
void Server::publish(std::string_view event_name, std::string_view json) { impl_->hub.publish(event_name, json); }
size_t Server::stream_subscribers() const { return impl_->hub.subscribers(); }

bool parse_listen(const std::string& text, std::string& host, int& port) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto p = parse_int(std::string_view(text).substr(colon + 1), 0, 65535);
  if (!p) return false;
  port = static_cast<int>(*p);
  return true;
}

int Server::bind(const std::string& listen, std::string& err) {
  std::string host;
  int port = 0;
  if (!parse_listen(listen, host, port)) {
    err = "--listen: '" + listen + "' is not ADDR:PORT (such as 127.0.0.1:8080)";
    return -1;
  }
  int bound = port == 0 ? impl_->http.bind_to_any_port(host) : (impl_->http.bind_to_port(host, port) ? port : -1);
  if (bound < 0) err = "cannot listen on " + listen + " (address in use, or not an address of this machine)";
  return bound;
}

void Server::run() { impl_->http.listen_after_bind(); }

void Server::stop() {
  impl_->hub.close();
  impl_->http.stop();
}

}  // namespace dw::api
