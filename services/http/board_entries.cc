#include "services/http/board_entries.h"

#include "ledger/state/asset_state.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/fund_state.h"
#include "ledger/state/income_state.h"
#include "services/http/notice_html.h"

namespace ledger::http {

std::set<uint64_t> BoardEntryIndexes(const state::LedgerState& s) {
  std::set<uint64_t> out;
  const state::DistributionState& d = s.distributions();
  for (const auto& [id, a] : d.announcements()) {
    out.insert(a.index);
    if (std::optional<SubjectRecord> subject = SubjectRecordOf(s, a.announcement)) {
      out.insert(subject->index);
    }
    if (a.announcement.subject_kind() != v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT) continue;
    if (const state::PlanRecord* plan = d.FindPlan(a.announcement.subject_id()); plan != nullptr) {
      for (const std::string& payment : plan->payment_ids) {
        if (const state::DistributionPaymentRecord* r = d.FindPayment(payment); r != nullptr) {
          out.insert(r->index);
        }
      }
    }
  }
  for (const auto& [code, a] : s.assets().assets()) {
    out.insert(a.registered_at);
    if (const state::RightBinding* b = a.LatestBinding(v1::RIGHT_KIND_OWNERSHIP); b != nullptr) {
      out.insert(b->index);
    }
    if (!a.contract_ids.empty()) {
      auto it = s.assets().contracts().find(a.contract_ids.back());
      if (it != s.assets().contracts().end()) out.insert(it->second.index);
    }
    for (const std::string& id : s.incomes().IncomesOf(code)) {
      if (const state::IncomeEntry* e = s.incomes().FindIncome(id); e != nullptr) {
        out.insert(e->index);
      }
    }
  }
  return out;
}

}  // namespace ledger::http
