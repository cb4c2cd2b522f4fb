// Asset bodies and the asset fixture for the state tests (state_testing.h).

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ledger/crypto/sha256.h"
#include "ledger/state/state_testing.h"

namespace ledger::state::testing {
namespace {

std::string Hash(std::string_view text) {
  const crypto::Sha256Digest digest = crypto::Sha256(text);
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

}  // namespace

v1::Party VillageParty(std::string_view village) {
  v1::Party party;
  party.set_kind(v1::PARTY_KIND_VILLAGE_COLLECTIVE);
  party.set_division(std::string(village));
  party.set_name("村股份经济合作社");
  return party;
}

v1::Party CountyParty() {
  v1::Party party;
  party.set_kind(v1::PARTY_KIND_COUNTY);
  party.set_division(std::string(kDivision));
  party.set_name("县乡村振兴局");
  return party;
}

v1::Party HouseholdParty(std::string_view household, std::string_view village) {
  v1::Party party;
  party.set_kind(v1::PARTY_KIND_HOUSEHOLD);
  party.set_division(std::string(village));
  party.set_household_ref(std::string(household));
  return party;
}

v1::Party Organisation(std::string_view name) {
  v1::Party party;
  party.set_kind(v1::PARTY_KIND_ORGANISATION);
  party.set_name(std::string(name));
  return party;
}

v1::PartyShare Share(const v1::Party& party, uint32_t bp) {
  v1::PartyShare share;
  *share.mutable_party() = party;
  share.set_share_bp(bp);
  return share;
}

v1::AssetRegistration MakeAsset(std::string_view code, v1::AssetClass asset_class, int64_t fen,
                                std::string_view project) {
  v1::AssetRegistration body;
  body.set_asset_code(std::string(code));
  body.set_name("村级光伏电站");
  body.set_asset_class(asset_class);
  body.set_category(v1::ASSET_CATEGORY_PHOTOVOLTAIC_STATION);
  body.set_accounting_form(v1::ACCOUNTING_FORM_FIXED);
  v1::FundingLine* line = body.add_funding();
  line->set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
  line->set_amount_fen(fen);
  if (project.empty()) {
    line->set_document("2016年扶贫项目验收单");
  } else {
    line->set_project_id(std::string(project));
  }
  body.set_original_value_fen(fen);
  body.set_date_formed("2026-07-01");
  body.set_location(std::string(kVillage));
  body.set_quantity(500);
  body.set_unit("kW");
  body.set_service_life_years(25);
  return body;
}

v1::OwnershipConfirmation MakeConfirmation(std::string_view code,
                                           const std::vector<v1::PartyShare>& owners,
                                           std::string_view date) {
  v1::OwnershipConfirmation body;
  body.set_asset_code(std::string(code));
  for (const v1::PartyShare& owner : owners) *body.add_owners() = owner;
  body.set_basis("衔接资金建设，收益归村集体");
  body.set_certificate_number("确权〔2026〕1号");
  body.set_date(std::string(date));
  return body;
}

v1::Handover MakeHandover(std::string_view code, std::string_view date) {
  v1::Handover body;
  body.set_asset_code(std::string(code));
  body.set_from_party("县乡村振兴局");
  body.set_date(std::string(date));
  body.set_list_hash(Hash(absl::StrCat("移交清单 ", std::string(code))));
  return body;
}

v1::RightsAssignment MakeRights(std::string_view code, v1::RightKind kind,
                                const std::vector<v1::PartyShare>& holders,
                                std::string_view valid_from) {
  v1::RightsAssignment body;
  body.set_asset_code(std::string(code));
  body.set_kind(kind);
  for (const v1::PartyShare& holder : holders) *body.add_holders() = holder;
  body.set_valid_from(std::string(valid_from));
  return body;
}

v1::OperationContract MakeOperationContract(std::string_view id, std::string_view code,
                                            int64_t rent_fen) {
  v1::OperationContract body;
  body.set_contract_id(std::string(id));
  body.set_asset_code(std::string(code));
  *body.mutable_operator_() = Organisation("某光伏运维公司");
  body.set_mode(v1::OPERATION_MODE_LEASE);
  body.set_start_date("2026-08-01");
  body.set_end_date("2036-07-31");
  body.set_annual_rent_fen(rent_fen);
  body.set_selection(v1::SELECTION_METHOD_TENDER);
  body.set_deposit_fen(1'000);
  body.set_signed_date("2026-07-20");
  return body;
}

v1::MaintenanceRecord MakeMaintenance(std::string_view code, std::string_view date,
                                      v1::AssetCondition condition, int64_t cost_fen) {
  v1::MaintenanceRecord body;
  body.set_asset_code(std::string(code));
  body.set_custodian("村管护员");
  body.set_inspection_date(std::string(date));
  body.set_condition(condition);
  body.set_repair_cost_fen(cost_fen);
  body.set_funding(cost_fen == 0 ? v1::MAINTENANCE_FUNDING_NONE
                                 : v1::MAINTENANCE_FUNDING_OPERATING_INCOME);
  return body;
}

v1::DisposalApplication MakeDisposal(std::string_view id, std::string_view code,
                                     v1::DisposalMethod method) {
  v1::DisposalApplication body;
  body.set_disposal_id(std::string(id));
  body.set_asset_code(std::string(code));
  body.set_trigger(v1::DISPOSAL_TRIGGER_NATURAL_DISASTER);
  body.set_method(method);
  body.set_valuation_reference("评估〔2026〕7号");
  body.set_appraised_value_fen(5'000);
  body.set_application_date("2026-09-01");
  return body;
}

v1::DisposalDecision MakeDecision(std::string_view id, std::string_view unit, uint32_t votes_for,
                                  uint32_t attendance) {
  v1::DisposalDecision body;
  body.set_disposal_id(std::string(id));
  body.set_owner_division(std::string(unit));
  body.set_resolution_reference("村民代表大会决议〔2026〕3号");
  body.set_meeting_date("2026-09-05");
  body.set_attendance(attendance);
  body.set_votes_for(votes_for);
  body.set_votes_against(attendance - votes_for);
  return body;
}

v1::DisposalReview MakeReview(std::string_view id, bool approved) {
  v1::DisposalReview body;
  body.set_disposal_id(std::string(id));
  body.set_approved(approved);
  body.set_opinion(approved ? "同意报损" : "不同意");
  body.set_date("2026-09-10");
  return body;
}

v1::DisposalApproval MakeDisposalApproval(std::string_view id, v1::ApprovalAuthority authority,
                                          bool approved) {
  v1::DisposalApproval body;
  body.set_disposal_id(std::string(id));
  body.set_authority(authority);
  body.set_approved(approved);
  body.set_document(authority == v1::APPROVAL_AUTHORITY_FINANCE ? "财资〔2026〕5号"
                                                                : "乡振〔2026〕5号");
  body.set_date("2026-09-15");
  return body;
}

v1::DisposalNotice MakeNotice(std::string_view id, std::string_view start, std::string_view end) {
  v1::DisposalNotice body;
  body.set_disposal_id(std::string(id));
  body.set_channel("村务公开栏");
  body.set_notice_hash(Hash(absl::StrCat("处置公示 ", std::string(id))));
  body.set_start_date(std::string(start));
  body.set_end_date(std::string(end));
  return body;
}

v1::DisposalCompletion MakeCompletion(std::string_view id, int64_t price_fen, int64_t proceeds_fen,
                                      std::string_view date) {
  v1::DisposalCompletion body;
  body.set_disposal_id(std::string(id));
  body.set_price_fen(price_fen);
  body.set_proceeds_fen(proceeds_fen);
  body.set_completion_date(std::string(date));
  return body;
}

v1::IncomeRecord MakeIncome(std::string_view id, std::string_view code, int64_t gross_fen,
                            std::string_view start, std::string_view end) {
  v1::IncomeRecord body;
  body.set_income_id(std::string(id));
  body.set_asset_code(std::string(code));
  body.set_period_start(std::string(start));
  body.set_period_end(std::string(end));
  body.set_gross_income_fen(gross_fen);
  body.set_land_rent_fen(1'000);
  body.set_operation_cost_fen(500);
  body.set_net_income_fen(gross_fen - 1'500);
  *body.mutable_received_by() = VillageParty();
  body.set_account_name("村集体经济账户");
  body.set_received_date("2026-09-05");
  body.set_generation_kwh(60'000);
  return body;
}

void AssetFixture(TestLog& log) {
  auto payment = MakeDisbursement("DA", "P1", "C1", v1::FUND_SOURCE_CENTRAL_LINKAGE,
                                  v1::DISBURSEMENT_STAGE_PROGRESS, 20'000);
  ASSERT_TRUE(log.Submit(payment, kFinanceId, TestKey(2)).ok());
  auto village = TestLog::RegisterPrincipal(MakePrincipal(kVillageAccountantId,
                                                          v1::PRINCIPAL_KIND_VILLAGE_COMMITTEE,
                                                          kVillage, {v1::ROLE_VILLAGE_ACCOUNTANT}));
  ASSERT_TRUE(log.Submit(village, kAdminId, TestKey(1)).ok());
  auto key = TestLog::RegisterKey(kVillageAccountantId, 9);
  ASSERT_TRUE(log.Submit(key, kAdminId, TestKey(1)).ok());

  auto station = MakeAsset("AS1", v1::ASSET_CLASS_OPERATIONAL, 20'000);
  ASSERT_TRUE(log.Submit(station, kProjectManagerId, TestKey(4)).ok());
  auto confirm = MakeConfirmation("AS1", {Share(VillageParty(), 10'000)});
  ASSERT_TRUE(log.Submit(confirm, kProjectManagerId, TestKey(4)).ok());
  auto handover = MakeHandover("AS1");
  ASSERT_TRUE(log.Submit(handover, kProjectManagerId, TestKey(4)).ok());

  auto road = MakeAsset("AS2", v1::ASSET_CLASS_PUBLIC_BENEFIT, 5'000, "");
  road.set_name("村组道路");
  road.set_category(v1::ASSET_CATEGORY_ROAD);
  ASSERT_TRUE(log.Submit(road, kProjectManagerId, TestKey(4)).ok());
  auto confirm_road = MakeConfirmation("AS2", {Share(VillageParty(), 10'000)});
  ASSERT_TRUE(log.Submit(confirm_road, kProjectManagerId, TestKey(4)).ok());
}

void AdvanceDisposal(TestLog& log, std::string_view id, DisposalStage from, DisposalStage through) {
  for (int stage = static_cast<int>(from) + 1; stage <= static_cast<int>(through); ++stage) {
    absl::Status s;
    switch (static_cast<DisposalStage>(stage)) {
      case DisposalStage::kDecided: {
        auto decision = MakeDecision(id);
        s = log.Submit(decision, kVillageAccountantId, TestKey(9));
        break;
      }
      case DisposalStage::kReviewed: {
        auto review = MakeReview(id);
        s = log.Submit(review, kTownshipId, TestKey(3));
        break;
      }
      case DisposalStage::kApproved: {
        auto department = MakeDisposalApproval(id, v1::APPROVAL_AUTHORITY_DEPARTMENT);
        s = log.Submit(department, kProjectManagerId, TestKey(4));
        ASSERT_TRUE(s.ok()) << s;
        auto finance = MakeDisposalApproval(id, v1::APPROVAL_AUTHORITY_FINANCE);
        s = log.Submit(finance, kFinanceId, TestKey(2));
        break;
      }
      case DisposalStage::kNoticed: {
        auto notice = MakeNotice(id);
        s = log.Submit(notice, kProjectManagerId, TestKey(4));
        break;
      }
      case DisposalStage::kCompleted: {
        auto completion = MakeCompletion(id, 5'000, 5'000);
        s = log.Submit(completion, kProjectManagerId, TestKey(4));
        break;
      }
      default:
        FAIL() << "no step leads to stage " << stage;
    }
    ASSERT_TRUE(s.ok()) << "stage " << stage << ": " << s;
  }
}

}  // namespace ledger::state::testing
