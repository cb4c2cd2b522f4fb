#include "services/grpc/registry_service.h"

#include <algorithm>
#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "ledger/registry/person.h"
#include "ledger/registry/registry_call.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/income_state.h"
#include "ledger/state/state.h"
#include "ledger/util/status_macros.h"
#include "services/grpc/client_certificate.h"
#include "services/grpc/grpc_status.h"
#include "services/grpc/pagination.h"

namespace ledger::grpc_services {

struct RegistryServiceImpl::Caller {
  v1::RegistryRequest request;
  v1::Principal principal;
  std::string jurisdiction;  // the log's 6-digit county code
};

namespace {

constexpr v1::Role kRegistryRoles[] = {v1::ROLE_VILLAGE_ACCOUNTANT, v1::ROLE_TOWNSHIP_REVIEWER,
                                       v1::ROLE_FUND_MANAGER};

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string TodayInShanghai() {
  return state::FormatCivilDate(state::CivilFromDays(state::ShanghaiDayOfRecordedTime(NowUs())));
}

std::string Rfc3339(int64_t unix_us) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::FromUnixMicros(unix_us),
                          absl::UTCTimeZone());
}

std::string OperationName(v1::RegistryRequest::OperationCase c) {
  switch (c) {
    case v1::RegistryRequest::kRegister:
      return "register";
    case v1::RegistryRequest::kGet:
      return "get";
    case v1::RegistryRequest::kList:
      return "list";
    case v1::RegistryRequest::kErase:
      return "erase";
    case v1::RegistryRequest::kHistory:
      return "history";
    case v1::RegistryRequest::OPERATION_NOT_SET:
      break;
  }
  return "none";
}

bool HoldsRegistryRole(const v1::Principal& p) {
  return std::any_of(p.roles().begin(), p.roles().end(), [](int held) {
    return std::find(std::begin(kRegistryRoles), std::end(kRegistryRoles), held) !=
           std::end(kRegistryRoles);
  });
}

std::string Who(const v1::Principal& p) {
  return absl::StrCat("principal ", p.principal_id(), " (", state::RoleNames(p), ", scope ",
                      p.scope(), ")");
}

absl::Status CheckScope(const v1::Principal& p, std::string_view village) {
  if (village.starts_with(p.scope())) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(Who(p), " may not read or change the registry entries of village ",
                   std::string(village), ", which is outside its scope"));
}

v1::RegistryPerson ToProto(const registry::StoredPerson& p) {
  v1::RegistryPerson out;
  out.set_ref(p.ref);
  out.set_village(p.village);
  out.set_name(p.name);
  out.set_id_number(p.id_number);
  out.set_bank_account(p.bank_account);
  out.set_phone(p.phone);
  out.set_registered_at(Rfc3339(p.registered_at_us));
  out.set_registered_by(p.registered_by);
  out.set_erased(p.erased());
  if (p.erased()) {
    out.set_erased_at(Rfc3339(*p.erased_at_us));
    out.set_erased_by(p.erased_by);
  }
  out.set_masked_name(registry::MaskName(p.name));
  return out;
}

// The person's eligibility as the log records it (the latest change in its village).
void AddStatus(const state::LedgerState& state, v1::RegistryPerson* person) {
  const state::EligibilityEntry* e =
      state.incomes().EligibilityInForce(person->village(), person->ref(), "9999-12-31");
  if (e == nullptr) return;
  person->set_status(e->status);
  person->set_status_since(e->effective_date);
}

// The fields of `want` that differ from the live row `have`.
std::string DifferingFields(const registry::StoredPerson& have, const v1::PersonFields& want) {
  std::string out;
  auto note = [&](bool differs, std::string_view name) {
    if (differs) absl::StrAppend(&out, out.empty() ? "" : ", ", std::string(name));
  };
  note(have.village != want.village(), "village");
  note(have.name != want.name(), "name");
  note(have.bank_account != want.bank_account(), "bank_account");
  note(have.phone != want.phone(), "phone");
  return out;
}

}  // namespace

absl::StatusOr<RegistryServiceImpl::Caller> RegistryServiceImpl::Authenticate(
    grpc::ServerContext* context, const v1::RegistryCall& call,
    v1::RegistryRequest::OperationCase operation) const {
  if (store_ == nullptr || !secret_.has_value()) {
    return absl::FailedPreconditionError(
        "this server runs without a registry (start ledgerd with a database and a registry "
        "secret)");
  }
  LEDGER_ASSIGN_OR_RETURN(registry::OpenedCall opened, registry::OpenRegistryCall(call));
  if (opened.request.operation_case() != operation) {
    return absl::InvalidArgumentError(
        absl::StrCat("this method takes a `", OperationName(operation), "` request, not `",
                     OperationName(opened.request.operation_case()), "`"));
  }
  LEDGER_ASSIGN_OR_RETURN(sequencer::LogSequencer * log, logs_.Find(opened.request.origin()));
  Caller caller;
  std::optional<crypto::Ed25519PublicKey> key;
  absl::Status found;
  log->ReadState([&](const state::LedgerState& state) {
    const std::string& id = opened.request.principal_id();
    const state::PrincipalRecord* principal = state.FindPrincipal(id);
    if (principal == nullptr) {
      found = absl::UnauthenticatedError(
          absl::StrCat("principal ", id, " is not registered in log ", state.origin()));
      return;
    }
    const state::KeyRecord* k = state.FindKey(opened.keyid);
    if (k == nullptr || k->principal_id != id) {
      found = absl::UnauthenticatedError(
          absl::StrCat("key ", opened.keyid, " is not a registered key of principal ", id));
      return;
    }
    if (k->revoked_at.has_value()) {
      found = absl::UnauthenticatedError(absl::StrCat("key ", opened.keyid, " of principal ", id,
                                                      " was revoked at index ", *k->revoked_at));
      return;
    }
    key = k->public_key;
    caller.principal = principal->principal;
    caller.jurisdiction = state.division_code();
  });
  LEDGER_RETURN_IF_ERROR(found);
  LEDGER_RETURN_IF_ERROR(registry::VerifyRegistryCall(opened, *key, NowUs() / 1000));
  if (match_client_certificate_) {
    LEDGER_RETURN_IF_ERROR(
        CheckCaller(ClientCertificateOf(*context->auth_context()), opened.request.principal_id(),
                    absl::StrCat("the registry call ", OperationName(operation))));
  }
  if (!HoldsRegistryRole(caller.principal)) {
    return absl::PermissionDeniedError(absl::StrCat(
        Who(caller.principal),
        " may not use the registry: it is for VILLAGE_ACCOUNTANT, TOWNSHIP_REVIEWER and "
        "FUND_MANAGER (the finance bureau) of the person's village, township or county"));
  }
  caller.request = std::move(opened.request);
  return caller;
}

void RegistryServiceImpl::AddStatuses(const std::string& origin,
                                      std::span<v1::RegistryPerson* const> people) const {
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(origin);
  if (!log.ok()) return;
  (*log)->ReadState([&](const state::LedgerState& state) {
    for (v1::RegistryPerson* p : people) AddStatus(state, p);
  });
}

absl::StatusOr<std::string> RegistryServiceImpl::RefOf(const v1::PersonQuery& query) const {
  if (query.ref().empty() == query.id_number().empty()) {
    return absl::InvalidArgumentError("name a person by exactly one of ref and id_number");
  }
  if (!query.ref().empty()) {
    if (!registry::LooksLikeRef(query.ref())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ref \"", query.ref(), "\" is not a registry reference (32 lower-case hex characters)"));
    }
    return query.ref();
  }
  LEDGER_ASSIGN_OR_RETURN(const std::string id,
                          registry::NormalizeIdentityNumber(query.id_number()));
  return secret_->RefFor(id);
}

absl::StatusOr<registry::StoredPerson> RegistryServiceImpl::FindInScope(
    const Caller& caller, const v1::PersonQuery& query) const {
  LEDGER_ASSIGN_OR_RETURN(const std::string ref, RefOf(query));
  LEDGER_ASSIGN_OR_RETURN(std::optional<registry::StoredPerson> person,
                          store_->Find(caller.request.origin(), ref));
  const std::string& scope = caller.principal.scope();
  if (!query.id_number().empty()) {
    // Asked by identity number: one answer for "never registered", "registered elsewhere" and
    // "erased", so that the registry confirms nothing about a number outside the caller's
    // villages, and an erased person's number leads nowhere (not even to the reference).
    if (!person.has_value() || person->erased() || !person->village.starts_with(scope)) {
      return absl::NotFoundError(
          absl::StrCat("this identity number is not registered in the villages of ", scope,
                       " (register the person with `registry add`)"));
    }
    return *std::move(person);
  }
  if (!person.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("reference ", ref, " is not registered in log ", caller.request.origin()));
  }
  LEDGER_RETURN_IF_ERROR(CheckScope(caller.principal, person->village));
  return *std::move(person);
}

grpc::Status RegistryServiceImpl::RegisterPerson(grpc::ServerContext* context,
                                                 const v1::RegistryCall* call,
                                                 v1::RegistryPerson* response) {
  absl::StatusOr<Caller> caller = Authenticate(context, *call, v1::RegistryRequest::kRegister);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<v1::PersonFields> fields = registry::CheckPersonFields(
      caller->request.register_(), caller->jurisdiction, TodayInShanghai());
  if (!fields.ok()) return ToGrpcStatus(fields.status());
  if (absl::Status s = CheckScope(caller->principal, fields->village()); !s.ok()) {
    return ToGrpcStatus(s);
  }
  registry::StoredPerson person;
  person.ref = secret_->RefFor(fields->id_number());
  person.village = fields->village();
  person.name = fields->name();
  person.id_number = fields->id_number();
  person.bank_account = fields->bank_account();
  person.phone = fields->phone();
  person.registered_at_us = NowUs();
  person.registered_by = caller->principal.principal_id();
  bool created = false;
  absl::StatusOr<registry::StoredPerson> stored =
      store_->Register(caller->request.origin(), person, &created);
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  if (!created) {
    if (!stored->village.starts_with(caller->principal.scope())) {
      // Which village is not said: the registry of another village is not the caller's to read.
      return ToGrpcStatus(absl::AlreadyExistsError(absl::StrCat(
          "this identity number is already registered in a village outside the scope of ",
          caller->principal.principal_id(),
          "; ask the finance bureau (a person is registered in one village at a time)")));
    }
    const std::string differing = DifferingFields(*stored, *fields);
    if (!differing.empty()) {
      return ToGrpcStatus(absl::AlreadyExistsError(absl::StrCat(
          "reference ", stored->ref, " is already registered (by ", stored->registered_by, " at ",
          Rfc3339(stored->registered_at_us), ") with another ", differing,
          "; registry rows are not edited: erase the row and register the person again")));
    }
  }
  *response = ToProto(*stored);
  response->set_created(created);
  return grpc::Status::OK;
}

grpc::Status RegistryServiceImpl::GetPerson(grpc::ServerContext* context,
                                            const v1::RegistryCall* call,
                                            v1::RegistryPerson* response) {
  absl::StatusOr<Caller> caller = Authenticate(context, *call, v1::RegistryRequest::kGet);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<registry::StoredPerson> person = FindInScope(*caller, caller->request.get());
  if (!person.ok()) return ToGrpcStatus(person.status());
  *response = ToProto(*person);
  v1::RegistryPerson* one[] = {response};
  AddStatuses(caller->request.origin(), one);
  return grpc::Status::OK;
}

grpc::Status RegistryServiceImpl::ListPeople(grpc::ServerContext* context,
                                             const v1::RegistryCall* call,
                                             v1::ListPeopleResponse* response) {
  absl::StatusOr<Caller> caller = Authenticate(context, *call, v1::RegistryRequest::kList);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  const v1::ListPeopleQuery& query = caller->request.list();
  const std::string& scope = caller->principal.scope();
  std::string prefix = query.village_prefix();
  if (prefix.size() > 12 ||
      !std::all_of(prefix.begin(), prefix.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        absl::StrCat("village_prefix \"", prefix, "\" is not a division code (up to 12 digits)")));
  }
  if (absl::StartsWith(scope, prefix)) {
    prefix = scope;  // narrowed to what the caller may read
  } else if (!absl::StartsWith(prefix, scope)) {
    return ToGrpcStatus(absl::PermissionDeniedError(
        absl::StrCat(Who(caller->principal), " may not list the registry of ", prefix,
                     ", which is outside its scope")));
  }
  absl::StatusOr<uint32_t> page_size = PageSize(query.page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  std::string after_village, after_ref;
  if (!query.page_token().empty()) {
    const size_t slash = query.page_token().find('/');
    if (slash == std::string::npos) {
      return ToGrpcStatus(absl::InvalidArgumentError("page_token is not one this server made"));
    }
    after_village = query.page_token().substr(0, slash);
    after_ref = query.page_token().substr(slash + 1);
  }
  absl::StatusOr<std::vector<registry::StoredPerson>> people =
      store_->List(caller->request.origin(), prefix, after_village, after_ref, *page_size + 1);
  if (!people.ok()) return ToGrpcStatus(people.status());
  const size_t shown = std::min<size_t>(people->size(), *page_size);
  std::vector<v1::RegistryPerson*> out;
  for (size_t i = 0; i < shown; ++i) {
    v1::RegistryPerson* p = response->add_people();
    *p = ToProto((*people)[i]);
    out.push_back(p);
  }
  AddStatuses(caller->request.origin(), out);
  if (people->size() > shown) {
    const registry::StoredPerson& last = (*people)[shown - 1];
    response->set_next_page_token(absl::StrCat(last.village, "/", last.ref));
  }
  return grpc::Status::OK;
}

grpc::Status RegistryServiceImpl::ErasePerson(grpc::ServerContext* context,
                                              const v1::RegistryCall* call,
                                              v1::RegistryPerson* response) {
  absl::StatusOr<Caller> caller = Authenticate(context, *call, v1::RegistryRequest::kErase);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<registry::StoredPerson> person = FindInScope(*caller, caller->request.erase());
  if (!person.ok()) return ToGrpcStatus(person.status());
  absl::StatusOr<registry::StoredPerson> erased = store_->Erase(
      caller->request.origin(), person->ref, caller->principal.principal_id(), NowUs());
  if (!erased.ok()) return ToGrpcStatus(erased.status());
  *response = ToProto(*erased);
  return grpc::Status::OK;
}

grpc::Status RegistryServiceImpl::GetBeneficiaryHistory(grpc::ServerContext* context,
                                                        const v1::RegistryCall* call,
                                                        v1::BeneficiaryHistory* response) {
  absl::StatusOr<Caller> caller = Authenticate(context, *call, v1::RegistryRequest::kHistory);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  absl::StatusOr<registry::StoredPerson> person = FindInScope(*caller, caller->request.history());
  if (!person.ok()) return ToGrpcStatus(person.status());
  *response->mutable_person() = ToProto(*person);
  absl::StatusOr<sequencer::LogSequencer*> log = logs_.Find(caller->request.origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  const std::string& ref = person->ref;
  (*log)->ReadState([&](const state::LedgerState& state) {
    AddStatus(state, response->mutable_person());
    // Changes recorded by villages within the caller's scope (in log order).
    for (const state::EligibilityEntry& e : state.incomes().EligibilityChangesOf(ref)) {
      if (!absl::StartsWith(e.village, caller->principal.scope())) continue;
      v1::EligibilityChangeEntry* out = response->add_eligibility();
      *out->mutable_change() = e.change;
      out->set_index(e.index);
    }
    // Every payment line to the reference, whichever owner paid it.
    const state::DistributionState& d = state.distributions();
    std::vector<v1::BeneficiaryPaymentLine> lines;
    for (const auto& [id, r] : d.payments()) {
      const state::PlanRecord* plan = d.FindPlan(r.payment.plan_id());
      for (const v1::DistributionPaymentLine& line : r.payment.lines()) {
        if (line.beneficiary_ref() != ref) continue;
        v1::BeneficiaryPaymentLine out;
        out.set_plan_id(r.payment.plan_id());
        out.set_payment_id(id);
        out.set_payment_date(r.payment.payment_date());
        if (plan != nullptr) out.set_owner_division(plan->plan.owner().division());
        *out.mutable_line() = line;
        out.set_index(r.index);
        lines.push_back(std::move(out));
      }
    }
    std::stable_sort(lines.begin(), lines.end(),
                     [](const v1::BeneficiaryPaymentLine& a, const v1::BeneficiaryPaymentLine& b) {
                       return a.index() < b.index();
                     });
    int64_t paid = 0;
    for (v1::BeneficiaryPaymentLine& l : lines) {
      paid += l.line().amount_fen();
      *response->add_payments() = std::move(l);
    }
    response->set_paid_fen(paid);
  });
  return grpc::Status::OK;
}

}  // namespace ledger::grpc_services
