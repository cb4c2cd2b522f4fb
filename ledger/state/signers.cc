#include "ledger/state/signers.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/handlers.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/check.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

absl::Status KeyError(std::string_view message) {
  return RuleError(absl::StatusCode::kUnauthenticated, rules::kKey, message);
}

absl::Status CheckGenesisSigner(const Entry& entry) {
  LEDGER_ASSIGN_OR_RETURN(crypto::Ed25519PublicKey key,
                          GenesisAdministratorKey(entry.As<v1::Genesis>()));
  const std::string key_id = KeyIdOf(key);
  const auto& signatures = entry.envelope.signatures;
  if (signatures.size() != 1) {
    return KeyError(absl::StrCat("a Genesis must be signed by exactly one key, the administrator ",
                                 "key ", key_id, "; it has ", signatures.size(), " signatures"));
  }
  if (signatures[0].keyid != key_id) {
    return KeyError(absl::StrCat("a Genesis must be signed by the administrator key it registers, ",
                                 key_id, "; it is signed by keyid ",
                                 QuoteForError(signatures[0].keyid)));
  }
  if (entry.signatures_verified) return absl::OkStatus();
  return VerifyEntrySignatures(
      entry, [&](std::string_view) -> absl::StatusOr<crypto::Ed25519PublicKey> { return key; });
}

// The registered key of signature `i`, usable at `index`.
absl::StatusOr<const KeyRecord*> UsableKey(const LedgerState& state, std::string_view keyid,
                                           size_t i, uint64_t index) {
  const KeyRecord* key = state.FindKey(keyid);
  if (key == nullptr) {
    return KeyError(absl::StrCat("signature ", i, ": keyid ", QuoteForError(keyid),
                                 " is not a key registered in this log"));
  }
  // Keys in the state were registered by accepted entries, all before `index`.
  LEDGER_CHECK(key->registered_at < index);
  if (key->revoked_at.has_value()) {
    return KeyError(absl::StrCat("signature ", i, ": key ", key->key_id, " of principal ",
                                 key->principal_id, " was revoked at index ", *key->revoked_at,
                                 "; this entry would be index ", index));
  }
  return key;
}

}  // namespace

absl::Status CheckSigners(const LedgerState& state, const Entry& entry, uint64_t index) {
  if (entry.payload_type() == v1::Genesis::descriptor()->full_name()) {
    return CheckGenesisSigner(entry);
  }
  const auto& signatures = entry.envelope.signatures;
  for (size_t i = 0; i < signatures.size(); ++i) {
    LEDGER_ASSIGN_OR_RETURN(const KeyRecord* key, UsableKey(state, signatures[i].keyid, i, index));
    if (i == 0 && key->principal_id != entry.header().principal_id()) {
      return KeyError(absl::StrCat("signature 0 is by key ", key->key_id, " of principal ",
                                   key->principal_id, ", not of the entry's principal ",
                                   entry.header().principal_id()));
    }
  }
  if (entry.signatures_verified) return absl::OkStatus();
  return VerifyEntrySignatures(
      entry, [&](std::string_view keyid) -> absl::StatusOr<crypto::Ed25519PublicKey> {
        return state.FindKey(keyid)->public_key;  // every keyid was found above
      });
}

}  // namespace ledger::state
