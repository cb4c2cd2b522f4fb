// StateMutator (handlers.h): the only writer of LedgerState's fields.

#include <utility>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "ledger/state/handlers.h"
#include "ledger/state/state.h"
#include "ledger/util/check.h"

namespace ledger::state {

void StateMutator::SetJurisdiction(std::string division_code, std::string division_name,
                                   std::string checkpoint_verifier_key) {
  LEDGER_CHECK(state_.division_code_.empty());
  state_.division_code_ = std::move(division_code);
  state_.division_name_ = std::move(division_name);
  state_.checkpoint_verifier_key_ = std::move(checkpoint_verifier_key);
}

void StateMutator::AddPrincipal(const v1::Principal& principal, uint64_t index) {
  PrincipalRecord record;
  record.principal = principal;
  record.registered_at = index;
  const bool inserted = state_.principals_.emplace(principal.principal_id(), record).second;
  LEDGER_CHECK(inserted);
}

void StateMutator::AddKey(const std::string& principal_id, const crypto::Ed25519PublicKey& key,
                          uint64_t index) {
  auto principal = state_.principals_.find(principal_id);
  LEDGER_CHECK(principal != state_.principals_.end());
  KeyRecord record{.key_id = KeyIdOf(key),
                   .principal_id = principal_id,
                   .public_key = key,
                   .registered_at = index,
                   .revoked_at = std::nullopt};
  principal->second.key_ids.push_back(record.key_id);
  const bool inserted = state_.keys_.emplace(record.key_id, std::move(record)).second;
  LEDGER_CHECK(inserted);
}

void StateMutator::RevokeKey(std::string_view key_id, uint64_t index) {
  auto key = state_.keys_.find(key_id);
  LEDGER_CHECK(key != state_.keys_.end() && !key->second.revoked_at.has_value());
  key->second.revoked_at = index;
}

void StateMutator::MergePolicy(const v1::Policy& patch) {
  // Every Policy field has presence (proto3 optional scalars, message-typed lists): clearing the
  // present ones first makes MergeFrom replace them, lists included, instead of appending.
  const google::protobuf::Reflection* reflection = patch.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> present;
  reflection->ListFields(patch, &present);
  for (const google::protobuf::FieldDescriptor* field : present) {
    reflection->ClearField(&state_.policy_, field);
  }
  state_.policy_.MergeFrom(patch);
}

void StateMutator::Advance() { ++state_.size_; }

}  // namespace ledger::state
