#ifndef SERVICES_GRPC_INCOME_SERVICE_H_
#define SERVICES_GRPC_INCOME_SERVICE_H_

// The gRPC adapter of ledger.v1.IncomeService: the income ledger, distribution plans with every
// step of their chain, an owner's balance (R19), the village notice board (公告公示) and the audit
// findings R22 and R25, read from the sequencer's committed state (ledger/state/income_state.h,
// distribution_state.h, income_findings.h); the board's masked names come from the privacy
// registry.
//
// Thread-safe: every call reads one consistent state through LogSequencer::ReadState.

#include <grpcpp/grpcpp.h>

#include "ledger/registry/registry_store.h"
#include "ledger/v1/income_service.grpc.pb.h"
#include "services/grpc/read_access.h"
#include "services/logs/log_registry.h"

namespace ledger::grpc_services {

class IncomeServiceImpl final : public v1::IncomeService::Service {
 public:
  // `names` (may be null: no names on the board) gives the masked names of result notices.
  // Reads are scoped by `access` (read_access.h); the notice board is public.
  IncomeServiceImpl(logs::LogRegistry& logs, registry::RegistryStore* names, ReadAccess access)
      : logs_(logs), names_(names), access_(access) {}

  grpc::Status GetIncomeLedger(grpc::ServerContext* context,
                               const v1::GetIncomeLedgerRequest* request,
                               v1::GetIncomeLedgerResponse* response) override;
  grpc::Status GetPlan(grpc::ServerContext* context, const v1::GetPlanRequest* request,
                       v1::PlanDetail* response) override;
  grpc::Status ListPlans(grpc::ServerContext* context, const v1::ListPlansRequest* request,
                         v1::ListPlansResponse* response) override;
  grpc::Status GetOwnerBalance(grpc::ServerContext* context,
                               const v1::GetOwnerBalanceRequest* request,
                               v1::OwnerBalance* response) override;
  grpc::Status GetNoticeBoard(grpc::ServerContext* context,
                              const v1::GetNoticeBoardRequest* request,
                              v1::NoticeBoard* response) override;
  grpc::Status ListFindings(grpc::ServerContext* context, const v1::ListFindingsRequest* request,
                            v1::ListFindingsResponse* response) override;

 private:
  logs::LogRegistry& logs_;
  registry::RegistryStore* const names_;
  const ReadAccess access_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_INCOME_SERVICE_H_
