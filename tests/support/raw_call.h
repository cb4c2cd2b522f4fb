#ifndef LEDGER_TESTS_SUPPORT_RAW_CALL_H_
#define LEDGER_TESTS_SUPPORT_RAW_CALL_H_

// One unary gRPC call of any method with a raw byte request, for tests that send what no protobuf
// encoder would (malformed or oversized messages). Header-only, so that ledger_test_support itself
// does not link gRPC.
//
//   grpc::GenericStub stub(channel);
//   grpc::ByteBuffer response;
//   grpc::Status s = RawUnaryCall(stub, "/ledger.v1.LedgerService/Submit", request, &response,
//                                 std::chrono::seconds(60));

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <utility>

namespace ledger::testing {

// Sends `request` as the message of `method` and blocks until the call ends (or `deadline`
// passes); the reply's bytes go to `response`.
inline grpc::Status RawUnaryCall(grpc::GenericStub& stub, const std::string& method,
                                 const grpc::ByteBuffer& request, grpc::ByteBuffer* response,
                                 std::chrono::system_clock::duration deadline) {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + deadline);
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  grpc::Status result;
  stub.UnaryCall(&ctx, method, grpc::StubOptions(), &request, response, [&](grpc::Status s) {
    std::lock_guard<std::mutex> lock(mu);
    result = std::move(s);
    done = true;
    cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  return result;
}

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_SUPPORT_RAW_CALL_H_
