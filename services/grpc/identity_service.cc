#include "services/grpc/identity_service.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/grpc/grpc_status.h"
#include "services/grpc/pagination.h"

namespace ledger::grpc_services {
namespace {

void FillPrincipal(const state::LedgerState& state, const state::PrincipalRecord& record,
                   v1::PrincipalInfo* out) {
  *out->mutable_principal() = record.principal;
  out->set_registered_at(record.registered_at);
  for (const std::string& key_id : record.key_ids) {
    const state::KeyRecord* key = state.FindKey(key_id);
    if (key == nullptr) continue;
    v1::KeyInfo* k = out->add_keys();
    k->set_key_id(key->key_id);
    k->set_public_key(key->public_key.bytes());
    k->set_registered_at(key->registered_at);
    if (key->revoked_at.has_value()) {
      k->set_revoked(true);
      k->set_revoked_at(*key->revoked_at);
    }
  }
}

}  // namespace

grpc::Status IdentityServiceImpl::ListPrincipals(grpc::ServerContext* context,
                                                 const v1::ListPrincipalsRequest* request,
                                                 v1::ListPrincipalsResponse* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::StatusOr<uint32_t> page_size = PageSize(request->page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    status = access_.ReaderOf(*context, state).CheckIdentified("the principals of the log");
    if (!status.ok()) return;
    response->set_next_page_token(Paginate(
        state.principals(), request->page_token(), *page_size,
        [&](const state::PrincipalRecord& p) {
          return absl::StartsWith(p.principal.scope(), request->scope_prefix());
        },
        [&](const state::PrincipalRecord& p) {
          FillPrincipal(state, p, response->add_principals());
        }));
  });
  return ToGrpcStatus(status);
}

grpc::Status IdentityServiceImpl::GetPrincipal(grpc::ServerContext* context,
                                               const v1::GetPrincipalRequest* request,
                                               v1::PrincipalInfo* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  bool found = false;
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    status = access_.ReaderOf(*context, state).CheckIdentified("the principals of the log");
    if (!status.ok()) return;
    if (const state::PrincipalRecord* p = state.FindPrincipal(request->principal_id())) {
      FillPrincipal(state, *p, response);
      found = true;
    }
  });
  if (!status.ok()) return ToGrpcStatus(status);
  if (!found) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND, BoundedStatusMessage(absl::StrCat(
                                                         "no principal \"", request->principal_id(),
                                                         "\" in log ", request->origin())));
  }
  return grpc::Status::OK;
}

grpc::Status IdentityServiceImpl::GetPolicy(grpc::ServerContext* context,
                                            const v1::GetPolicyRequest* request,
                                            v1::Policy* response) {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  absl::Status status;
  (*log)->ReadState([&](const state::LedgerState& state) {
    status = access_.ReaderOf(*context, state).CheckIdentified("the log's policy");
    if (status.ok()) *response = state.policy();
  });
  return ToGrpcStatus(status);
}

}  // namespace ledger::grpc_services
