// ledgerctl fund receive, project register|step|approve|contract|accept, disburse, correct: the
// signed fund entries (proto/ledger/v1/funds.proto). `correct` reads the target from FundService.
// Amounts are typed in yuan ("1,234.56") and converted exactly to fen; files (vouchers, invoices,
// acceptance reports) are entered by their SHA-256; dates are "YYYY-MM-DD" and default to today in
// Shanghai.

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/bodies.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/write_flags.h"
#include "ledger/crypto/sha256.h"
#include "ledger/state/fund_state.h"
#include "ledger/util/money.h"
#include "ledger/v1/fund_service.grpc.pb.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::ledgerctl {
namespace {

constexpr char kSourcePrefix[] = "FUND_SOURCE_";
constexpr char kSourceWords[] =
    "central-linkage, provincial-linkage, municipal-linkage, county-linkage, "
    "integrated-agriculture, government-bond, east-west-cooperation, targeted-assistance, "
    "social-donation, loan, other";

absl::StatusOr<v1::FundSource> ParseSource(const std::string& flag, const std::string& word) {
  absl::StatusOr<v1::FundSource> s =
      ParseEnumWord<v1::FundSource>(v1::FundSource_descriptor(), kSourcePrefix, word);
  if (!s.ok()) return FlagError(flag, s.status());
  return *s;
}

// "central-linkage=600000.00" -> (source, fen).
absl::StatusOr<std::pair<v1::FundSource, int64_t>> ParseSourceAmount(const std::string& flag,
                                                                     const std::string& item) {
  const size_t eq = item.find('=');
  if (eq == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": \"", item, "\" is not source=yuan, e.g. central-linkage=600000.00"));
  }
  absl::StatusOr<v1::FundSource> source = ParseSource(flag, item.substr(0, eq));
  if (!source.ok()) return source.status();
  absl::StatusOr<int64_t> fen = ParseAmount(flag, item.substr(eq + 1));
  if (!fen.ok()) return fen.status();
  return std::make_pair(*source, *fen);
}

// --- fund receive ---------------------------------------------------------------------------

struct ReceiveFlags {
  std::string id;
  std::string source;
  uint32_t year = 0;
  std::string doc;
  std::string amount;
};

int FundReceive(CliContext& ctx, const ReceiveFlags& f) {
  const std::string what = "fund receive";
  v1::FundReceipt body;
  body.set_receipt_id(f.id);
  absl::StatusOr<v1::FundSource> source = ParseSource("--source", f.source);
  if (!source.ok()) return LocalError(source.status(), what);
  body.set_source(*source);
  body.set_year(f.year);
  body.set_document_number(f.doc);
  absl::StatusOr<int64_t> fen = ParseAmount("--amount", f.amount);
  if (!fen.ok()) return LocalError(fen.status(), what);
  body.set_amount_fen(*fen);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- project register -----------------------------------------------------------------------

struct RegisterFlags {
  std::string id;
  std::string name;
  std::string type;
  std::string location;
  std::string content;
  std::vector<std::string> planned;
  std::string implementer;
  std::string responsible;
  uint32_t households = 0;
};

int ProjectRegister(CliContext& ctx, const RegisterFlags& f) {
  const std::string what = "project register";
  v1::ProjectRegistration body;
  body.set_project_id(f.id);
  body.set_name(f.name);
  absl::StatusOr<v1::ProjectType> type =
      ParseEnumWord<v1::ProjectType>(v1::ProjectType_descriptor(), "PROJECT_TYPE_", f.type);
  if (!type.ok()) return LocalError(FlagError("--type", type.status()), what);
  body.set_type(*type);
  body.set_location(f.location);
  body.set_content(f.content);
  for (const std::string& item : f.planned) {
    auto line = ParseSourceAmount("--planned", item);
    if (!line.ok()) return LocalError(line.status(), what);
    v1::PlannedFunds* p = body.add_planned();
    p->set_source(line->first);
    p->set_amount_fen(line->second);
  }
  body.set_implementer(f.implementer);
  body.set_responsible_person(f.responsible);
  body.set_households_to_benefit(f.households);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- project step ---------------------------------------------------------------------------

struct StepFlags {
  std::string id;
  std::string step;
  std::string date;
};

int ProjectStep(CliContext& ctx, const StepFlags& f) {
  const std::string what = "project step";
  v1::ProjectStepRecord body;
  body.set_project_id(f.id);
  absl::StatusOr<v1::ProjectStep> step =
      ParseEnumWord<v1::ProjectStep>(v1::ProjectStep_descriptor(), "PROJECT_STEP_", f.step);
  if (!step.ok()) return LocalError(FlagError("--step", step.status()), what);
  body.set_step(*step);
  body.set_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- project approve ------------------------------------------------------------------------

struct ApproveFlags {
  std::string id;
  uint32_t year = 0;
  std::vector<std::string> lines;
  std::string body;
  bool adjustment = false;
  std::string reapproval_doc;
  std::string what = "project approve";  // or "project adjust"
};

int ProjectApprove(CliContext& ctx, const ApproveFlags& f) {
  const std::string& what = f.what;
  v1::PlanApproval body;
  body.set_project_id(f.id);
  body.set_year(f.year);
  for (const std::string& item : f.lines) {
    auto line = ParseSourceAmount("--line", item);
    if (!line.ok()) return LocalError(line.status(), what);
    v1::ApprovedLine* l = body.add_lines();
    l->set_source(line->first);
    l->set_amount_fen(line->second);
  }
  body.set_approving_body(f.body);
  body.set_adjustment(f.adjustment);
  body.set_reapproval_document(f.reapproval_doc);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// The options `project approve` and `project adjust` share.
void AddPlanApprovalOptions(CLI::App* cmd, ApproveFlags* f) {
  cmd->add_option("--id", f->id, "project id")->required();
  cmd->add_option("--year", f->year, "plan year, 2000..2099")->required();
  cmd->add_option("--line", f->lines,
                  "the new approved total of a source, source=yuan, e.g. "
                  "central-linkage=600000.00 (repeatable)")
      ->required();
  cmd->add_option("--body", f->body, "approving body (审批机关)")->required();
  cmd->add_option("--reapproval-doc", f->reapproval_doc,
                  "re-approval document (重新审批文号), for raising the total beyond the policy's "
                  "plan overrun (R3)");
}

// --- project contract -----------------------------------------------------------------------

struct ContractFlags {
  std::string id;
  std::string project;
  std::string payee;
  std::string amount;
  std::string tender;
  std::string signed_date;
  std::string start;
  std::string end;
  uint32_t advance_ceiling_bp = 0;
  uint32_t retention_bp = 0;
};

int ProjectContract(CliContext& ctx, const ContractFlags& f) {
  const std::string what = "project contract";
  v1::Contract body;
  body.set_contract_id(f.id);
  body.set_project_id(f.project);
  body.set_payee(f.payee);
  absl::StatusOr<int64_t> fen = ParseAmount("--amount", f.amount);
  if (!fen.ok()) return LocalError(fen.status(), what);
  body.set_amount_fen(*fen);
  body.set_tender_method(f.tender);
  body.set_signed_date(DateOrToday(f.signed_date));
  body.set_start_date(DateOrToday(f.start));
  body.set_end_date(DateOrToday(f.end));
  body.set_advance_ceiling_bp(f.advance_ceiling_bp);
  body.set_retention_bp(f.retention_bp);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- project accept -------------------------------------------------------------------------

struct AcceptFlags {
  std::string id;
  std::string project;
  std::string date;
  std::string result;
  std::string report_file;
};

int ProjectAccept(CliContext& ctx, const AcceptFlags& f) {
  const std::string what = "project accept";
  v1::Acceptance body;
  body.set_acceptance_id(f.id);
  body.set_project_id(f.project);
  body.set_date(DateOrToday(f.date));
  body.set_result(f.result);
  absl::StatusOr<std::string> hash = HashFile("--report-file", f.report_file);
  if (!hash.ok()) return LocalError(hash.status(), what);
  body.set_report_hash(*hash);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- disburse -------------------------------------------------------------------------------

}  // namespace

absl::StatusOr<v1::Disbursement> BuildDisbursement(const DisburseFlags& f) {
  v1::Disbursement body;
  body.set_payment_id(f.id);
  body.set_project_id(f.project);
  body.set_contract_id(f.contract);
  absl::StatusOr<v1::FundSource> source = ParseSource("--source", f.source);
  if (!source.ok()) return source.status();
  body.set_source(*source);
  absl::StatusOr<v1::DisbursementStage> stage = ParseEnumWord<v1::DisbursementStage>(
      v1::DisbursementStage_descriptor(), "DISBURSEMENT_STAGE_", f.stage);
  if (!stage.ok()) return FlagError("--stage", stage.status());
  body.set_stage(*stage);
  absl::StatusOr<int64_t> fen = ParseAmount("--amount", f.amount);
  if (!fen.ok()) return fen.status();
  body.set_amount_fen(*fen);
  body.set_payee(f.payee);
  body.set_spending_category(f.category);
  absl::StatusOr<std::string> voucher = HashFile("--voucher-file", f.voucher_file);
  if (!voucher.ok()) return voucher.status();
  body.set_voucher_hash(*voucher);
  absl::StatusOr<std::string> invoice = HashFile("--invoice-file", f.invoice_file);
  if (!invoice.ok()) return invoice.status();
  body.set_invoice_hash(*invoice);
  body.set_acceptance_id(f.acceptance);
  body.set_application_date(DateOrToday(f.applied));
  body.set_township_signoff_date(DateOrToday(f.signed_off));
  body.set_finance_approval_date(DateOrToday(f.approved));
  body.set_payment_date(DateOrToday(f.paid));
  return body;
}

namespace {

int Disburse(CliContext& ctx, const DisburseFlags& f) {
  absl::StatusOr<v1::Disbursement> body = BuildDisbursement(f);
  if (!body.ok()) return LocalError(body.status(), "disburse");
  return SignAndSubmit(ctx, *body, body->mutable_header(), "disburse");
}

// --- correct --------------------------------------------------------------------------------

struct CorrectFlags {
  std::string payment;
  std::string receipt;
  std::string entry_id;
  std::string reason;
  // Correcting an amount: the new amount, the new payment's id and date overrides.
  std::string amount;
  std::string new_payment_id;
  std::string applied;
  std::string signed_off;
  std::string approved;
  std::string paid;
};

std::unique_ptr<v1::FundService::Stub> FundStub(CliContext& ctx) {
  return v1::FundService::NewStub(ctx.Channel());
}

// The payment `payment_id` (GetPayment); kNotFound for an unknown payment.
absl::StatusOr<v1::PaymentDetail> LookUpPayment(CliContext& ctx, v1::FundService::Stub& stub,
                                                const std::string& payment_id) {
  v1::GetPaymentRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_payment_id(payment_id);
  v1::PaymentDetail detail;
  auto call = ctx.Client().NewContext();
  grpc::Status s = stub.GetPayment(call.get(), request, &detail);
  if (!s.ok()) return client::FromGrpc(s);
  return detail;
}

// The receipt `receipt_id`, found by paging through ListReceipts; kNotFound if no page has it.
absl::StatusOr<v1::ReceiptDetail> LookUpReceipt(CliContext& ctx, v1::FundService::Stub& stub,
                                                const std::string& receipt_id) {
  v1::ListReceiptsRequest request;
  request.set_origin(ctx.flags().origin);
  request.set_page_size(1000);
  do {
    v1::ListReceiptsResponse page;
    auto call = ctx.Client().NewContext();
    grpc::Status s = stub.ListReceipts(call.get(), request, &page);
    if (!s.ok()) return client::FromGrpc(s);
    for (const v1::ReceiptDetail& r : page.receipts()) {
      if (r.receipt().receipt_id() == receipt_id) return r;
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::NotFoundError(
      absl::StrCat("no receipt \"", receipt_id, "\" in log ", ctx.flags().origin));
}

// The id of the payment that replaces `payment_id`: "<base>-c<n>" with the first n (after the
// one `payment_id` already carries) that no payment has yet, e.g. D1 -> D1-c1, D1-c1 -> D1-c2.
absl::StatusOr<std::string> NextPaymentId(CliContext& ctx, v1::FundService::Stub& stub,
                                          const std::string& payment_id) {
  std::string base = payment_id;
  int n = 1;
  if (const size_t at = payment_id.rfind("-c");
      at != std::string::npos && at + 2 < payment_id.size() &&
      payment_id.find_first_not_of("0123456789", at + 2) == std::string::npos &&
      payment_id.size() - at - 2 <= 4) {
    base = payment_id.substr(0, at);
    n = std::stoi(payment_id.substr(at + 2)) + 1;
  }
  constexpr int kTriesMax = 100;
  for (int tries = 0; tries < kTriesMax; ++tries, ++n) {
    const std::string id = absl::StrCat(base, "-c", n);
    absl::StatusOr<v1::PaymentDetail> taken = LookUpPayment(ctx, stub, id);
    if (taken.status().code() == absl::StatusCode::kNotFound) return id;
    if (!taken.ok()) return taken.status();
  }
  return absl::FailedPreconditionError(absl::StrCat("no free payment id ", base, "-c<n> after ",
                                                    kTriesMax, " tries; pass --new-payment-id"));
}

absl::StatusOr<std::string> ParseEntryId(const std::string& hex) {
  std::string id;
  if (!crypto::FromHex(hex, &id) || id.size() != 16) {
    return absl::InvalidArgumentError(
        absl::StrCat("--entry-id: \"", hex,
                     "\" is not an entry id (32 hex digits, as printed when the entry was "
                     "appended)"));
  }
  return id;
}

// Correcting an amount (更正金额): the Reversal of the payment and a new Disbursement that copies
// it with the new amount, new id and any new dates, submitted together (reversal first) so that
// the new payment is checked against the limits with the old one's money back. Each entry is
// decided on its own: if the new payment is rejected, the reversal stands and the command says so.
int CorrectAmount(CliContext& ctx, const CorrectFlags& f, v1::FundService::Stub& stub,
                  const v1::PaymentDetail& original, v1::Reversal& reversal,
                  const std::string& corrects) {
  const std::string what = "correct";
  absl::StatusOr<int64_t> fen = ParseAmount("--amount", f.amount);
  if (!fen.ok()) return LocalError(fen.status(), what);
  if (original.reversed()) {
    return LocalError(absl::FailedPreconditionError(absl::StrCat(
                          "payment ", f.payment, " is already reversed (at index ",
                          original.reversal_index(), "); disburse the right amount instead")),
                      what);
  }
  std::string new_id = f.new_payment_id;
  if (new_id.empty()) {
    absl::StatusOr<std::string> next = NextPaymentId(ctx, stub, f.payment);
    if (!next.ok()) return ReportError(ctx, next.status(), what);
    new_id = *next;
  }
  v1::Disbursement replacement = original.disbursement();
  replacement.clear_header();
  replacement.set_payment_id(new_id);
  replacement.set_amount_fen(*fen);
  if (!f.applied.empty()) replacement.set_application_date(f.applied);
  if (!f.signed_off.empty()) replacement.set_township_signoff_date(f.signed_off);
  if (!f.approved.empty()) replacement.set_finance_approval_date(f.approved);
  if (!f.paid.empty()) replacement.set_payment_date(f.paid);

  absl::StatusOr<std::string> reversal_envelope =
      SignBody(ctx, reversal, reversal.mutable_header(), corrects);
  if (!reversal_envelope.ok()) return LocalError(reversal_envelope.status(), what);
  absl::StatusOr<std::string> replacement_envelope =
      SignBody(ctx, replacement, replacement.mutable_header());
  if (!replacement_envelope.ok()) return LocalError(replacement_envelope.status(), what);
  int exit_code = kExitOk;
  std::optional<Submitted> submitted =
      SubmitBatch(ctx, {*reversal_envelope, *replacement_envelope}, what, &exit_code);
  if (!submitted) return exit_code;
  const v1::SubmitResponse* response = &submitted->response;
  const int reversed =
      ReportResult(ctx, response->results(0), absl::StrCat("correct: reversal of ", f.payment),
                   submitted->verified_size);
  const int replaced =
      ReportResult(ctx, response->results(1),
                   absl::StrCat("correct: payment ", new_id, " of ", state::FormatYuan(*fen)),
                   submitted->verified_size);
  if (reversed == kExitOk && replaced != kExitOk) {
    std::cerr << "ledgerctl: correct: payment " << f.payment
              << " is reversed but its replacement was not appended; disburse again once the "
                 "problem is fixed\n";
  } else if (reversed != kExitOk && replaced == kExitOk) {
    std::cerr << "ledgerctl: correct: payment " << new_id << " was appended but " << f.payment
              << " was not reversed; reverse one of them\n";
  }
  if (!original.roster_id().empty() && replaced == kExitOk) {
    std::cout << "note: payment " << f.payment << " had the household roster "
              << original.roster_id() << "; import a roster for " << new_id << "\n";
  }
  return reversed != kExitOk ? reversed : replaced;
}

int Correct(CliContext& ctx, const CorrectFlags& f) {
  const std::string what = "correct";
  // Local mistakes first, before asking the server anything.
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return LocalError(s, what);
  if (absl::Status s = ctx.RequirePrincipal(); !s.ok()) return LocalError(s, what);
  if (absl::StatusOr<crypto::Ed25519PrivateKey> key = ctx.SigningKey(); !key.ok()) {
    return LocalError(key.status(), what);
  }
  const bool correct_amount = !f.amount.empty();
  if (f.payment.empty() && (correct_amount || !f.new_payment_id.empty() || !f.applied.empty() ||
                            !f.signed_off.empty() || !f.approved.empty() || !f.paid.empty())) {
    return LocalError(absl::InvalidArgumentError(
                          "--amount, --new-payment-id and the date flags correct a payment; "
                          "with --receipt, reverse the receipt and `fund receive` it again"),
                      what);
  }
  if (!correct_amount && (!f.new_payment_id.empty() || !f.applied.empty() ||
                          !f.signed_off.empty() || !f.approved.empty() || !f.paid.empty())) {
    return LocalError(absl::InvalidArgumentError(
                          "--new-payment-id and the date flags need --amount (the new amount)"),
                      what);
  }
  v1::Reversal body;
  if (!f.payment.empty()) {
    body.set_reversed_entry_kind(v1::REVERSED_ENTRY_KIND_DISBURSEMENT);
    body.set_target_id(f.payment);
  } else {
    body.set_reversed_entry_kind(v1::REVERSED_ENTRY_KIND_FUND_RECEIPT);
    body.set_target_id(f.receipt);
  }
  body.set_reason(f.reason);
  std::string corrects;
  if (!f.entry_id.empty()) {
    absl::StatusOr<std::string> id = ParseEntryId(f.entry_id);
    if (!id.ok()) return LocalError(id.status(), what);
    corrects = *id;
  }
  auto stub = FundStub(ctx);
  if (!f.payment.empty() && (corrects.empty() || correct_amount)) {
    absl::StatusOr<v1::PaymentDetail> payment = LookUpPayment(ctx, *stub, f.payment);
    if (!payment.ok()) return ReportError(ctx, payment.status(), what);
    if (corrects.empty()) corrects = payment->disbursement().header().entry_id();
    if (correct_amount) return CorrectAmount(ctx, f, *stub, *payment, body, corrects);
  } else if (corrects.empty()) {
    absl::StatusOr<v1::ReceiptDetail> receipt = LookUpReceipt(ctx, *stub, f.receipt);
    if (!receipt.ok()) return ReportError(ctx, receipt.status(), what);
    corrects = receipt->receipt().header().entry_id();
  }
  return SignAndSubmit(ctx, body, body.mutable_header(), what, corrects);
}

template <typename Flags, typename Fn>
void SetAction(CLI::App* cmd, Action* action, std::shared_ptr<Flags> flags, Fn fn) {
  cmd->callback(
      [action, flags, fn] { *action = [flags, fn](CliContext& ctx) { return fn(ctx, *flags); }; });
}

}  // namespace

void AddFundWriteCommands(CLI::App& app, CLI::App* fund, CLI::App* project, Action* action) {
  const std::string amount_help = "amount in yuan, e.g. 1,000,000.00 (exact to the fen)";

  auto rcv = std::make_shared<ReceiveFlags>();
  CLI::App* receive = fund->add_subcommand(
      "receive",
      "record funds received from a source (资金到账; fund managers)\n"
      "  example: ledgerctl --key fin.key --principal fin fund receive --id R-2026-01 "
      "--source central-linkage --year 2026 --doc \"财农〔2026〕1号\" --amount 1,000,000.00");
  receive->add_option("--id", rcv->id, "receipt id, [A-Za-z0-9._-]{1,64}")->required();
  receive->add_option("--source", rcv->source, kSourceWords)->required();
  receive->add_option("--year", rcv->year, "fund year (资金年度), 2000..2099")->required();
  receive->add_option("--doc", rcv->doc, "the allocation document number (下达文号)")->required();
  receive->add_option("--amount", rcv->amount, amount_help)->required();
  SetAction(receive, action, rcv, FundReceive);

  auto reg = std::make_shared<RegisterFlags>();
  CLI::App* register_cmd = project->add_subcommand(
      "register",
      "register a project in the project library (项目入库; project managers)\n"
      "  example: ledgerctl --key xzj.key --principal xzj project register --id P1 --name 光伏电站 "
      "--type industry --location 341721100201 --content \"村级光伏电站 100 kW\" "
      "--planned central-linkage=600000.00 --implementer 东至县乡村振兴局 --responsible 王五 "
      "--households 42");
  register_cmd->add_option("--id", reg->id, "project id, [A-Za-z0-9._-]{1,64}")->required();
  register_cmd->add_option("--name", reg->name, "project name (项目名称)")->required();
  register_cmd
      ->add_option("--type", reg->type,
                   "industry, infrastructure, employment, education, health, housing, other")
      ->required();
  register_cmd
      ->add_option("--location", reg->location, "division code of 6, 9 or 12 digits (建设地点)")
      ->required();
  register_cmd->add_option("--content", reg->content, "what is built (建设内容)")->required();
  register_cmd
      ->add_option("--planned", reg->planned,
                   "planned funds source=yuan, e.g. central-linkage=600000.00 (repeatable)")
      ->required();
  register_cmd->add_option("--implementer", reg->implementer, "implementing unit (实施单位)")
      ->required();
  register_cmd->add_option("--responsible", reg->responsible, "responsible person (责任人)")
      ->required();
  register_cmd->add_option("--households", reg->households, "households to benefit (带动农户数)");
  SetAction(register_cmd, action, reg, ProjectRegister);

  auto stp = std::make_shared<StepFlags>();
  CLI::App* step = project->add_subcommand(
      "step",
      "record one step of the project-library procedure, in order (入库步骤)\n"
      "  example: ledgerctl --key xzj.key --principal xzj project step --id P1 "
      "--step village-application --date 2026-03-01");
  step->add_option("--id", stp->id, "project id")->required();
  step->add_option("--step", stp->step,
                   "village-application, village-notice, township-review, county-approval")
      ->required();
  AddDate(step, "--date", stp->date, "the date of the step");
  SetAction(step, action, stp, ProjectStep);

  auto apr = std::make_shared<ApproveFlags>();
  CLI::App* approve = project->add_subcommand(
      "approve",
      "include a project in the annual plan or adjust it (年度计划批复; project managers); each "
      "--line sets the new approved total of its source\n"
      "  example: ledgerctl --key xzj.key --principal xzj project approve --id P1 --year 2026 "
      "--line central-linkage=600000.00 --body 县乡村振兴领导小组");
  AddPlanApprovalOptions(approve, apr.get());
  approve->add_flag("--adjustment", apr->adjustment,
                    "a plan adjustment (计划调整); every approval after the first");
  SetAction(approve, action, apr, ProjectApprove);

  // `project adjust`: `project approve --adjustment`, as the clerk calls it (计划调整).
  auto adj = std::make_shared<ApproveFlags>();
  adj->adjustment = true;
  adj->what = "project adjust";
  CLI::App* adjust = project->add_subcommand(
      "adjust",
      "adjust a project's annual plan (计划调整; project managers): each --line sets the new "
      "approved total of its source, other sources keep theirs; raising the total more than the "
      "policy's plan overrun above the first approval needs --reapproval-doc (R3, 批小建大)\n"
      "  example: ledgerctl --key xzj.key --principal xzj project adjust --id P1 --year 2026 "
      "--line central-linkage=650000.00 --body 县乡村振兴领导小组 --reapproval-doc "
      "东乡振〔2026〕9号");
  AddPlanApprovalOptions(adjust, adj.get());
  SetAction(adjust, action, adj, ProjectApprove);

  auto con = std::make_shared<ContractFlags>();
  CLI::App* contract = project->add_subcommand(
      "contract",
      "record a contract of a project (合同; project managers)\n"
      "  example: ledgerctl --key xzj.key --principal xzj project contract --id C1 --project P1 "
      "--payee 某某电力公司 --amount 500,000.00 --tender 公开招标 --signed 2026-04-01 "
      "--start 2026-04-10 --end 2026-09-30 --advance-ceiling-bp 3000 --retention-bp 1000");
  contract->add_option("--id", con->id, "contract id, [A-Za-z0-9._-]{1,64}")->required();
  contract->add_option("--project", con->project, "project id")->required();
  contract->add_option("--payee", con->payee, "the contractor (乙方)")->required();
  contract->add_option("--amount", con->amount, amount_help)->required();
  contract->add_option("--tender", con->tender, "procurement method (采购方式), e.g. 公开招标")
      ->required();
  AddDate(contract, "--signed", con->signed_date, "signing date (签订日期)");
  AddDate(contract, "--start", con->start, "start of works (开工日期)");
  AddDate(contract, "--end", con->end, "end of works (竣工日期)");
  contract
      ->add_option("--advance-ceiling-bp", con->advance_ceiling_bp,
                   "advance payment ceiling in basis points, 3000 = 30% (预付款比例)")
      ->capture_default_str();
  contract
      ->add_option("--retention-bp", con->retention_bp,
                   "retention in basis points, 1000 = 10% (质保金比例)")
      ->capture_default_str();
  SetAction(contract, action, con, ProjectContract);

  auto acc = std::make_shared<AcceptFlags>();
  CLI::App* accept = project->add_subcommand(
      "accept",
      "record the acceptance of a project's works (验收; project managers); the report is "
      "entered by its SHA-256\n"
      "  example: ledgerctl --key xzj.key --principal xzj project accept --id A1 --project P1 "
      "--date 2026-10-08 --result 合格 --report-file 验收报告.pdf");
  accept->add_option("--id", acc->id, "acceptance id, [A-Za-z0-9._-]{1,64}")->required();
  accept->add_option("--project", acc->project, "project id")->required();
  AddDate(accept, "--date", acc->date, "acceptance date");
  accept->add_option("--result", acc->result, "conclusion (验收结论), e.g. 合格")->required();
  accept->add_option("--report-file", acc->report_file, "the acceptance report (验收报告)")
      ->required();
  SetAction(accept, action, acc, ProjectAccept);

  auto dis = std::make_shared<DisburseFlags>();
  CLI::App* disburse = app.add_subcommand(
      "disburse",
      "record a payment of a project under a contract (拨付/报账; fund managers); voucher and "
      "invoices are entered by their SHA-256. The project's before-notice (事前公示, `announce "
      "--subject project-before`) must have ended before the payment date (R11)\n"
      "  example: ledgerctl --key fin.key --principal fin disburse --id D1 --project P1 "
      "--contract C1 --source central-linkage --stage advance --amount 150,000.00 "
      "--payee 某某电力公司 --category construction --voucher-file 凭证.pdf "
      "--invoice-file 发票.pdf");
  disburse->add_option("--id", dis->id, "payment id, [A-Za-z0-9._-]{1,64}")->required();
  disburse->add_option("--project", dis->project, "project id")->required();
  disburse->add_option("--contract", dis->contract, "contract id (of the project)")->required();
  disburse->add_option("--source", dis->source, kSourceWords)->required();
  disburse->add_option("--stage", dis->stage, "advance, progress, final, retention-release")
      ->required();
  disburse->add_option("--amount", dis->amount, amount_help)->required();
  disburse->add_option("--payee", dis->payee, "who is paid (收款人)")->required();
  disburse->add_option("--category", dis->category, "spending category code (支出类别)")
      ->required();
  disburse->add_option("--voucher-file", dis->voucher_file, "the payment voucher")->required();
  disburse->add_option("--invoice-file", dis->invoice_file, "the invoices")->required();
  disburse->add_option("--acceptance", dis->acceptance,
                       "acceptance id; required for final and retention-release");
  AddDate(disburse, "--applied", dis->applied, "application date (报账申请日期)");
  AddDate(disburse, "--signed-off", dis->signed_off, "township sign-off date (乡镇审核日期)");
  AddDate(disburse, "--approved", dis->approved, "finance approval date (财政审批日期)");
  AddDate(disburse, "--paid", dis->paid, "payment date (支付日期)");
  SetAction(disburse, action, dis, Disburse);

  auto cor = std::make_shared<CorrectFlags>();
  CLI::App* correct = app.add_subcommand(
      "correct",
      "reverse a payment or a receipt (冲销; fund managers); the target's entry id is looked up "
      "on the server (--entry-id overrides it). With --amount, correct a payment's amount "
      "(更正金额): the reversal and a copy of the payment with the new amount and a new id "
      "(default <payment>-c1, or the next free suffix), submitted together, the reversal first. "
      "Each is decided on its own: if the new payment is rejected (e.g. R3), the reversal stands; "
      "fix the amount and record the replacement with `disburse`.\n"
      "  example: ledgerctl --key fin.key --principal fin correct --payment D1 "
      "--reason \"金额录入错误\"\n"
      "  example: ledgerctl --key fin.key --principal fin correct --payment D1 "
      "--amount 120,000.00 --reason \"金额录入错误\"");
  auto* target =
      correct->add_option_group("target", "what to correct: --payment, --receipt or --entry-id");
  target->add_option("--payment", cor->payment, "the payment id to reverse");
  target->add_option("--receipt", cor->receipt, "the receipt id to reverse");
  target->require_option(1);
  correct->add_option("--entry-id", cor->entry_id,
                      "the target entry's entry id (hex); default: looked up on the server");
  correct->add_option("--reason", cor->reason, "why (冲销原因)")->required();
  correct->add_option("--amount", cor->amount,
                      "the payment's right amount in yuan: reverse it and pay this instead");
  correct->add_option("--new-payment-id", cor->new_payment_id,
                      "with --amount: the new payment's id (default <payment>-c1, or the next "
                      "free suffix)");
  correct->add_option("--applied", cor->applied,
                      "with --amount: new application date (default: the original's)");
  correct->add_option("--signed-off", cor->signed_off,
                      "with --amount: new township sign-off date (default: the original's)");
  correct->add_option("--approved", cor->approved,
                      "with --amount: new finance approval date (default: the original's)");
  correct->add_option("--paid", cor->paid,
                      "with --amount: new payment date (default: the original's)");
  SetAction(correct, action, cor, Correct);
}

}  // namespace ledger::ledgerctl
