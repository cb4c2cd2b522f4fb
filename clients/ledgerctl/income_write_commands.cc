// ledgerctl income record, distribution plan|review|file|pay|result and announce: the signed
// income, distribution and announcement entries (proto/ledger/v1/income.proto; R19–R24). Amounts
// are typed in yuan and converted exactly to fen; documents (notices, results) are entered by
// their SHA-256; dates are "YYYY-MM-DD" and default to today in Shanghai. Parties use the syntax
// of asset_cli.h, allocations and payment lines that of income_cli.h. The reads are in
// income_commands.cc.

#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/income_cli.h"
#include "clients/ledgerctl/registry_cli.h"
#include "clients/ledgerctl/wording.h"
#include "clients/ledgerctl/write_flags.h"
#include "ledger/v1/income.pb.h"

namespace ledger::ledgerctl {

const char kAllocationSyntax[] = "<category>=<yuan>, e.g. public_welfare_post_wages=12,000.00";
const char kPaymentLineSyntax[] =
    "<beneficiary>:<basis>:<quantity>:<category>:<yuan>:<bank reference>, basis post (quantity: "
    "months), labour-days (days) or share (shares), e.g. "
    "H-0012:post:12:public_welfare_post_wages:3,000.00:BK-20260301-01";

absl::StatusOr<v1::DistributionAllocation> ParseAllocation(const std::string& text) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--allocation: \"", text, "\" is not ", kAllocationSyntax));
  }
  absl::StatusOr<int64_t> fen = ParseAmount("--allocation", text.substr(eq + 1));
  if (!fen.ok()) return fen.status();
  v1::DistributionAllocation a;
  a.set_category(text.substr(0, eq));
  a.set_amount_fen(*fen);
  return a;
}

absl::StatusOr<v1::DistributionPaymentLine> ParsePaymentLine(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return absl::InvalidArgumentError(
        absl::StrCat("--line: \"", text, "\" ", why, "; a line is ", kPaymentLineSyntax));
  };
  std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits(':', 5));
  if (parts.size() != 6) return bad("does not have six fields");
  for (const std::string& p : parts) {
    if (p.empty()) return bad("has an empty field");
  }
  v1::DistributionPaymentLine line;
  line.set_beneficiary_ref(parts[0]);
  absl::StatusOr<v1::DistributionBasis> basis = ParseEnumWord<v1::DistributionBasis>(
      v1::DistributionBasis_descriptor(), "DISTRIBUTION_BASIS_", parts[1]);
  if (!basis.ok()) return bad(absl::StrCat("has a bad basis: ", basis.status().message()));
  line.set_basis(*basis);
  uint32_t quantity = 0;
  if (!absl::SimpleAtoi(parts[2], &quantity) || quantity == 0) {
    return bad(absl::StrCat("has quantity \"", parts[2], "\", not a whole number above 0"));
  }
  line.set_quantity(quantity);
  line.set_category(parts[3]);
  absl::StatusOr<int64_t> fen = ParseAmount("--line", parts[4]);
  if (!fen.ok()) return bad(absl::StrCat("has a bad amount: ", fen.status().message()));
  line.set_amount_fen(*fen);
  line.set_bank_reference(parts[5]);
  return line;
}

std::string PlanStageLabel(v1::PlanStage s) {
  switch (s) {
    case v1::PLAN_STAGE_ADOPTED:
      return "已通过";
    case v1::PLAN_STAGE_REVIEWED:
      return "已审核";
    case v1::PLAN_STAGE_FILED:
      return "已备案";
    case v1::PLAN_STAGE_RESULTED:
      return "已公布结果";
    case v1::PLAN_STAGE_CLOSED:
      return "已终止";
    default:
      return "-";
  }
}

std::unique_ptr<v1::IncomeService::Stub> IncomeStub(CliContext& ctx) {
  return v1::IncomeService::NewStub(ctx.Channel());
}

namespace {

// --- income record --------------------------------------------------------------------------

struct RecordFlags {
  std::string id, code, from, to, gross, land_rent = "0", operation_cost = "0", other_cost = "0",
                                         net, owner, account, date;
  uint64_t kwh = 0;
};

int Record(CliContext& ctx, const RecordFlags& f) {
  const std::string what = "income record";
  v1::IncomeRecord body;
  body.set_income_id(f.id);
  body.set_asset_code(f.code);
  body.set_period_start(f.from);
  body.set_period_end(f.to);
  absl::StatusOr<int64_t> gross = ParseAmount("--gross", f.gross);
  if (!gross.ok()) return LocalError(gross.status(), what);
  absl::StatusOr<int64_t> rent = ParseAmount("--land-rent", f.land_rent);
  if (!rent.ok()) return LocalError(rent.status(), what);
  absl::StatusOr<int64_t> op = ParseAmount("--operation-cost", f.operation_cost);
  if (!op.ok()) return LocalError(op.status(), what);
  absl::StatusOr<int64_t> other = ParseAmount("--other-cost", f.other_cost);
  if (!other.ok()) return LocalError(other.status(), what);
  body.set_gross_income_fen(*gross);
  body.set_land_rent_fen(*rent);
  body.set_operation_cost_fen(*op);
  body.set_other_cost_fen(*other);
  if (f.net.empty()) {
    int64_t net = *gross;
    if (__builtin_sub_overflow(net, *rent, &net) || __builtin_sub_overflow(net, *op, &net) ||
        __builtin_sub_overflow(net, *other, &net)) {
      return LocalError(absl::InvalidArgumentError("--gross minus the costs overflows"), what);
    }
    body.set_net_income_fen(net);
  } else {
    absl::StatusOr<int64_t> net = ParseAmount("--net", f.net);
    if (!net.ok()) return LocalError(net.status(), what);
    body.set_net_income_fen(*net);
  }
  absl::StatusOr<v1::Party> owner = ParseParty("--owner", f.owner);
  if (!owner.ok()) return LocalError(owner.status(), what);
  *body.mutable_received_by() = *owner;
  body.set_account_name(f.account);
  body.set_received_date(DateOrToday(f.date));
  body.set_generation_kwh(f.kwh);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- distribution plan ----------------------------------------------------------------------

struct PlanFlags {
  std::string id, owner, from, to, criteria, resolution, meeting;
  std::vector<std::string> incomes, allocations;
  uint32_t attendance = 0, votes_for = 0, votes_against = 0;
};

int Plan(CliContext& ctx, const PlanFlags& f) {
  const std::string what = "distribution plan";
  v1::DistributionPlan body;
  body.set_plan_id(f.id);
  absl::StatusOr<v1::Party> owner = ParseParty("--owner", f.owner);
  if (!owner.ok()) return LocalError(owner.status(), what);
  *body.mutable_owner() = *owner;
  body.set_period_start(f.from);
  body.set_period_end(f.to);
  for (const std::string& id : f.incomes) body.add_income_ids(id);
  int64_t total = 0;
  for (const std::string& item : f.allocations) {
    absl::StatusOr<v1::DistributionAllocation> a = ParseAllocation(item);
    if (!a.ok()) return LocalError(a.status(), what);
    if (__builtin_add_overflow(total, a->amount_fen(), &total)) {
      return LocalError(absl::InvalidArgumentError("--allocation: the amounts overflow"), what);
    }
    *body.add_allocations() = *a;
  }
  body.set_total_fen(total);
  body.set_eligibility_criteria(f.criteria);
  if (static_cast<uint64_t>(f.votes_for) + f.votes_against > f.attendance) {
    return LocalError(absl::InvalidArgumentError(
                          absl::StrCat("--for ", f.votes_for, " and --against ", f.votes_against,
                                       " are more votes than --attendance ", f.attendance)),
                      what);
  }
  v1::VillageResolution* r = body.mutable_resolution();
  r->set_reference(f.resolution);
  r->set_meeting_date(DateOrToday(f.meeting));
  r->set_attendance(f.attendance);
  r->set_votes_for(f.votes_for);
  r->set_votes_against(f.votes_against);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- review, file ---------------------------------------------------------------------------

struct ReviewFlags {
  std::string id, opinion, date;
  bool approve = false, refuse = false;
};

int Review(CliContext& ctx, const ReviewFlags& f) {
  v1::DistributionReview body;
  body.set_plan_id(f.id);
  body.set_approved(f.approve);
  body.set_opinion(f.opinion);
  body.set_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), "distribution review");
}

struct FileFlags {
  std::string id, reference, date;
};

int File(CliContext& ctx, const FileFlags& f) {
  v1::DistributionFiling body;
  body.set_plan_id(f.id);
  body.set_filing_reference(f.reference);
  body.set_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), "distribution file");
}

// --- pay, result ----------------------------------------------------------------------------

struct PayFlags {
  std::string id, plan, date;
  std::vector<std::string> lines;
  bool allow_unregistered = false;
};

// Money paid to a mistyped reference cannot be taken back: every line's beneficiary must be a
// live row of the privacy registry. A signer that may not read the registry (a county project
// manager) is warned that the lines were not checked. Returns the exit code on a refusal.
std::optional<int> CheckBeneficiaries(CliContext& ctx, const v1::DistributionPayment& body,
                                      const std::string& what) {
  std::set<std::string> checked;
  for (int i = 0; i < body.lines_size(); ++i) {
    const std::string& ref = body.lines(i).beneficiary_ref();
    if (!checked.insert(ref).second) continue;
    v1::PersonQuery query;
    query.set_ref(ref);
    absl::StatusOr<v1::RegistryPerson> person = LookUpPerson(ctx, query);
    if (absl::IsPermissionDenied(person.status())) {
      std::cerr << "ledgerctl: " << what << ": warning: the lines were not checked against the "
                << "privacy registry (" << ForPeople(std::string(person.status().message()))
                << ")\n";
      return std::nullopt;
    }
    std::string why;
    if (absl::IsNotFound(person.status()) || absl::IsInvalidArgument(person.status())) {
      why = "is not in the privacy registry (a typo? `registry list` shows the references)";
    } else if (!person.ok()) {
      return ReportError(ctx, person.status(), what);
    } else if (person->erased()) {
      why = absl::StrCat("was erased from the privacy registry on ",
                         person->erased_at().substr(0, 10));
    } else {
      continue;
    }
    return LocalError(absl::FailedPreconditionError(absl::StrCat(
                          "--line ", i + 1, ": beneficiary ", ref, " ", why,
                          "; register the person first, or pass --allow-unregistered")),
                      what);
  }
  return std::nullopt;
}

int Pay(CliContext& ctx, const PayFlags& f) {
  const std::string what = "distribution pay";
  v1::DistributionPayment body;
  body.set_payment_id(f.id);
  body.set_plan_id(f.plan);
  for (const std::string& item : f.lines) {
    absl::StatusOr<v1::DistributionPaymentLine> line = ParsePaymentLine(item);
    if (!line.ok()) return LocalError(line.status(), what);
    *body.add_lines() = *line;
  }
  if (!f.allow_unregistered) {
    if (std::optional<int> refused = CheckBeneficiaries(ctx, body, what)) return *refused;
  }
  body.set_payment_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

struct ResultFlags {
  std::string plan, result_file, summary, date;
};

int Result(CliContext& ctx, const ResultFlags& f) {
  const std::string what = "distribution result";
  v1::DistributionResult body;
  body.set_plan_id(f.plan);
  absl::StatusOr<std::string> hash = HashFile("--result-file", f.result_file);
  if (!hash.ok()) return LocalError(hash.status(), what);
  body.set_result_hash(*hash);
  body.set_summary(f.summary);
  body.set_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

// --- announce -------------------------------------------------------------------------------

struct AnnounceFlags {
  std::string id, subject, subject_id, channel, notice_file, start, end;
};

int Announce(CliContext& ctx, const AnnounceFlags& f) {
  const std::string what = "announce";
  v1::Announcement body;
  body.set_announcement_id(f.id);
  auto subject = ParseWord<v1::AnnouncementSubject>(
      v1::AnnouncementSubject_descriptor(), "ANNOUNCEMENT_SUBJECT_", "--subject", f.subject);
  if (!subject.ok()) return LocalError(subject.status(), what);
  body.set_subject_kind(*subject);
  body.set_subject_id(f.subject_id);
  auto channel = ParseWord<v1::AnnouncementChannel>(
      v1::AnnouncementChannel_descriptor(), "ANNOUNCEMENT_CHANNEL_", "--channel", f.channel);
  if (!channel.ok()) return LocalError(channel.status(), what);
  body.set_channel(*channel);
  absl::StatusOr<std::string> hash = HashFile("--notice-file", f.notice_file);
  if (!hash.ok()) return LocalError(hash.status(), what);
  body.set_notice_hash(*hash);
  body.set_start_date(DateOrToday(f.start));
  body.set_end_date(f.end);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

}  // namespace

void AddIncomeWriteCommands(CLI::App& app, CLI::App* income, CLI::App* distribution,
                            Action* action) {
  auto rec = std::make_shared<RecordFlags>();
  CLI::App* record = income->add_subcommand(
      "record",
      "record an asset's income for a period (收益), booked to one of its owners' collective "
      "account; net income defaults to gross − land rent − operation cost − other costs (R19); "
      "an operational asset needs an operation contract covering the period (R17)\n"
      "  example: ledgerctl --key cun.key --principal cun-001 income record --id IN-2026-1 "
      "--code DZ-PV-001 --from 2026-01-01 --to 2026-06-30 --gross 48,000.00 "
      "--operation-cost 3,000.00 --owner village:341721001001:大山村股份经济合作社 "
      "--account 大山村集体经济账户 --kwh 300000 --date 2026-07-05");
  record->add_option("--id", rec->id, "income id, unique in the log")->required();
  record->add_option("--code", rec->code, "asset code")->required();
  record->add_option("--from", rec->from, "first day of the period, YYYY-MM-DD")->required();
  record->add_option("--to", rec->to, "last day of the period, YYYY-MM-DD")->required();
  record->add_option("--gross", rec->gross, "gross income in yuan (总收入)")->required();
  record->add_option("--land-rent", rec->land_rent, "land rent in yuan (土地租金)")
      ->capture_default_str();
  record
      ->add_option("--operation-cost", rec->operation_cost, "operation and maintenance (运维费用)")
      ->capture_default_str();
  record->add_option("--other-cost", rec->other_cost, "other necessary costs (其他必要费用)")
      ->capture_default_str();
  record->add_option("--net", rec->net, "net income in yuan (净收益; default: computed)");
  record
      ->add_option("--owner", rec->owner,
                   std::string("the owner that received it: ") + kPartySyntax)
      ->required();
  record->add_option("--account", rec->account, "receiving account name (收款账户名称)")
      ->required();
  record->add_option("--kwh", rec->kwh, "generation in kWh (发电量; photovoltaic assets)");
  AddDate(record, "--date", rec->date, "date received");
  SetFlagsAction(record, action, rec, Record);

  auto pl = std::make_shared<PlanFlags>();
  CLI::App* plan = distribution->add_subcommand(
      "plan",
      "record a distribution plan adopted by the owner's resolution (分配方案, 四议两公开): "
      "its total is the sum of its allocations (R19: at most the owner's available balance; "
      "R21: no prohibited category; R23: photovoltaic income keeps the policy share for "
      "public-welfare posts and labour). Signed by the owner unit itself (a village's "
      "accountant)\n"
      "  example: ledgerctl --key cun.key --principal cun-001 distribution plan --id DP-2026-1 "
      "--owner village:341721001001:大山村股份经济合作社 --from 2026-01-01 --to 2026-06-30 "
      "--income IN-2026-1 --allocation public_welfare_post_wages=36,000.00 "
      "--allocation small_public_works=9,000.00 --criteria 脱贫户和监测户中无劳动能力者 "
      "--resolution 大山村决〔2026〕5号 --meeting-date 2026-07-08 --attendance 35 --for 33 "
      "--against 1");
  plan->add_option("--id", pl->id, "plan id, unique in the log")->required();
  plan->add_option("--owner", pl->owner, std::string("the owner: ") + kPartySyntax)->required();
  plan->add_option("--from", pl->from, "first day of the period, YYYY-MM-DD")->required();
  plan->add_option("--to", pl->to, "last day of the period, YYYY-MM-DD")->required();
  plan->add_option("--income", pl->incomes, "an income id it distributes (repeat)")->required();
  plan->add_option("--allocation", pl->allocations,
                   std::string("one use of the money (repeat): ") + kAllocationSyntax +
                       "; categories public_welfare_post_wages, public_welfare_labour, "
                       "small_public_works, rewards_subsidies, maintenance_reserve, "
                       "collective_economy, relief")
      ->required();
  plan->add_option("--criteria", pl->criteria, "eligibility criteria (受益对象条件)")->required();
  plan->add_option("--resolution", pl->resolution, "resolution reference (决议文号)")->required();
  AddDate(plan, "--meeting-date", pl->meeting, "meeting date");
  plan->add_option("--attendance", pl->attendance, "attendance (到会人数)")->required();
  plan->add_option("--for", pl->votes_for, "votes for")->required();
  plan->add_option("--against", pl->votes_against, "votes against")->capture_default_str();
  SetFlagsAction(plan, action, pl, Plan);

  auto rv = std::make_shared<ReviewFlags>();
  CLI::App* review = distribution->add_subcommand(
      "review",
      "record the township's review of a plan (乡镇审核; township reviewers); --refuse closes "
      "the plan\n"
      "  example: ledgerctl --key xz.key --principal xz-001 distribution review --id DP-2026-1 "
      "--approve --opinion 同意 --date 2026-07-10");
  review->add_option("--id", rv->id, "plan id")->required();
  auto* rv_result = review->add_option_group("result", "the decision: --approve or --refuse");
  rv_result->add_flag("--approve", rv->approve, "the township agrees");
  rv_result->add_flag("--refuse", rv->refuse, "the township refuses (closes the plan)");
  rv_result->require_option(1);
  review->add_option("--opinion", rv->opinion, "opinion (审核意见)")->required();
  AddDate(review, "--date", rv->date, "review date");
  SetFlagsAction(review, action, rv, Review);

  auto fl = std::make_shared<FileFlags>();
  CLI::App* file = distribution->add_subcommand(
      "file",
      "record the county's filing of a reviewed plan (县级备案; a county project manager)\n"
      "  example: ledgerctl --key xzj.key --principal xzj distribution file --id DP-2026-1 "
      "--reference 东乡振备〔2026〕7号 --date 2026-07-12");
  file->add_option("--id", fl->id, "plan id")->required();
  file->add_option("--reference", fl->reference, "filing reference (备案号)")->required();
  AddDate(file, "--date", fl->date, "filing date");
  SetFlagsAction(file, action, fl, File);

  auto py = std::make_shared<PayFlags>();
  CLI::App* pay = distribution->add_subcommand(
      "pay",
      "record a payment under a filed plan (分配发放), after its announcement has ended (R20); "
      "per category at most its allocation (R19); a beneficiary once per plan and category "
      "(R24)\n"
      "  example: ledgerctl --key cun.key --principal cun-001 distribution pay --id PAY-1 "
      "--plan DP-2026-1 --line H-0012:post:12:public_welfare_post_wages:3,000.00:BK-0001 "
      "--line H-0031:labour-days:20:small_public_works:2,400.00:BK-0002 --date 2026-07-25");
  pay->add_option("--id", py->id, "payment id, unique in the log")->required();
  pay->add_option("--plan", py->plan, "plan id")->required();
  pay->add_option("--line", py->lines,
                  std::string("one payment line (repeat): ") + kPaymentLineSyntax +
                      "; the beneficiary is the reference `registry add` printed, and every line "
                      "is checked against the privacy registry before anything is signed")
      ->required();
  pay->add_flag("--allow-unregistered", py->allow_unregistered,
                "pay references that are not (or no longer) in the privacy registry");
  AddDate(pay, "--date", py->date, "payment date");
  SetFlagsAction(pay, action, py, Pay);

  auto rs = std::make_shared<ResultFlags>();
  CLI::App* result = distribution->add_subcommand(
      "result",
      "record the result of a plan (分配结果), entered by the SHA-256 of the result document; "
      "closes the plan to payments. Announce it afterwards (R20)\n"
      "  example: ledgerctl --key cun.key --principal cun-001 distribution result --plan "
      "DP-2026-1 --result-file 分配结果.pdf --summary 发放公益岗位工资 12 人 --date 2026-07-30");
  result->add_option("--plan", rs->plan, "plan id")->required();
  result->add_option("--result-file", rs->result_file, "the result document")->required();
  result->add_option("--summary", rs->summary, "summary (结果摘要)")->required();
  AddDate(result, "--date", rs->date, "result date");
  SetFlagsAction(result, action, rs, Result);

  auto an = std::make_shared<AnnounceFlags>();
  CLI::App* announce = app.add_subcommand(
      "announce",
      "record a public announcement (公告公示), entered by the SHA-256 of the notice; it must "
      "last at least the policy's notice_period_days (R11 projects, R20 distributions, R26 "
      "disposals). A project is paid (`disburse`) only after its before-notice (事前公示, "
      "--subject project-before) has ended, from the day after --end (R11)\n"
      "  example: ledgerctl --key xzj.key --principal xzj announce --id N-P1 --subject "
      "project-before --subject-id P1 --channel project-site --notice-file 实施前公示.pdf "
      "--start 2026-03-02 --end 2026-03-11\n"
      "  example: ledgerctl --key cun.key --principal cun-001 announce --id AN-1 --subject "
      "distribution-plan --subject-id DP-2026-1 --channel village-board --notice-file 公示.pdf "
      "--start 2026-07-13 --end 2026-07-22");
  announce->add_option("--id", an->id, "announcement id, unique in the log")->required();
  announce
      ->add_option("--subject", an->subject,
                   WordsOf(v1::AnnouncementSubject_descriptor(), "ANNOUNCEMENT_SUBJECT_"))
      ->required();
  announce
      ->add_option("--subject-id", an->subject_id,
                   "project id, asset code, plan id or "
                   "disposal id")
      ->required();
  announce
      ->add_option("--channel", an->channel,
                   WordsOf(v1::AnnouncementChannel_descriptor(), "ANNOUNCEMENT_CHANNEL_"))
      ->required();
  announce->add_option("--notice-file", an->notice_file, "the notice document")->required();
  AddDate(announce, "--start", an->start, "first day of the notice");
  announce->add_option("--end", an->end, "last day of the notice, YYYY-MM-DD")->required();
  SetFlagsAction(announce, action, an, Announce);
}

}  // namespace ledger::ledgerctl
