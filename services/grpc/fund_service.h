#ifndef SERVICES_GRPC_FUND_SERVICE_H_
#define SERVICES_GRPC_FUND_SERVICE_H_

// The gRPC adapter of ledger.v1.FundService: fund summaries, projects, payments, receipts and
// account balances, read from the sequencer's committed state (ledger/state/fund_state.h).

#include <grpcpp/grpcpp.h>

#include "ledger/v1/fund_service.grpc.pb.h"
#include "services/grpc/read_access.h"
#include "services/logs/log_registry.h"

namespace ledger::grpc_services {

class FundServiceImpl final : public v1::FundService::Service {
 public:
  // Reads are scoped by `access` (read_access.h).
  FundServiceImpl(logs::LogRegistry& logs, ReadAccess access) : logs_(logs), access_(access) {}

  grpc::Status GetFundSummary(grpc::ServerContext* context,
                              const v1::GetFundSummaryRequest* request,
                              v1::FundSummary* response) override;
  grpc::Status ListProjects(grpc::ServerContext* context, const v1::ListProjectsRequest* request,
                            v1::ListProjectsResponse* response) override;
  grpc::Status GetProject(grpc::ServerContext* context, const v1::GetProjectRequest* request,
                          v1::ProjectDetail* response) override;
  grpc::Status GetPayment(grpc::ServerContext* context, const v1::GetPaymentRequest* request,
                          v1::PaymentDetail* response) override;
  grpc::Status ListReceipts(grpc::ServerContext* context, const v1::ListReceiptsRequest* request,
                            v1::ListReceiptsResponse* response) override;
  grpc::Status ListBalances(grpc::ServerContext* context, const v1::ListBalancesRequest* request,
                            v1::ListBalancesResponse* response) override;
  grpc::Status GetProgress(grpc::ServerContext* context, const v1::GetProgressRequest* request,
                           v1::Progress* response) override;

 private:
  logs::LogRegistry& logs_;
  const ReadAccess access_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_FUND_SERVICE_H_
