#include "ledger/state/asset_rules.h"

#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "ledger/state/body_fields.h"
#include "ledger/state/identity_rules.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

std::string StringField(const Entry& entry, std::string_view name) {
  const google::protobuf::Message& body = *entry.body;
  const google::protobuf::FieldDescriptor* field =
      body.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return body.GetReflection()->GetString(body, field);
}

size_t DivisionDigits(v1::PartyKind kind) {
  switch (kind) {
    case v1::PARTY_KIND_COUNTY:
      return 6;
    case v1::PARTY_KIND_TOWNSHIP:
      return 9;
    case v1::PARTY_KIND_VILLAGE_COLLECTIVE:
    case v1::PARTY_KIND_HOUSEHOLD:
      return 12;
    default:
      return 0;
  }
}

}  // namespace

absl::Status AssetError(absl::StatusCode code, std::string_view message) {
  return RuleError(code, rules::kAsset, message);
}

absl::StatusOr<const AssetRecord*> FindAsset(const LedgerState& state, std::string_view code) {
  const AssetRecord* asset = state.assets().FindAsset(code);
  if (asset == nullptr) {
    return AssetError(absl::StatusCode::kNotFound, absl::StrCat("asset ", QuoteForError(code),
                                                                " is not registered in this log"));
  }
  return asset;
}

absl::StatusOr<const DisposalRecord*> FindDisposal(const LedgerState& state,
                                                   std::string_view disposal_id) {
  const DisposalRecord* disposal = state.assets().FindDisposal(disposal_id);
  if (disposal == nullptr) {
    return AssetError(
        absl::StatusCode::kNotFound,
        absl::StrCat("disposal ", QuoteForError(disposal_id), " is not recorded in this log"));
  }
  return disposal;
}

std::string AssetCodeOf(const Entry& entry) { return StringField(entry, "asset_code"); }
std::string DisposalIdOf(const Entry& entry) { return StringField(entry, "disposal_id"); }

absl::StatusOr<std::string> CheckLocation(const LedgerState& state, std::string_view location,
                                          std::string_view field) {
  LEDGER_RETURN_IF_ERROR(CheckScopeFormat(location, field));
  if (!location.starts_with(state.division_code())) {
    return AssetError(absl::StatusCode::kInvalidArgument,
                      absl::StrCat(Sv(field), " ", Sv(location),
                                   " is outside the log's jurisdiction ", state.division_code()));
  }
  return std::string(location);
}

absl::Status CheckParty(const LedgerState& state, const v1::Party& party, std::string_view field) {
  LEDGER_RETURN_IF_ERROR(
      CheckEnum(v1::PartyKind_descriptor(), party.kind(), absl::StrCat(Sv(field), ".kind")));
  const std::string division_field = absl::StrCat(Sv(field), ".division");
  if (party.kind() == v1::PARTY_KIND_HOUSEHOLD) {
    LEDGER_RETURN_IF_ERROR(
        CheckHouseholdRef(party.household_ref(), absl::StrCat(Sv(field), ".household_ref")));
    if (!party.name().empty()) {
      return FieldError(absl::StrCat(Sv(field),
                                     ".name must be empty for a household: households appear by "
                                     "their pseudonymous household_ref only"));
    }
  } else {
    if (!party.household_ref().empty()) {
      return FieldError(absl::StrCat(Sv(field), ".household_ref is only for a household"));
    }
    if (party.kind() == v1::PARTY_KIND_ORGANISATION) {
      LEDGER_RETURN_IF_ERROR(
          CheckName(party.name(), absl::StrCat(Sv(field), ".name"), kNameRunesMax));
    } else {
      LEDGER_RETURN_IF_ERROR(
          CheckOptionalName(party.name(), absl::StrCat(Sv(field), ".name"), kNameRunesMax));
    }
  }
  const size_t digits = DivisionDigits(party.kind());
  if (digits == 0) {  // an organisation: its division is optional and may lie anywhere
    if (!party.division().empty()) {
      LEDGER_RETURN_IF_ERROR(CheckScopeFormat(party.division(), division_field));
    }
    return absl::OkStatus();
  }
  if (party.division().size() != digits || !IsDigits(party.division())) {
    return FieldError(absl::StrCat(division_field, " ", QuoteForError(party.division()),
                                   " is not a division code of ", digits, " digits (",
                                   v1::PartyKind_Name(party.kind()), ")"));
  }
  if (!party.division().starts_with(state.division_code())) {
    return AssetError(absl::StatusCode::kNotFound,
                      absl::StrCat(division_field, " ", party.division(),
                                   " is not in the log's jurisdiction ", state.division_code()));
  }
  return absl::OkStatus();
}

absl::Status CheckParties(const LedgerState& state,
                          const google::protobuf::RepeatedPtrField<v1::PartyShare>& parties,
                          std::string_view field, bool with_shares) {
  std::set<std::tuple<int, std::string, std::string, std::string>> seen;
  for (int i = 0; i < parties.size(); ++i) {
    const std::string item = absl::StrCat(Sv(field), "[", i, "]");
    const v1::PartyShare& share = parties.Get(i);
    LEDGER_RETURN_IF_ERROR(CheckParty(state, share.party(), absl::StrCat(item, ".party")));
    if (with_shares && (share.share_bp() == 0 || share.share_bp() > kBasisPoints)) {
      return FieldError(
          absl::StrCat(item, ".share_bp is ", share.share_bp(), ", must be 1 to ", kBasisPoints));
    }
    if (!with_shares && share.share_bp() != 0) {
      return FieldError(absl::StrCat(item, ".share_bp is ", share.share_bp(),
                                     ", must be 0: this right has no shares"));
    }
    const v1::Party& p = share.party();
    if (!seen.emplace(p.kind(), p.division(), p.household_ref(), p.name()).second) {
      return FieldError(absl::StrCat(item, ".party appears in an earlier line"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckNotDisposed(const AssetRecord& asset) {
  if (asset.status != v1::ASSET_STATUS_DISPOSED) return absl::OkStatus();
  return RuleViolation("R27", absl::StrCat("R27: asset ", asset.registration.asset_code(),
                                           " was disposed by disposal ", asset.disposal_ids.back(),
                                           "; nothing is recorded for it after a final disposal"));
}

absl::Status CheckNoOpenDisposal(const AssetRecord& asset) {
  if (asset.open_disposal.empty()) return absl::OkStatus();
  return AssetError(absl::StatusCode::kFailedPrecondition,
                    absl::StrCat("asset ", asset.registration.asset_code(), " has disposal ",
                                 asset.open_disposal, " in progress"));
}

}  // namespace ledger::state
