#include "services/http/server.h"

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/util/log.h"
#include "services/http/json_api.h"
#include "services/http/pages.h"
#include "services/http/print_view.h"
#include "services/http/static_files.h"

namespace ledger::http {
namespace {

// cpp-httplib 0.11's own ThreadPool queues accepted connections without a limit; this one holds
// at most `capacity` and makes the accept loop wait for room instead (never dropping a
// connection, whose socket only the task closes).
class BoundedTaskQueue : public httplib::TaskQueue {
 public:
  BoundedTaskQueue(int threads, size_t capacity) : capacity_(capacity) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  ~BoundedTaskQueue() override = default;

  void enqueue(std::function<void()> fn) override {
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return jobs_.size() < capacity_ || shutdown_; });
    jobs_.push_back(std::move(fn));
    work_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      shutdown_ = true;
    }
    work_.notify_all();
    room_.notify_all();
    for (std::thread& t : workers_) t.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
        if (jobs_.empty()) return;  // shutting down, nothing left
        fn = std::move(jobs_.front());
        jobs_.pop_front();
        room_.notify_one();
      }
      fn();
    }
  }

  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable work_, room_;
  std::deque<std::function<void()>> jobs_;
  bool shutdown_ = false;
  std::vector<std::thread> workers_;
};

void Send(const HttpReply& reply, httplib::Response& res) {
  res.status = reply.status;
  res.set_header("Cache-Control", reply.cache_control);
  res.set_content(reply.body, reply.content_type.c_str());
}

// Host header characters we put into an absolute URL (a name, an IPv4 or a bracketed IPv6
// address and a port); anything else falls back to the listening address.
bool IsPlainHost(const std::string& host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

HttpServer::HttpServer(BoardSources sources, HttpServerOptions options)
    : sources_(sources), options_(std::move(options)), server_(new httplib::Server()) {}

HttpServer::~HttpServer() { Stop(); }

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(BoardSources sources,
                                                              HttpServerOptions options) {
  std::unique_ptr<HttpServer> s(new HttpServer(sources, std::move(options)));
  httplib::Server& server = *s->server_;
  server.new_task_queue = [] {
    return new BoundedTaskQueue(kHttpThreads, kHttpQueuedConnectionsMax);
  };
  server.set_read_timeout(kHttpReadTimeoutS, 0);
  server.set_write_timeout(kHttpWriteTimeoutS, 0);
  server.set_keep_alive_timeout(kHttpKeepAliveTimeoutS);
  server.set_keep_alive_max_count(kHttpKeepAliveRequestsMax);
  server.set_payload_max_length(kHttpRequestBodyBytesMax);
  s->Route();
  const int port =
      s->options_.port == 0
          ? server.bind_to_any_port(s->options_.host)
          : (server.bind_to_port(s->options_.host, s->options_.port) ? s->options_.port : -1);
  if (port <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen for HTTP on ", s->options_.host, ":",
                                               s->options_.port,
                                               " (address in use or not local?)"));
  }
  s->port_ = port;
  s->thread_ = std::thread([server_ptr = s->server_.get()] {
    if (!server_ptr->listen_after_bind()) log::Error("the HTTP notice board stopped listening");
  });
  return s;
}

void HttpServer::Stop() {
  if (!thread_.joinable()) return;
  server_->stop();
  thread_.join();
}

void HttpServer::Route() {
  httplib::Server& server = *server_;
  server.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      // Everything comes from this server: no external fonts, scripts, styles or frames.
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'"},
  });
  // Read-only: every other method is refused before routing.
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "GET" || req.method == "HEAD")
      return httplib::Server::HandlerResponse::Unhandled;
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    res.set_content("{\"error\":\"the notice board is read-only: GET only\"}", kJsonType);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    res.set_header("Cache-Control", kNoStore);
    if (req.path.rfind("/api/", 0) == 0) {
      res.set_content(absl::StrCat("{\"error\":\"HTTP ", res.status, "\"}"), kJsonType);
    } else {
      res.set_content(absl::StrCat("HTTP ", res.status, "：没有这个页面\n"),
                      "text/plain; charset=utf-8");
    }
  });
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        log::Error(absl::StrCat("HTTP ", req.path, ": unexpected exception"));
        res.status = 500;
        res.set_content("{\"error\":\"internal error\"}", kJsonType);
      });

  using Handler = HttpReply (*)(const BoardSources&, const Query&);
  const std::pair<const char*, Handler> routes[] = {
      {"/api/v1/checkpoint", &CheckpointJson},
      {"/api/v1/leaf", &LeafJson},
      {"/api/v1/inclusion", &InclusionJson},
      {"/api/v1/consistency", &ConsistencyJson},
      {"/", &IndexPage},
      {"/county", &CountyPage},
      {"/township", &TownshipPage},
      {"/village", &VillagePage},
  };
  for (const auto& [path, handler] : routes) {
    server.Get(path,
               [this, handler = handler](const httplib::Request& req, httplib::Response& res) {
                 Send(handler(sources_, req.params), res);
               });
  }
  server.Get("/notice", [this](const httplib::Request& req, httplib::Response& res) {
    std::string base = options_.public_url;
    if (base.empty()) {
      const std::string host = req.get_header_value("Host");
      base = absl::StrCat("http://",
                          IsPlainHost(host) ? host : absl::StrCat(options_.host, ":", port_));
    }
    while (!base.empty() && base.back() == '/') base.pop_back();
    Send(PrintView(sources_, req.params, base), res);
  });
  server.Get(R"(/static/([A-Za-z0-9][A-Za-z0-9._-]{0,99}))",
             [](const httplib::Request& req, httplib::Response& res) {
               Send(StaticFile(req.matches[1].str()), res);
             });
}

}  // namespace ledger::http
