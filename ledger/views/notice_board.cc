#include "ledger/views/notice_board.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ledger/registry/person.h"
#include "ledger/state/asset_state.h"
#include "ledger/state/civil_date.h"
#include "ledger/state/distribution_state.h"
#include "ledger/state/fund_state.h"
#include "ledger/util/status_macros.h"
#include "ledger/views/projections.h"

namespace ledger::views {
namespace {

// The subject's location (or owner division) and its figure; nullopt if the subject is unknown
// (the state never holds such an announcement).
struct SubjectFacts {
  std::string location;
  int64_t amount_fen = 0;
};

std::optional<SubjectFacts> Subject(const state::LedgerState& s, const v1::Announcement& a) {
  const std::string& id = a.subject_id();
  switch (a.subject_kind()) {
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE:
    case v1::ANNOUNCEMENT_SUBJECT_PROJECT_AFTER: {
      const state::ProjectRecord* p = s.funds().FindProject(id);
      if (p == nullptr) return std::nullopt;
      int64_t planned = 0;
      for (const v1::PlannedFunds& f : p->registration.planned()) planned += f.amount_fen();
      return SubjectFacts{p->registration.location(), planned};
    }
    case v1::ANNOUNCEMENT_SUBJECT_ASSET_LEDGER: {
      const state::AssetRecord* asset = s.assets().FindAsset(id);
      if (asset == nullptr) return std::nullopt;
      return SubjectFacts{asset->registration.location(), asset->registration.original_value_fen()};
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN:
    case v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT: {
      const state::PlanRecord* p = s.distributions().FindPlan(id);
      if (p == nullptr) return std::nullopt;
      return SubjectFacts{p->plan.owner().division(),
                          a.subject_kind() == v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_PLAN
                              ? p->plan.total_fen()
                              : p->paid_fen};
    }
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_DECISION:
    case v1::ANNOUNCEMENT_SUBJECT_DISPOSAL_RESULT: {
      const state::DisposalRecord* d = s.assets().FindDisposal(id);
      if (d == nullptr) return std::nullopt;
      const state::AssetRecord* asset = s.assets().FindAsset(d->application.asset_code());
      if (asset == nullptr) return std::nullopt;
      return SubjectFacts{asset->registration.location(), d->application.appraised_value_fen()};
    }
    default:
      return std::nullopt;
  }
}

int64_t Days(const std::string& date) {
  std::optional<state::CivilDate> d = state::ParseCivilDate(date);
  return d ? state::DaysFromCivil(*d) : 0;
}

// The payment lines of a plan, in log order, without names yet (MaskNoticeBoardNames adds them).
void AddResultLines(const state::DistributionState& d, const std::string& plan_id,
                    v1::Notice* notice) {
  const state::PlanRecord* plan = d.FindPlan(plan_id);
  if (plan == nullptr) return;
  for (const std::string& id : plan->payment_ids) {
    const state::DistributionPaymentRecord* r = d.FindPayment(id);
    if (r == nullptr) continue;
    for (const v1::DistributionPaymentLine& line : r->payment.lines()) {
      v1::NoticeLine* out = notice->add_lines();
      out->set_beneficiary_ref(line.beneficiary_ref());
      out->set_basis(line.basis());
      out->set_quantity(line.quantity());
      out->set_category(line.category());
      out->set_amount_fen(line.amount_fen());
      out->set_payment_date(r->payment.payment_date());
      out->set_index(r->index);
    }
  }
}

std::vector<v1::NoticeLine*> LinesOf(v1::NoticeBoard* board) {
  std::vector<v1::NoticeLine*> lines;
  for (auto* notices : {board->mutable_in_force(), board->mutable_past()}) {
    for (v1::Notice& n : *notices) {
      for (v1::NoticeLine& line : *n.mutable_lines()) lines.push_back(&line);
    }
  }
  return lines;
}

}  // namespace

absl::StatusOr<v1::NoticeBoard> NoticeBoard(const state::LedgerState& state,
                                            std::string_view division_view,
                                            std::string_view date_view) {
  const std::string division(division_view);
  const std::string date(date_view);
  if (!state::ParseCivilDate(date).has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("date \"", date, "\" is not a valid YYYY-MM-DD date"));
  }
  if (!IsDivisionCode(division) || !absl::StartsWith(division, state.division_code())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "division \"", division, "\" is not a division code of 6, 9 or 12 digits under ",
        state.division_code()));
  }
  v1::NoticeBoard board;
  board.set_division(division);
  board.set_date(date);
  std::vector<v1::Notice> in_force, past;
  for (const auto& [id, a] : state.distributions().announcements()) {
    const v1::Announcement& n = a.announcement;
    if (n.start_date() > date) continue;  // not posted yet on that day
    std::optional<SubjectFacts> facts = Subject(state, n);
    // The division's own notices and those of its township and county (a county plan's
    // notice concerns every village it pays).
    if (!facts || facts->location.empty() ||
        !(absl::StartsWith(facts->location, division) ||
          absl::StartsWith(division, facts->location))) {
      continue;
    }
    v1::Notice out;
    *out.mutable_announcement() = n;
    out.set_index(a.index);
    out.set_subject_location(facts->location);
    out.set_amount_fen(facts->amount_fen);
    if (n.subject_kind() == v1::ANNOUNCEMENT_SUBJECT_DISTRIBUTION_RESULT) {
      AddResultLines(state.distributions(), n.subject_id(), &out);
    }
    const bool running = date <= n.end_date();
    out.set_in_force(running);
    out.set_remaining_days(running ? Days(n.end_date()) - Days(date) + 1 : 0);
    (running ? in_force : past).push_back(std::move(out));
  }
  std::sort(in_force.begin(), in_force.end(), [](const v1::Notice& x, const v1::Notice& y) {
    if (x.announcement().start_date() != y.announcement().start_date()) {
      return x.announcement().start_date() < y.announcement().start_date();
    }
    return x.index() < y.index();
  });
  std::sort(past.begin(), past.end(), [](const v1::Notice& x, const v1::Notice& y) {
    if (x.announcement().end_date() != y.announcement().end_date()) {
      return x.announcement().end_date() > y.announcement().end_date();
    }
    return x.index() < y.index();
  });
  for (v1::Notice& n : in_force) *board.add_in_force() = std::move(n);
  for (v1::Notice& n : past) *board.add_past() = std::move(n);
  return board;
}

absl::Status MaskNoticeBoardNames(registry::RegistryStore* names, std::string_view origin,
                                  v1::NoticeBoard* board) {
  const std::vector<v1::NoticeLine*> lines = LinesOf(board);
  if (names == nullptr || lines.empty()) return absl::OkStatus();
  std::vector<std::string> refs;
  for (const v1::NoticeLine* line : lines) refs.push_back(line->beneficiary_ref());
  std::sort(refs.begin(), refs.end());
  refs.erase(std::unique(refs.begin(), refs.end()), refs.end());
  LEDGER_ASSIGN_OR_RETURN(const auto found, names->Names(origin, refs));
  for (v1::NoticeLine* line : lines) {
    auto it = found.find(line->beneficiary_ref());
    if (it == found.end()) continue;
    line->set_masked_name(registry::MaskName(it->second));
    line->set_erased(it->second.empty());
  }
  return absl::OkStatus();
}

}  // namespace ledger::views
