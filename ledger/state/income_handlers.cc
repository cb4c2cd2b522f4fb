// Income entries (收益): IncomeRecord (docs/FORMATS.md §9.8; DOMAIN.md §5 R16, R17, R19, R27).

#include <string>

#include "absl/strings/str_cat.h"
#include "ledger/state/asset_rules.h"
#include "ledger/state/body_fields.h"
#include "ledger/state/distribution_rules.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/handlers.h"
#include "ledger/state/income_state.h"
#include "ledger/state/rules.h"
#include "ledger/state/state.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {

absl::Status CheckIncomeRecord(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::IncomeRecord>();
  LEDGER_RETURN_IF_ERROR(CheckId(body.income_id(), "income_id"));
  LEDGER_ASSIGN_OR_RETURN(const AssetRecord* asset, FindAsset(state, body.asset_code()));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.period_start(), "period_start").status());
  LEDGER_RETURN_IF_ERROR(CheckDate(body.period_end(), "period_end").status());
  if (body.period_end() < body.period_start()) {
    return FieldError(absl::StrCat("period_end ", body.period_end(), " precedes period_start ",
                                   body.period_start()));
  }
  LEDGER_RETURN_IF_ERROR(CheckAmount(body.gross_income_fen(), "gross_income_fen"));
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.land_rent_fen(), "land_rent_fen"));
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.operation_cost_fen(), "operation_cost_fen"));
  LEDGER_RETURN_IF_ERROR(CheckNonNegative(body.other_cost_fen(), "other_cost_fen"));
  LEDGER_ASSIGN_OR_RETURN(int64_t costs,
                          CheckedAdd(body.land_rent_fen(), body.operation_cost_fen(), "the costs"));
  LEDGER_ASSIGN_OR_RETURN(costs, CheckedAdd(costs, body.other_cost_fen(), "the costs"));
  LEDGER_RETURN_IF_ERROR(CheckParty(state, body.received_by(), "received_by"));
  LEDGER_RETURN_IF_ERROR(CheckName(body.account_name(), "account_name", kDocumentRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckNoPersonalData(body.account_name(), "account_name"));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.received_date(), "received_date").status());
  const bool photovoltaic = IsPhotovoltaic(asset->registration.category());
  if (photovoltaic && body.generation_kwh() == 0) {
    return FieldError(absl::StrCat("generation_kwh is 0; the income of photovoltaic asset ",
                                   body.asset_code(), " states its generation"));
  }
  if (!photovoltaic && body.generation_kwh() != 0) {
    return FieldError(absl::StrCat("generation_kwh is ", body.generation_kwh(), "; asset ",
                                   body.asset_code(), " is not photovoltaic"));
  }

  // References.
  const IncomeState& incomes = state.incomes();
  if (incomes.FindIncome(body.income_id()) != nullptr) {
    return IncomeError(absl::StatusCode::kAlreadyExists,
                       absl::StrCat("income ", body.income_id(), " is already recorded"));
  }
  for (const std::string& id : incomes.IncomesOf(body.asset_code())) {
    const v1::IncomeRecord& other = incomes.FindIncome(id)->record;
    if (other.period_start() <= body.period_end() && body.period_start() <= other.period_end()) {
      return IncomeError(
          absl::StatusCode::kFailedPrecondition,
          absl::StrCat("income ", id, " of asset ", body.asset_code(), " already covers ",
                       other.period_start(), " to ", other.period_end(), ", overlapping ",
                       body.period_start(), " to ", body.period_end()));
    }
  }

  // The asset's life: R27, R16, R17.
  LEDGER_RETURN_IF_ERROR(CheckNotDisposed(*asset));
  if (!asset->handover.has_value()) {
    return RuleViolation("R16", absl::StrCat("R16: asset ", body.asset_code(), " is ",
                                             AssetStatusName(asset->status),
                                             "; income is recorded after the handover (移交)"));
  }
  if (asset->registration.asset_class() == v1::ASSET_CLASS_OPERATIONAL) {
    bool operated = false;
    for (const std::string& id : asset->contract_ids) {
      const v1::OperationContract& c = state.assets().contracts().at(id).contract;
      if (c.start_date() <= body.period_end() && body.period_start() <= c.end_date()) {
        operated = true;
      }
    }
    if (!operated) {
      return RuleViolation("R17", absl::StrCat("R17: operational asset ", body.asset_code(),
                                               " has no operation contract in force between ",
                                               body.period_start(), " and ", body.period_end(),
                                               "; income needs an operator and a contract"));
    }
  }

  // R19: the net income, booked to an owner.
  if (costs > body.gross_income_fen() || body.net_income_fen() != body.gross_income_fen() - costs) {
    return RuleViolation(
        "R19", absl::StrCat("R19: net_income_fen is ", FormatYuan(body.net_income_fen()),
                            ", but gross ", FormatYuan(body.gross_income_fen()), " − costs ",
                            FormatYuan(costs), " is ", FormatYuan(body.gross_income_fen() - costs),
                            " (the net income is never negative)"));
  }
  bool owner = false;
  for (const v1::PartyShare& share : asset->owners()) {
    if (PartyKey(share.party()) == PartyKey(body.received_by())) owner = true;
  }
  if (!owner) {
    return RuleViolation("R19", absl::StrCat("R19: received_by ", PartyKey(body.received_by()),
                                             " is not an owner of asset ", body.asset_code(),
                                             "; income is booked to its owner's account"));
  }
  return CheckNotAfterRecord(entry, body.received_date(), "received_date", rules::kDate);
}

void CommitIncomeRecord(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddIncome(entry.As<v1::IncomeRecord>(), index);
}

// ---- EligibilityChange (资格变动) ----

absl::StatusOr<std::string> EligibilityScope(const LedgerState& state, const Entry& entry) {
  const std::string& village = entry.As<v1::EligibilityChange>().village();
  LEDGER_ASSIGN_OR_RETURN(std::string location, CheckLocation(state, village, "village"));
  if (location.size() != 12) {
    return FieldError(absl::StrCat("village ", location, " is not a village (12 digits)"));
  }
  return location;
}

absl::Status CheckEligibilityChange(const LedgerState& state, const Entry& entry) {
  const auto& body = entry.As<v1::EligibilityChange>();
  LEDGER_RETURN_IF_ERROR(EligibilityScope(state, entry).status());
  LEDGER_RETURN_IF_ERROR(CheckHouseholdRef(body.beneficiary_ref(), "beneficiary_ref"));
  LEDGER_RETURN_IF_ERROR(CheckEnum(v1::EligibilityStatus_descriptor(), body.status(), "status"));
  LEDGER_RETURN_IF_ERROR(CheckDate(body.effective_date(), "effective_date").status());
  LEDGER_RETURN_IF_ERROR(CheckName(body.basis(), "basis", kReasonRunesMax));
  LEDGER_RETURN_IF_ERROR(CheckNoPersonalData(body.basis(), "basis"));
  const EligibilityEntry* last =
      state.incomes().LastEligibilityChange(body.village(), body.beneficiary_ref());
  if (last != nullptr && body.effective_date() < last->effective_date) {
    return IncomeError(absl::StatusCode::kFailedPrecondition,
                       absl::StrCat("effective_date ", body.effective_date(), " of ",
                                    body.beneficiary_ref(), " precedes its last change on ",
                                    last->effective_date, " (index ", last->index, ")"));
  }
  return CheckNotAfterRecord(entry, body.effective_date(), "effective_date", rules::kDate);
}

void CommitEligibilityChange(StateMutator& state, const Entry& entry, uint64_t index) {
  state.AddEligibilityChange(entry.As<v1::EligibilityChange>(), index);
}

}  // namespace ledger::state
