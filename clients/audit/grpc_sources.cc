#include "clients/audit/grpc_sources.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/util/status_macros.h"

namespace ledger::audit {

absl::StatusOr<std::string> GrpcLogSource::LatestCheckpoint() {
  LEDGER_ASSIGN_OR_RETURN(v1::GetCheckpointResponse response, client_.GetCheckpoint(0, 0));
  return response.checkpoint();
}

absl::StatusOr<std::vector<std::string>> GrpcLogSource::Entries(uint64_t begin, uint64_t end) {
  std::vector<std::string> leaves;
  absl::Status finished = client_.GetLeaves(begin, end, &leaves);
  // The server serves its stored entries up to the first one it does not have, then says
  // DATA_LOSS: fewer leaves than asked for, which the verifier reports at the first missing
  // index (LogSource::Entries).
  if (absl::IsDataLoss(finished)) return leaves;
  LEDGER_RETURN_IF_ERROR(finished);
  return leaves;
}

absl::StatusOr<std::vector<merkle::Hash>> GrpcLogSource::InclusionProof(uint64_t index,
                                                                        uint64_t tree_size) {
  v1::GetInclusionProofRequest request;
  request.set_origin(client_.options().origin);
  request.set_index(index);
  request.set_tree_size(tree_size);
  v1::GetInclusionProofResponse response;
  auto context = client_.NewContext();
  LEDGER_RETURN_IF_ERROR(
      client::FromGrpc(client_.ledger().GetInclusionProof(context.get(), request, &response)));
  std::vector<merkle::Hash> proof;
  for (const std::string& bytes : response.proof()) {
    LEDGER_ASSIGN_OR_RETURN(merkle::Hash hash, merkle::HashFromBytes(bytes));
    proof.push_back(hash);
  }
  return proof;
}

GrpcProjectionSource::GrpcProjectionSource(client::LedgerClient& client,
                                           const std::shared_ptr<grpc::Channel>& channel)
    : client_(client),
      funds_(v1::FundService::NewStub(channel)),
      assets_(v1::AssetService::NewStub(channel)),
      incomes_(v1::IncomeService::NewStub(channel)) {}

absl::StatusOr<uint64_t> GrpcProjectionSource::TreeSize() {
  LEDGER_ASSIGN_OR_RETURN(v1::LogInfo info, client_.GetLogInfo());
  return info.tree_size();
}

absl::StatusOr<v1::FundSummary> GrpcProjectionSource::FundSummary() {
  v1::GetFundSummaryRequest request;
  request.set_origin(client_.options().origin);
  v1::FundSummary response;
  auto context = client_.NewContext();
  LEDGER_RETURN_IF_ERROR(
      client::FromGrpc(funds_->GetFundSummary(context.get(), request, &response)));
  return response;
}

absl::StatusOr<std::vector<v1::AccountBalance>> GrpcProjectionSource::Balances() {
  std::vector<v1::AccountBalance> out;
  v1::ListBalancesRequest request;
  request.set_origin(client_.options().origin);
  request.set_page_size(1000);
  do {
    v1::ListBalancesResponse response;
    auto context = client_.NewContext();
    LEDGER_RETURN_IF_ERROR(
        client::FromGrpc(funds_->ListBalances(context.get(), request, &response)));
    for (v1::AccountBalance& b : *response.mutable_balances()) out.push_back(std::move(b));
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return out;
}

absl::StatusOr<v1::AssetTotals> GrpcProjectionSource::AssetTotals() {
  v1::GetAssetTotalsRequest request;
  request.set_origin(client_.options().origin);
  v1::AssetTotals response;
  auto context = client_.NewContext();
  LEDGER_RETURN_IF_ERROR(
      client::FromGrpc(assets_->GetAssetTotals(context.get(), request, &response)));
  return response;
}

absl::StatusOr<v1::OwnerBalance> GrpcProjectionSource::OwnerBalance(const v1::Party& owner) {
  v1::GetOwnerBalanceRequest request;
  request.set_origin(client_.options().origin);
  *request.mutable_owner() = owner;
  v1::OwnerBalance response;
  auto context = client_.NewContext();
  LEDGER_RETURN_IF_ERROR(
      client::FromGrpc(incomes_->GetOwnerBalance(context.get(), request, &response)));
  return response;
}

}  // namespace ledger::audit
