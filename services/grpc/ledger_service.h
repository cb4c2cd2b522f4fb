#ifndef SERVICES_GRPC_LEDGER_SERVICE_H_
#define SERVICES_GRPC_LEDGER_SERVICE_H_

// The gRPC adapter of ledger.v1.LedgerService (proto/ledger/v1/ledger_service.proto): proto in,
// sequencer and store calls, proto out, one status mapping. No rules live here.

#include <grpcpp/grpcpp.h>

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
};

class LedgerServiceImpl final : public v1::LedgerService::Service {
 public:
  LedgerServiceImpl(logs::LogRegistry& logs, storage::LedgerStore& store,
                    logs::Cosignatures& cosignatures, LedgerServiceOptions options)
      : logs_(logs),
        store_(store),
        cosignatures_(cosignatures),
        options_(options),
        access_(options.read_access) {}

  grpc::Status CreateLog(grpc::ServerContext* context, const v1::CreateLogRequest* request,
                         v1::CreateLogResponse* response) override;
  grpc::Status Submit(grpc::ServerContext* context, const v1::SubmitRequest* request,
                      v1::SubmitResponse* response) override;
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
  logs::LogRegistry& logs_;
  storage::LedgerStore& store_;
  logs::Cosignatures& cosignatures_;
  const LedgerServiceOptions options_;
  const ReadAccess access_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_LEDGER_SERVICE_H_
