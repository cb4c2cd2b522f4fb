#ifndef SERVICES_GRPC_IDENTITY_SERVICE_H_
#define SERVICES_GRPC_IDENTITY_SERVICE_H_

// The gRPC adapter of ledger.v1.IdentityService: principals, keys and policy as the log's own
// identity entries made them (read from the sequencer's committed state).

#include <grpcpp/grpcpp.h>

#include "ledger/v1/identity_service.grpc.pb.h"
#include "services/grpc/read_access.h"
#include "services/logs/log_registry.h"

namespace ledger::grpc_services {

class IdentityServiceImpl final : public v1::IdentityService::Service {
 public:
  // Reads are scoped by `access` (read_access.h).
  IdentityServiceImpl(logs::LogRegistry& logs, ReadAccess access) : logs_(logs), access_(access) {}

  grpc::Status ListPrincipals(grpc::ServerContext* context,
                              const v1::ListPrincipalsRequest* request,
                              v1::ListPrincipalsResponse* response) override;
  grpc::Status GetPrincipal(grpc::ServerContext* context, const v1::GetPrincipalRequest* request,
                            v1::PrincipalInfo* response) override;
  grpc::Status GetPolicy(grpc::ServerContext* context, const v1::GetPolicyRequest* request,
                         v1::Policy* response) override;

 private:
  logs::LogRegistry& logs_;
  const ReadAccess access_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_IDENTITY_SERVICE_H_
