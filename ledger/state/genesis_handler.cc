// Genesis (创世): the log's jurisdiction, its root administrator and that administrator's key.

#include "absl/strings/str_cat.h"
#include "ledger/note/keys.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/handlers.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

inline constexpr size_t kDivisionCodeSize = 6;
inline constexpr size_t kDivisionNameRunesMax = 200;

absl::Status GenesisError(std::string_view message) {
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kGenesis, message);
}

absl::Status CheckJurisdiction(const LedgerState& state, const v1::Genesis& genesis) {
  const std::string& code = genesis.division_code();
  if (code.size() != kDivisionCodeSize || !IsDigits(code)) {
    return GenesisError(absl::StrCat("division_code ", QuoteForError(code), " must be ",
                                     kDivisionCodeSize, " digits"));
  }
  if (!state.origin().ends_with(absl::StrCat("/", code))) {
    return GenesisError(absl::StrCat("origin ", QuoteForError(state.origin()), " must end in \"/",
                                     code, "\", the division code"));
  }
  return CheckText(genesis.division_name(), "division_name", kDivisionNameRunesMax, rules::kField);
}

// What makes the administrator the root of the log; the rest of it is an ordinary principal.
absl::Status CheckAdministrator(const Entry& entry, const v1::Genesis& genesis) {
  if (!genesis.has_administrator()) return GenesisError("administrator is missing");
  const v1::Principal& admin = genesis.administrator();
  if (admin.principal_id() != entry.header().principal_id()) {
    return GenesisError(absl::StrCat(
        "administrator.principal_id ", QuoteForError(admin.principal_id()),
        " differs from header.principal_id ", QuoteForError(entry.header().principal_id())));
  }
  if (admin.kind() != v1::PRINCIPAL_KIND_ADMINISTRATOR) {
    return GenesisError(
        absl::StrCat("administrator.kind is ", KindName(admin.kind()), ", must be ADMINISTRATOR"));
  }
  bool is_administrator = false;
  for (int role : admin.roles()) is_administrator |= role == v1::ROLE_ADMINISTRATOR;
  if (!is_administrator) {
    return GenesisError(
        absl::StrCat("administrator.roles (", RoleNames(admin), ") must include ADMINISTRATOR"));
  }
  if (admin.scope() != genesis.division_code()) {
    return GenesisError(absl::StrCat("administrator.scope ", QuoteForError(admin.scope()),
                                     " must equal the division code ", genesis.division_code()));
  }
  return ValidatePrincipal(admin, genesis.division_code(), "administrator");
}

absl::Status CheckVerifierKey(const LedgerState& state, const v1::Genesis& genesis) {
  absl::StatusOr<note::NoteVerifier> verifier =
      note::NoteVerifier::Parse(genesis.checkpoint_verifier_key());
  if (!verifier.ok()) {
    return GenesisError(
        absl::StrCat("checkpoint_verifier_key is not an Ed25519 note verifier key: ",
                     verifier.status().message()));
  }
  if (verifier->name() != state.origin()) {
    return GenesisError(
        absl::StrCat("checkpoint_verifier_key is named ", QuoteForError(verifier->name()),
                     ", must be named after the origin ", QuoteForError(state.origin())));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<crypto::Ed25519PublicKey> GenesisAdministratorKey(const v1::Genesis& genesis) {
  return ParsePublicKey(genesis.administrator_public_key(), "administrator_public_key",
                        rules::kGenesis);
}

absl::Status CheckGenesis(const LedgerState& state, const Entry& entry) {
  const auto& genesis = entry.As<v1::Genesis>();
  LEDGER_RETURN_IF_ERROR(CheckJurisdiction(state, genesis));
  LEDGER_RETURN_IF_ERROR(CheckAdministrator(entry, genesis));
  LEDGER_RETURN_IF_ERROR(GenesisAdministratorKey(genesis).status());
  return CheckVerifierKey(state, genesis);
}

void CommitGenesis(StateMutator& state, const Entry& entry, uint64_t index) {
  const auto& genesis = entry.As<v1::Genesis>();
  state.SetJurisdiction(genesis.division_code(), genesis.division_name(),
                        genesis.checkpoint_verifier_key());
  state.AddPrincipal(genesis.administrator(), index);
  state.AddKey(genesis.administrator().principal_id(), GenesisAdministratorKey(genesis).value(),
               index);
}

}  // namespace ledger::state
