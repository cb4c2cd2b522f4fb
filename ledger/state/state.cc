#include "ledger/state/state.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ledger/state/authorization.h"
#include "ledger/state/body_types.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/field_rules.h"
#include "ledger/state/handlers.h"
#include "ledger/state/rules.h"
#include "ledger/state/signers.h"
#include "ledger/util/check.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"

namespace ledger::state {
namespace {

const std::string& GenesisType() { return v1::Genesis::descriptor()->full_name(); }

absl::Status CheckOrigin(const LedgerState& state, const Entry& entry) {
  if (entry.header().origin() == state.origin()) return absl::OkStatus();
  return RuleError(absl::StatusCode::kInvalidArgument, rules::kOrigin,
                   absl::StrCat("entry is for log ", QuoteForError(entry.header().origin()),
                                ", this log is ", QuoteForError(state.origin())));
}

absl::Status CheckGenesisPosition(const LedgerState& state, const Entry& entry) {
  const bool is_genesis = entry.payload_type() == GenesisType();
  if (state.size() == 0 && !is_genesis) {
    return RuleError(absl::StatusCode::kFailedPrecondition, rules::kGenesis,
                     absl::StrCat("the first entry of a log must be a ", GenesisType(), ", not a ",
                                  entry.payload_type()));
  }
  if (state.size() > 0 && is_genesis) {
    return RuleError(absl::StatusCode::kFailedPrecondition, rules::kGenesis,
                     absl::StrCat("a ", GenesisType(), " is accepted only as entry 0; this log ",
                                  "already has ", state.size(), " entries"));
  }
  return absl::OkStatus();
}

// Business dates may run one day ahead of the server's calendar day (a clerk dating a record
// for tomorrow's payment run, a client clock a little ahead), never further.
absl::Status CheckBusinessDate(const Entry& entry, const ApplyContext& context) {
  const std::string& text = entry.header().business_date();
  const std::optional<CivilDate> date = ParseCivilDate(text);
  LEDGER_CHECK(date.has_value());  // DecodeEntry checked it
  const int64_t recorded_day = ShanghaiDayOfRecordedTime(context.recorded_time_us);
  if (DaysFromCivil(*date) <= recorded_day + 1) return absl::OkStatus();
  return RuleError(
      absl::StatusCode::kInvalidArgument, rules::kDate,
      absl::StrCat("business date ", text, " is more than one day after the ", "recorded date ",
                   FormatCivilDate(CivilFromDays(recorded_day)), " (Asia/Shanghai)"));
}

}  // namespace

v1::Policy DefaultPolicy() {
  v1::Policy policy;
  policy.set_notice_period_days(10);
  policy.set_pv_public_welfare_share_bp(8000);
  policy.set_advance_ceiling_bp(3000);
  policy.set_retention_ceiling_bp(1000);
  policy.set_retention_months(12);
  policy.set_plan_overrun_bp(1000);
  // R4: 单位基本支出, 交通工具及通讯设备, 楼堂馆所, 奖金津贴福利, 偿还债务和垫资.
  for (const char* code : {"basic_expenditure", "vehicles_and_communication", "buildings",
                           "bonuses_and_allowances", "debt_repayment"}) {
    policy.mutable_negative_list_categories()->add_codes(code);
  }
  policy.set_idle_income_months(12);
  // R21: 村委会基本支出, 福利补贴, 偿还债务.
  for (const char* code : {"village_committee_basic", "welfare_subsidies", "debt_repayment"}) {
    policy.mutable_prohibited_distribution_categories()->add_codes(code);
  }
  policy.set_min_guaranteed_return_bp(600);
  policy.set_disposal_valuation_threshold_fen(5'000'000);
  policy.mutable_progress_targets();  // present and empty: no targets
  // The uses of 衔接资金 and 涉农整合资金 (DOMAIN.md §3.1, §3.2): 产业发展, 基础设施, 就业帮扶,
  // 教育培训, 健康帮扶, 住房安全, 饮水安全, 易地搬迁后续扶持, 防止返贫监测帮扶, 小额信贷贴息,
  // 以工代赈, 消费帮扶, 人居环境整治, 公益性资产管护, 项目管理费, 其他.
  for (const char* code :
       {"industry", "infrastructure", "construction", "employment", "education_training", "health",
        "housing_safety", "drinking_water", "relocation_follow_up", "monitoring_assistance",
        "microcredit_interest", "work_relief", "consumption_assistance", "living_environment",
        "asset_maintenance", "project_management", "other"}) {
    policy.mutable_spending_categories()->add_codes(code);
  }
  return policy;
}

LedgerState::LedgerState(std::string origin)
    : origin_(std::move(origin)), policy_(DefaultPolicy()) {}

void LedgerState::UsePaymentBook(std::unique_ptr<PaymentBook> book) {
  LEDGER_CHECK(size_ == 0 && book != nullptr);
  funds_.payments_ = PaymentBookHolder(std::move(book));
}

const PrincipalRecord* LedgerState::FindPrincipal(std::string_view principal_id) const {
  auto it = principals_.find(principal_id);
  return it == principals_.end() ? nullptr : &it->second;
}

const KeyRecord* LedgerState::FindKey(std::string_view key_id) const {
  auto it = keys_.find(key_id);
  return it == keys_.end() ? nullptr : &it->second;
}

absl::Status Apply(LedgerState& state, const Entry& entry, const ApplyContext& context) {
  const BodyType* type = FindBodyType(entry.payload_type());
  if (type == nullptr || entry.body == nullptr) {
    return RuleError(absl::StatusCode::kInvalidArgument, rules::kPayload,
                     absl::StrCat("unknown payload type ", QuoteForError(entry.payload_type())));
  }
  const uint64_t index = state.size();
  LEDGER_RETURN_IF_ERROR(CheckOrigin(state, entry));
  LEDGER_RETURN_IF_ERROR(CheckGenesisPosition(state, entry));
  LEDGER_RETURN_IF_ERROR(CheckBusinessDate(entry, context));
  LEDGER_RETURN_IF_ERROR(CheckSigners(state, entry, index));
  if (index > 0) LEDGER_RETURN_IF_ERROR(Authorize(state, entry, type->authorization));
  LEDGER_RETURN_IF_ERROR(type->handler.check(state, entry));
  // Accepted: from here on nothing may fail.
  StateMutator mutator(state);
  type->handler.commit(mutator, entry, index);
  mutator.Advance();
  return absl::OkStatus();
}

}  // namespace ledger::state
