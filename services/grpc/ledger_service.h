#ifndef SERVICES_GRPC_LEDGER_SERVICE_H_
#define SERVICES_GRPC_LEDGER_SERVICE_H_

// The gRPC adapter of ledger.v1.LedgerService (proto/ledger/v1/ledger_service.proto): proto in,
// sequencer and store calls, proto out, one status mapping. No rules live here.

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ledger/sequencer/worker_pool.h"
#include "ledger/storage/ledger_store.h"
#include "ledger/v1/ledger_service.grpc.pb.h"
#include "services/grpc/read_access.h"
#include "services/grpc/server_limits.h"
#include "services/logs/cosignatures.h"
#include "services/logs/log_registry.h"

namespace ledger::grpc_services {

struct LedgerServiceOptions {
  // Let non-loopback clients call CreateLog.
  bool allow_remote_create_log = false;
  // Entries per GetEntries response message.
  uint32_t entries_page_size = 1000;
  // Refuse a Submit unless every entry is signed by a principal the client's certificate names
  // (client_certificate.h; ledgerd --require-client-cert). Reads are not affected.
  bool match_client_certificate = false;
  // Who may read entries (GetEntries, ExportProofBundle); checkpoints, proofs and log
  // information are public (read_access.h).
  ReadAccessMode read_access = ReadAccessMode::kScoped;
  // Threads that parse Submit calls, check them and verify their signatures (with the sequencer's
  // worker pool); none waits for the commit, which the sequencer answers through a callback.
  size_t submit_threads = kSubmitThreads;
  // Request bytes of the Submit calls admitted at once, queued or running (server_limits.h).
  int64_t submit_bytes_in_flight_max = kSubmitBytesInFlightMax;
  // Threads that build Submit answers with return_proofs (a storage read per entry), so that
  // the writer thread, which runs the sequencer's callbacks, never waits for them.
  size_t proof_answer_threads = 2;
};

// Submit is served with gRPC's callback API on the request's raw bytes, every other method with
// the synchronous API. gRPC parses a synchronous method's request on a server thread before the
// service sees it; Submit's requests are the large ones (up to kRequestBytesMax), so they are
// admitted against a byte budget first (a call beyond it is answered RESOURCE_EXHAUSTED,
// L-OVERLOAD, at once and never parsed), then parsed, checked and queued for the writer on the
// service's own submit threads. No thread waits for the durable commit: the sequencer's callback
// (the writer thread, or the proof-answer pool when the answer carries proofs read from storage)
// finishes the call and gives its bytes back to the budget, so the budget bounds every byte of a
// Submit from its arrival to its answer. Bytes that are not a SubmitRequest are answered
// INVALID_ARGUMENT with what is wrong, not gRPC's bare INTERNAL. Thread-safe; destroy it only
// after the server that serves it (which waits for every unfinished call).
class LedgerServiceImpl final
    : public v1::LedgerService::WithRawCallbackMethod_Submit<v1::LedgerService::Service> {
 public:
  LedgerServiceImpl(logs::LogRegistry& logs, storage::LedgerStore& store,
                    logs::Cosignatures& cosignatures, LedgerServiceOptions options);
  ~LedgerServiceImpl() override;  // runs what is queued, then joins the submit threads
  LedgerServiceImpl(const LedgerServiceImpl&) = delete;
  LedgerServiceImpl& operator=(const LedgerServiceImpl&) = delete;

  grpc::Status CreateLog(grpc::ServerContext* context, const v1::CreateLogRequest* request,
                         v1::CreateLogResponse* response) override;
  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override;
  grpc::Status GetLogInfo(grpc::ServerContext* context, const v1::GetLogInfoRequest* request,
                          v1::LogInfo* response) override;
  grpc::Status GetCheckpoint(grpc::ServerContext* context, const v1::GetCheckpointRequest* request,
                             v1::GetCheckpointResponse* response) override;
  grpc::Status AddCosignature(grpc::ServerContext* context,
                              const v1::AddCosignatureRequest* request,
                              v1::AddCosignatureResponse* response) override;
  grpc::Status GetEntries(grpc::ServerContext* context, const v1::GetEntriesRequest* request,
                          grpc::ServerWriter<v1::GetEntriesResponse>* writer) override;
  grpc::Status GetInclusionProof(grpc::ServerContext* context,
                                 const v1::GetInclusionProofRequest* request,
                                 v1::GetInclusionProofResponse* response) override;
  grpc::Status GetConsistencyProof(grpc::ServerContext* context,
                                   const v1::GetConsistencyProofRequest* request,
                                   v1::GetConsistencyProofResponse* response) override;
  grpc::Status ExportProofBundle(grpc::ServerContext* context,
                                 const v1::ExportProofBundleRequest* request,
                                 v1::ExportProofBundleResponse* response) override;

 private:
  // Queues a parsed Submit for the writer (its envelopes are moved out of `request`); `finish`
  // is called exactly once, with the status of the call after `response` has been written.
  void SubmitParsed(grpc::ServerContextBase& context, std::shared_ptr<v1::SubmitRequest> request,
                    grpc::ByteBuffer* response, std::function<void(grpc::Status)> finish);
  // Serializes into `response` the answer made of the sequencer's outcomes, with inclusion
  // proofs when asked for.
  grpc::Status AnswerSubmit(const sequencer::LogSequencer& log, const v1::SubmitRequest& request,
                            const std::vector<sequencer::SubmitOutcome>& outcomes,
                            grpc::ByteBuffer* response) const;
  void RunSubmits();  // the loop of one submit thread

  logs::LogRegistry& logs_;
  storage::LedgerStore& store_;
  logs::Cosignatures& cosignatures_;
  const LedgerServiceOptions options_;
  const ReadAccess access_;

  std::mutex submit_mu_;
  std::condition_variable submit_cv_;
  std::deque<std::function<void()>> submit_queue_;  // guarded by submit_mu_
  int64_t submit_bytes_in_flight_ = 0;              // guarded by submit_mu_
  bool stopping_ = false;                           // guarded by submit_mu_
  std::vector<std::thread> submit_threads_;
  // Declared last: destroyed first, running every answer still posted while the rest is alive.
  sequencer::WorkerPool proof_answers_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_LEDGER_SERVICE_H_
