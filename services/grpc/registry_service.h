#ifndef SERVICES_GRPC_REGISTRY_SERVICE_H_
#define SERVICES_GRPC_REGISTRY_SERVICE_H_

// The gRPC adapter of ledger.v1.RegistryService: the privacy registry outside the log (SPEC §4
// Privacy; proto/ledger/v1/registry_service.proto). Every call is a signed RegistryCall
// (ledger/registry/registry_call.h) checked against the log's key registry; only a
// VILLAGE_ACCOUNTANT, TOWNSHIP_REVIEWER or FUND_MANAGER may call, about villages within its scope.
// Rows live in a registry::RegistryStore; the beneficiary history reads the log's state.
//
// Thread-safe.

#include <grpcpp/grpcpp.h>

#include <optional>
#include <span>
#include <string>

#include "ledger/registry/pseudonym.h"
#include "ledger/registry/registry_store.h"
#include "ledger/v1/registry_service.grpc.pb.h"
#include "services/logs/log_registry.h"

namespace ledger::grpc_services {

class RegistryServiceImpl final : public v1::RegistryService::Service {
 public:
  // Without a store (ledgerd runs without a registry) every call is FAILED_PRECONDITION.
  // With `match_client_certificate` (ledgerd --require-client-cert) every call must be signed by
  // a principal the client certificate names (client_certificate.h, rule L-CERT).
  RegistryServiceImpl(logs::LogRegistry& logs, registry::RegistryStore* store,
                      std::optional<registry::PseudonymSecret> secret,
                      bool match_client_certificate = false)
      : logs_(logs),
        store_(store),
        secret_(std::move(secret)),
        match_client_certificate_(match_client_certificate) {}

  grpc::Status RegisterPerson(grpc::ServerContext* context, const v1::RegistryCall* call,
                              v1::RegistryPerson* response) override;
  grpc::Status GetPerson(grpc::ServerContext* context, const v1::RegistryCall* call,
                         v1::RegistryPerson* response) override;
  grpc::Status ListPeople(grpc::ServerContext* context, const v1::RegistryCall* call,
                          v1::ListPeopleResponse* response) override;
  grpc::Status ErasePerson(grpc::ServerContext* context, const v1::RegistryCall* call,
                           v1::RegistryPerson* response) override;
  grpc::Status GetBeneficiaryHistory(grpc::ServerContext* context, const v1::RegistryCall* call,
                                     v1::BeneficiaryHistory* response) override;

 private:
  struct Caller;
  // Opens and verifies the call, requires `operation`, and finds the caller in the log.
  // Under match_client_certificate_, the signer must also be a principal `context`'s client
  // certificate names.
  absl::StatusOr<Caller> Authenticate(grpc::ServerContext* context, const v1::RegistryCall& call,
                                      v1::RegistryRequest::OperationCase operation) const;
  // Fills each person's eligibility from the log's state (registry_service.proto status).
  void AddStatuses(const std::string& origin, std::span<v1::RegistryPerson* const> people) const;
  // The reference a query names (ref, or the identity number's).
  absl::StatusOr<std::string> RefOf(const v1::PersonQuery& query) const;
  // The row of a query, which must exist and lie within the caller's scope.
  absl::StatusOr<registry::StoredPerson> FindInScope(const Caller& caller,
                                                     const v1::PersonQuery& query) const;

  logs::LogRegistry& logs_;
  registry::RegistryStore* const store_;
  const std::optional<registry::PseudonymSecret> secret_;
  const bool match_client_certificate_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_REGISTRY_SERVICE_H_
