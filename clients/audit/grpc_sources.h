#ifndef CLIENTS_AUDIT_GRPC_SOURCES_H_
#define CLIENTS_AUDIT_GRPC_SOURCES_H_

// The audit's sources read from a ledgerd (server mode of `ledgerctl audit verify`): the log
// through LedgerService (GetCheckpoint, GetEntries, GetInclusionProof, docs/FORMATS.md §11) and
// the reported figures through FundService, AssetService and IncomeService.
//
//   GrpcLogSource log(client);
//   GrpcProjectionSource projections(client, channel);
//   LEDGER_ASSIGN_OR_RETURN(AuditReport report, VerifyLog(log, &projections, key, options));
//
// Errors are the calls' statuses (same codes). Thread-compatible; the client must outlive them.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clients/audit/sources.h"
#include "clients/client/ledger_client.h"
#include "ledger/v1/asset_service.grpc.pb.h"
#include "ledger/v1/fund_service.grpc.pb.h"
#include "ledger/v1/income_service.grpc.pb.h"

namespace ledger::audit {

class GrpcLogSource : public LogSource {
 public:
  explicit GrpcLogSource(client::LedgerClient& client) : client_(client) {}

  absl::StatusOr<std::string> LatestCheckpoint() override;
  // One streaming GetEntries call; pages are concatenated. Checks that indexes are contiguous
  // from `begin` (kDataLoss otherwise: the server answered with other entries than asked for).
  // A server that ends the stream with DATA_LOSS (an entry it does not have) gives the leaves
  // served before it: fewer than asked for, so the verifier names the first missing index.
  absl::StatusOr<std::vector<std::string>> Entries(uint64_t begin, uint64_t end) override;
  absl::StatusOr<std::vector<merkle::Hash>> InclusionProof(uint64_t index,
                                                           uint64_t tree_size) override;

 private:
  client::LedgerClient& client_;
};

class GrpcProjectionSource : public ProjectionSource {
 public:
  GrpcProjectionSource(client::LedgerClient& client, const std::shared_ptr<grpc::Channel>& channel);

  absl::StatusOr<uint64_t> TreeSize() override;
  absl::StatusOr<v1::FundSummary> FundSummary() override;
  absl::StatusOr<std::vector<v1::AccountBalance>> Balances() override;
  absl::StatusOr<v1::AssetTotals> AssetTotals() override;
  absl::StatusOr<v1::OwnerBalance> OwnerBalance(const v1::Party& owner) override;

 private:
  client::LedgerClient& client_;
  std::unique_ptr<v1::FundService::Stub> funds_;
  std::unique_ptr<v1::AssetService::Stub> assets_;
  std::unique_ptr<v1::IncomeService::Stub> incomes_;
};

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_GRPC_SOURCES_H_
