#ifndef CLIENTS_CLIENT_LEDGER_CLIENT_H_
#define CLIENTS_CLIENT_LEDGER_CLIENT_H_

// The C++ client of a ledgerd: submits signed entries (retrying transient failures with the same
// bytes, so a retry can never append twice) and reads checkpoints and proofs.
//
//   LedgerClient client(grpc::CreateChannel("127.0.0.1:50051", grpc::InsecureChannelCredentials()),
//                       {.origin = "ledger.example.org/341721"});
//   LEDGER_ASSIGN_OR_RETURN(v1::SubmitResult r, client.SubmitOne(envelope_bytes));
//
// Thread-safe (gRPC stubs are).

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/v1/identity_service.grpc.pb.h"
#include "ledger/v1/ledger_service.grpc.pb.h"

namespace ledger::client {

struct ClientOptions {
  std::string origin;
  int timeout_ms = 10000;
  // Attempts for UNAVAILABLE / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED, with exponential backoff.
  int attempts_max = 5;
  int backoff_initial_ms = 50;
};

// grpc::Status -> absl::Status (same code numbers).
absl::Status FromGrpc(const grpc::Status& status);

class LedgerClient {
 public:
  LedgerClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options);

  const ClientOptions& options() const { return options_; }
  v1::LedgerService::Stub& ledger() { return *ledger_; }
  v1::IdentityService::Stub& identity() { return *identity_; }

  // Submits envelopes as one batch; one result per envelope. Retries the whole batch on transient
  // RPC errors, and per-entry kUnavailable results, with the same bytes (the server answers
  // `exists` for entries that made it).
  absl::StatusOr<v1::SubmitResponse> Submit(const std::vector<std::string>& envelopes,
                                            bool return_proofs = false);
  // Submit of one envelope; the result's outcome may still be rejected or conflict.
  absl::StatusOr<v1::SubmitResult> SubmitOne(const std::string& envelope);

  absl::StatusOr<v1::LogInfo> GetLogInfo();
  // The checkpoint of `tree_size` (0: the latest) with the cosignatures of `witness_keys` (all
  // stored ones when empty), and the consistency proof from `consistency_from` when > 0.
  absl::StatusOr<v1::GetCheckpointResponse> GetCheckpoint(
      uint64_t tree_size, uint64_t consistency_from,
      const std::vector<std::string>& witness_keys = {});
  // Submits a witness's cosignature: `cosigned_checkpoint` is the checkpoint note carrying the
  // cosignature line of the witness whose verifier key is `witness_key`.
  absl::StatusOr<v1::AddCosignatureResponse> AddCosignature(const std::string& witness_key,
                                                            const std::string& cosigned_checkpoint);

  // The leaves of [start, end) as GetEntries streams them, appended to `*leaves` in order; the
  // call's status. A server that stops early with DATA_LOSS (it does not have them) leaves the
  // prefix it sent in `*leaves`; one that answers an index out of order is kInternal.
  absl::Status GetLeaves(uint64_t start, uint64_t end, std::vector<std::string>* leaves);

  // A client context with the configured deadline.
  std::unique_ptr<grpc::ClientContext> NewContext() const;

 private:
  ClientOptions options_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::IdentityService::Stub> identity_;
};

}  // namespace ledger::client

#endif  // CLIENTS_CLIENT_LEDGER_CLIENT_H_
