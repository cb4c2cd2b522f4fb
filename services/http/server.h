#ifndef SERVICES_HTTP_SERVER_H_
#define SERVICES_HTTP_SERVER_H_

// The public notice board over HTTP (`ledgerd --http=ADDR`): read-only, unauthenticated, GET
// (and HEAD) only, public data only. Routes (docs/FORMATS.md §22):
//
//   /                          the counties (logs) this server hosts
//   /county?log=O              a county: townships, spending progress, asset totals (SVG charts)
//   /township?log=O&division=D its villages
//   /village?log=O&division=D[&date=YYYY-MM-DD]   the village notice board (村务公开栏)
//   /notice?log=O&index=N      the print view of one announcement (A4, QR code)
//   /api/v1/checkpoint|leaf|inclusion|consistency  the JSON the browser verifies with
//   /static/<name>             the files of web/static/, embedded at build time
//
//   LEDGER_ASSIGN_OR_RETURN(auto server, HttpServer::Start(sources, {.host = "127.0.0.1",
//                                                                     .port = 8080}));
//   ... server->port() ...
//   server->Stop();
//
// Bounded: kHttpThreads workers, at most kHttpQueuedConnectionsMax accepted connections waiting
// (then the accept loop waits, and the kernel's backlog refuses the rest), read and write
// timeouts, a cap on requests per kept-alive connection and on request bodies; cpp-httplib caps
// the request line and each header at 8,192 bytes. Thread-safe; the sources must outlive it.

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "services/http/board_sources.h"

namespace httplib {
class Server;
}

namespace ledger::http {

inline constexpr int kHttpThreads = 4;
inline constexpr int kHttpQueuedConnectionsMax = 64;
inline constexpr int kHttpReadTimeoutS = 5;
inline constexpr int kHttpWriteTimeoutS = 10;
inline constexpr int kHttpKeepAliveTimeoutS = 5;
inline constexpr int kHttpKeepAliveRequestsMax = 100;
// Requests are GETs: anything with a body larger than this is refused (413).
inline constexpr size_t kHttpRequestBodyBytesMax = 1024;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: a free port (port() tells which)
  // The absolute URL the board is published under (e.g. https://board.example.org), used for
  // links that leave the browser (the QR codes of print views). "": http://<Host header>.
  std::string public_url;
};

class HttpServer {
 public:
  // Binds and starts serving on a thread of its own. kUnavailable when the address cannot be
  // bound.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(BoardSources sources,
                                                           HttpServerOptions options);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  // Stops accepting, lets the requests in progress finish, joins. Idempotent.
  void Stop();

 private:
  HttpServer(BoardSources sources, HttpServerOptions options);
  void Route();

  BoardSources sources_;
  const HttpServerOptions options_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace ledger::http

#endif  // SERVICES_HTTP_SERVER_H_
