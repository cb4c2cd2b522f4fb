#ifndef SERVICES_GRPC_LEDGER_SERVICE_H_
#define SERVICES_GRPC_LEDGER_SERVICE_H_

// The gRPC adapter of ledger.v1.LedgerService (proto/ledger/v1/ledger_service.proto): proto in,
// sequencer and store calls, proto out, one status mapping. No rules live here.
//
// Submit uses gRPC's callback API and every other method the synchronous one: a Submit waits for
// the writer's durable commit, and holding a synchronous server thread for each waiting call
// cost more CPU in thread switches than verifying the entry (docs/ARCHITECTURE.md). Its reactor
// is finished from the sequencer's callback (the writer thread) or, when the answer carries
// proofs read from storage, from the service's own small answer pool. It is a raw method (bytes
// in and out, parsed and serialized here) so that a request that does not parse is refused with
// INTERNAL like every synchronous method, not with the UNIMPLEMENTED that gRPC's callback handler
// gives it.

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <vector>

#include "ledger/sequencer/worker_pool.h"
#include "ledger/storage/ledger_store.h"
#include "ledger/v1/ledger_service.grpc.pb.h"
#include "services/grpc/read_access.h"
#include "services/logs/cosignatures.h"
#include "services/logs/log_registry.h"

namespace ledger::grpc_services {

// The largest request ledgerd accepts, in bytes (grpc::ServerBuilder::SetMaxReceiveMessageSize);
// a larger one is refused by gRPC with RESOURCE_EXHAUSTED before any handler runs. It fits the
// largest valid Submit: submit_max_entries (1000) envelopes of envelope::kEnvelopeSizeMax (64 KiB)
// each with their field framing, with room to spare; anything beyond it cannot be a valid call.
inline constexpr int kRequestBytesMax = 96 * 1024 * 1024;

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
  // Threads that build Submit answers with return_proofs (a storage read per entry), so that
  // the writer thread, which runs the sequencer's callbacks, never waits for them.
  size_t proof_answer_threads = 2;
};

class LedgerServiceImpl final
    : public v1::LedgerService::WithRawCallbackMethod_Submit<v1::LedgerService::Service> {
 public:
  LedgerServiceImpl(logs::LogRegistry& logs, storage::LedgerStore& store,
                    logs::Cosignatures& cosignatures, LedgerServiceOptions options)
      : logs_(logs),
        store_(store),
        cosignatures_(cosignatures),
        options_(options),
        access_(options.read_access),
        proof_answers_(options.proof_answer_threads) {}

  grpc::Status CreateLog(grpc::ServerContext* context, const v1::CreateLogRequest* request,
                         v1::CreateLogResponse* response) override;
  // Returns at once; the reactor finishes when the sequencer answers (no thread waits).
  // A serialized v1::SubmitRequest in, a serialized v1::SubmitResponse out.
  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request_bytes,
                                   grpc::ByteBuffer* response_bytes) override;
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
  // Serializes into `response_bytes` the answer made of the sequencer's outcomes, with inclusion
  // proofs when asked for.
  grpc::Status AnswerSubmit(const sequencer::LogSequencer& log, const v1::SubmitRequest& request,
                            const std::vector<sequencer::SubmitOutcome>& outcomes,
                            grpc::ByteBuffer* response_bytes) const;

  logs::LogRegistry& logs_;
  storage::LedgerStore& store_;
  logs::Cosignatures& cosignatures_;
  const LedgerServiceOptions options_;
  const ReadAccess access_;
  // Declared last: destroyed first, running every answer still posted while the rest is alive.
  sequencer::WorkerPool proof_answers_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_LEDGER_SERVICE_H_
