#include "bench/workload.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "ledger/state/civil_date.h"
#include "ledger/v1/entry.pb.h"
#include "ledger/v1/funds.pb.h"
#include "ledger/v1/income.pb.h"

namespace ledger::bench {
namespace {

constexpr char kAdmin[] = "admin";
constexpr char kFinance[] = "fin-bench";
constexpr char kProjects[] = "xzj-bench";
constexpr char kVillage[] = "001001";  // appended to the county's code
constexpr v1::FundSource kSource = v1::FUND_SOURCE_CENTRAL_LINKAGE;
// C1 pays at most 99 fen per disbursement; approved and received cover it.
constexpr int64_t kContractFen = 99 * static_cast<int64_t>(Workload::kMaxDisbursements);

v1::Principal MakePrincipal(const std::string& id, const std::string& name, v1::PrincipalKind kind,
                            const std::string& scope, v1::Role role) {
  v1::Principal p;
  p.set_principal_id(id);
  p.set_name(name);
  p.set_kind(kind);
  p.set_scope(scope);
  p.add_roles(role);
  return p;
}

std::string Sign(const google::protobuf::Message& body, const crypto::Ed25519PrivateKey& key) {
  absl::StatusOr<std::string> envelope = entries::SignEntry(body, key);
  if (!envelope.ok()) {
    // Only a body the builder cannot serialize fails; the bench's bodies are fixed.
    std::abort();
  }
  return *std::move(envelope);
}

}  // namespace

Workload::Workload(std::string origin)
    : origin_(std::move(origin)),
      division_code_(origin_.substr(origin_.rfind('/') + 1)),
      today_(entries::TodayInShanghai()),
      admin_(crypto::Ed25519PrivateKey::Generate()),
      finance_(crypto::Ed25519PrivateKey::Generate()),
      projects_(crypto::Ed25519PrivateKey::Generate()) {}

std::string Workload::Day(int offset) const {
  const state::CivilDate today = *state::ParseCivilDate(today_);
  return state::FormatCivilDate(state::CivilFromDays(state::DaysFromCivil(today) + offset));
}

std::vector<std::string> Workload::Setup(const std::string& verifier_key) const {
  std::vector<std::string> out;
  const std::string village = division_code_ + kVillage;
  auto header = [&](const char* principal) {
    return entries::MakeHeader(origin_, principal, today_);
  };

  v1::Genesis genesis;
  *genesis.mutable_header() = header(kAdmin);
  genesis.set_division_code(division_code_);
  genesis.set_division_name("基准县");
  *genesis.mutable_administrator() = MakePrincipal(
      kAdmin, "管理员", v1::PRINCIPAL_KIND_ADMINISTRATOR, division_code_, v1::ROLE_ADMINISTRATOR);
  genesis.set_administrator_public_key(admin_.public_key().bytes());
  genesis.set_checkpoint_verifier_key(verifier_key);
  out.push_back(Sign(genesis, admin_));

  const std::pair<v1::Principal, const crypto::Ed25519PrivateKey*> people[] = {
      {MakePrincipal(kFinance, "基准县财政局", v1::PRINCIPAL_KIND_FINANCE_BUREAU, division_code_,
                     v1::ROLE_FUND_MANAGER),
       &finance_},
      {MakePrincipal(kProjects, "基准县乡村振兴局", v1::PRINCIPAL_KIND_RURAL_REVITALIZATION_BUREAU,
                     division_code_, v1::ROLE_PROJECT_MANAGER),
       &projects_}};
  for (const auto& [principal, key] : people) {
    v1::RegisterPrincipal add;
    *add.mutable_header() = header(kAdmin);
    *add.mutable_principal() = principal;
    out.push_back(Sign(add, admin_));
    v1::RegisterKey add_key;
    *add_key.mutable_header() = header(kAdmin);
    add_key.set_principal_id(principal.principal_id());
    add_key.set_public_key(key->public_key().bytes());
    out.push_back(Sign(add_key, admin_));
  }

  const uint32_t year = static_cast<uint32_t>(std::atoi(today_.substr(0, 4).c_str()));
  v1::FundReceipt receipt;
  *receipt.mutable_header() = header(kFinance);
  receipt.set_receipt_id("R-1");
  receipt.set_source(kSource);
  receipt.set_year(year);
  receipt.set_document_number("财农〔2026〕1号");
  receipt.set_amount_fen(kContractFen);
  out.push_back(Sign(receipt, finance_));

  v1::ProjectRegistration project;
  *project.mutable_header() = header(kProjects);
  project.set_project_id("P1");
  project.set_name("村道硬化");
  project.set_type(v1::PROJECT_TYPE_INFRASTRUCTURE);
  project.set_location(village);
  project.set_content("硬化村道 2 公里");
  v1::PlannedFunds* planned = project.add_planned();
  planned->set_source(kSource);
  planned->set_amount_fen(kContractFen);
  project.set_implementer("镇人民政府");
  project.set_responsible_person("张三");
  project.set_households_to_benefit(120);
  out.push_back(Sign(project, projects_));

  const std::pair<v1::ProjectStep, int> steps[] = {{v1::PROJECT_STEP_VILLAGE_APPLICATION, -60},
                                                   {v1::PROJECT_STEP_VILLAGE_NOTICE, -50},
                                                   {v1::PROJECT_STEP_TOWNSHIP_REVIEW, -40},
                                                   {v1::PROJECT_STEP_COUNTY_APPROVAL, -30}};
  for (const auto& [step, day] : steps) {
    v1::ProjectStepRecord record;
    *record.mutable_header() = header(kProjects);
    record.set_project_id("P1");
    record.set_step(step);
    record.set_date(Day(day));
    out.push_back(Sign(record, projects_));
  }

  v1::PlanApproval approval;
  *approval.mutable_header() = entries::MakeHeader(origin_, kProjects, Day(-28));
  approval.set_project_id("P1");
  approval.set_year(year);
  v1::ApprovedLine* line = approval.add_lines();
  line->set_source(kSource);
  line->set_amount_fen(kContractFen);
  approval.set_approving_body("县乡村振兴领导小组");
  out.push_back(Sign(approval, projects_));

  v1::Contract contract;
  *contract.mutable_header() = header(kProjects);
  contract.set_contract_id("C1");
  contract.set_project_id("P1");
  contract.set_payee("某建设公司");
  contract.set_amount_fen(kContractFen);
  contract.set_tender_method("公开招标");
  contract.set_signed_date(Day(-27));
  contract.set_start_date(Day(-26));
  contract.set_end_date(Day(300));
  contract.set_advance_ceiling_bp(3000);
  contract.set_retention_bp(300);
  out.push_back(Sign(contract, projects_));

  v1::Announcement notice;
  *notice.mutable_header() = header(kProjects);
  notice.set_announcement_id("N-P1");
  notice.set_subject_kind(v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE);
  notice.set_subject_id("P1");
  notice.set_channel(v1::ANNOUNCEMENT_CHANNEL_VILLAGE_BOARD);
  notice.set_notice_hash(std::string(32, 'n'));
  notice.set_start_date(Day(-25));
  notice.set_end_date(Day(-15));
  out.push_back(Sign(notice, projects_));
  return out;
}

std::string Workload::Disbursement(uint64_t n) const {
  v1::Disbursement body;
  *body.mutable_header() = entries::MakeHeader(origin_, kFinance, today_);
  body.set_payment_id(absl::StrCat("PAY-", n));
  body.set_project_id("P1");
  body.set_contract_id("C1");
  body.set_source(kSource);
  body.set_stage(v1::DISBURSEMENT_STAGE_PROGRESS);
  body.set_amount_fen(1 + static_cast<int64_t>(n % 99));
  body.set_payee("某建设公司");
  body.set_spending_category("construction");
  body.set_voucher_hash(std::string(32, 'v'));
  body.set_invoice_hash(std::string(32, 'i'));
  body.set_application_date(Day(-4));
  body.set_township_signoff_date(Day(-3));
  body.set_finance_approval_date(Day(-2));
  body.set_payment_date(Day(-1));
  return Sign(body, finance_);
}

std::vector<std::string> Workload::Disbursements(uint64_t begin, size_t count,
                                                 sequencer::WorkerPool& pool) const {
  std::vector<std::string> out(count);
  pool.ParallelFor(count, [&](size_t i) { out[i] = Disbursement(begin + i); });
  return out;
}

}  // namespace ledger::bench
