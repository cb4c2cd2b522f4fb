#include "services/grpc/read_access.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ledger/state/authorization.h"
#include "ledger/state/identity_rules.h"
#include "ledger/util/rule_error.h"
#include "services/grpc/client_certificate.h"

namespace ledger::grpc_services {
namespace {

// The entries every identified reader may read: who the organisations are, their keys and the
// log's parameters. Without them no signature and no rule of any other entry can be checked.
constexpr std::array<std::string_view, 5> kIdentityPayloadTypes = {
    "ledger.v1.Genesis", "ledger.v1.RegisterPrincipal", "ledger.v1.RegisterKey",
    "ledger.v1.RevokeKey", "ledger.v1.SetPolicy"};

bool HoldsAuditor(const v1::Principal& principal) {
  return std::any_of(principal.roles().begin(), principal.roles().end(),
                     [](int role) { return role == v1::ROLE_AUDITOR; });
}

}  // namespace

Reader Reader::Everyone() {
  Reader reader;
  reader.everything_ = true;
  return reader;
}

Reader Reader::Of(const state::LedgerState& state, std::span<const std::string> principal_ids) {
  Reader reader;
  for (const std::string& id : principal_ids) {
    const state::PrincipalRecord* record = state.FindPrincipal(id);
    if (record == nullptr) continue;
    const v1::Principal& p = record->principal;
    reader.principals_.push_back(
        Principal{.id = p.principal_id(), .roles = state::RoleNames(p), .scope = p.scope()});
    if (HoldsAuditor(p) || p.scope() == state.division_code()) reader.everything_ = true;
  }
  return reader;
}

bool Reader::Reads(std::string_view division) const {
  if (everything_) return true;
  if (division.empty()) return false;
  return std::any_of(principals_.begin(), principals_.end(),
                     [&](const Principal& p) { return division.starts_with(p.scope); });
}

std::string Reader::Describe() const {
  if (principals_.empty()) {
    return everything_ ? std::string("every caller (--read-access=open)")
                       : std::string(
                             "the public (no client certificate naming a principal of "
                             "this log)");
  }
  std::vector<std::string> parts;
  parts.reserve(principals_.size());
  for (const Principal& p : principals_) {
    parts.push_back(absl::StrCat("principal ", p.id, " (", p.roles, ", scope ", p.scope, ")"));
  }
  return absl::StrJoin(parts, " and ");
}

absl::Status Reader::Denied(std::string_view what, std::string_view needs) const {
  std::string message =
      absl::StrCat(Describe(), " may not read ", std::string(what), ": ", std::string(needs));
  if (IsPublic()) {
    absl::StrAppend(&message,
                    "; the public reads the notice board, checkpoints and proofs, and a "
                    "principal reads with a client certificate that names it (URI SAN ",
                    std::string(kPrincipalUriPrefix), "<principal_id>)");
  }
  return RuleError(absl::StatusCode::kPermissionDenied, kReadRule, message);
}

absl::Status Reader::CheckIdentified(std::string_view what) const {
  if (!IsPublic()) return absl::OkStatus();
  return Denied(what, "it needs a registered principal");
}

absl::Status Reader::CheckReads(std::string_view division, std::string_view what) const {
  if (Reads(division)) return absl::OkStatus();
  return Denied(what,
                division.empty()
                    ? std::string("it needs a reader of the whole log (the county or an auditor)")
                    : absl::StrCat("it is about division ", std::string(division),
                                   ", which needs a principal whose scope contains it"));
}

absl::Status Reader::CheckReadsEverything(std::string_view what) const {
  if (everything_) return absl::OkStatus();
  return Denied(what, "it needs a reader of the whole log (the county or an auditor)");
}

absl::Status Reader::CheckEntry(const state::LedgerState& state, const state::Entry& entry,
                                uint64_t index) const {
  if (everything_) return absl::OkStatus();
  const bool identity = std::find(kIdentityPayloadTypes.begin(), kIdentityPayloadTypes.end(),
                                  entry.payload_type()) != kIdentityPayloadTypes.end();
  if (identity && !IsPublic()) return absl::OkStatus();
  return CheckReads(state::SubjectOf(state, entry),
                    absl::StrCat("log entry ", index, " (", entry.payload_type(), ")"));
}

Reader ReadAccess::ReaderOf(const grpc::ServerContext& context,
                            const state::LedgerState& state) const {
  if (mode_ == ReadAccessMode::kOpen) return Reader::Everyone();
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return Reader::Of(state, {});
  return Reader::Of(state, ClientCertificateOf(*auth).principals);
}

}  // namespace ledger::grpc_services
