// ledgerctl disposal apply|decide|review|approve|notice|complete: the disposal approval chain
// (处置, DOMAIN §2.8, §6.5; R26). Each step is a signed entry by the role the chain needs: the
// application, notice and completion by a project manager or village accountant, each owner
// unit's decision by a principal whose scope is exactly that unit, the review by the township,
// the two approvals by the county's department (project manager) and finance bureau (fund
// manager). `disposal show` is in asset_commands.cc.

#include <string>

#include "absl/strings/str_cat.h"
#include "clients/entries/entry_builder.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/write_flags.h"
#include "ledger/util/money.h"
#include "ledger/v1/assets.pb.h"

namespace ledger::ledgerctl {
namespace {

struct ApplyFlags {
  std::string id, code, trigger, method, explanation, valuation, appraised = "0", date;
};

int Apply(CliContext& ctx, const ApplyFlags& f) {
  const std::string what = "disposal apply";
  v1::DisposalApplication body;
  body.set_disposal_id(f.id);
  body.set_asset_code(f.code);
  auto trigger = ParseWord<v1::DisposalTrigger>(v1::DisposalTrigger_descriptor(),
                                                "DISPOSAL_TRIGGER_", "--trigger", f.trigger);
  if (!trigger.ok()) return LocalError(trigger.status(), what);
  body.set_trigger(*trigger);
  auto method = ParseWord<v1::DisposalMethod>(v1::DisposalMethod_descriptor(), "DISPOSAL_METHOD_",
                                              "--method", f.method);
  if (!method.ok()) return LocalError(method.status(), what);
  body.set_method(*method);
  body.set_explanation(f.explanation);
  body.set_valuation_reference(f.valuation);
  absl::StatusOr<int64_t> appraised = ParseAmount("--appraised", f.appraised);
  if (!appraised.ok()) return LocalError(appraised.status(), what);
  body.set_appraised_value_fen(*appraised);
  body.set_application_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

struct DecideFlags {
  std::string id, division, resolution, date;
  uint32_t attendance = 0, votes_for = 0, votes_against = 0;
  bool not_adopted = false;
};

int Decide(CliContext& ctx, const DecideFlags& f) {
  const std::string what = "disposal decide";
  v1::DisposalDecision body;
  body.set_disposal_id(f.id);
  body.set_owner_division(f.division);
  body.set_resolution_reference(f.resolution);
  body.set_meeting_date(DateOrToday(f.date));
  if (static_cast<uint64_t>(f.votes_for) + f.votes_against > f.attendance) {
    return LocalError(absl::InvalidArgumentError(
                          absl::StrCat("--for ", f.votes_for, " and --against ", f.votes_against,
                                       " are more votes than --attendance ", f.attendance)),
                      what);
  }
  if (uint64_t{f.votes_for} * 2 <= f.attendance && !f.not_adopted) {
    return LocalError(
        absl::InvalidArgumentError(absl::StrCat(
            "this resolution is not adopted (", f.votes_for, " of ", f.attendance,
            " for, more than half needed); recording it closes disposal ", f.id,
            " for good. Check the numbers, or pass --not-adopted to record the refusal")),
        what);
  }
  body.set_attendance(f.attendance);
  body.set_votes_for(f.votes_for);
  body.set_votes_against(f.votes_against);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

struct ReviewFlags {
  std::string id, opinion, date;
  bool approve = false, refuse = false;
};

int Review(CliContext& ctx, const ReviewFlags& f) {
  const std::string what = "disposal review";
  v1::DisposalReview body;
  body.set_disposal_id(f.id);
  body.set_approved(f.approve);
  body.set_opinion(f.opinion);
  body.set_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

struct ApproveFlags {
  std::string id, authority, document, date;
  bool approve = false, refuse = false;
};

int Approve(CliContext& ctx, const ApproveFlags& f) {
  const std::string what = "disposal approve";
  v1::DisposalApproval body;
  body.set_disposal_id(f.id);
  auto authority = ParseWord<v1::ApprovalAuthority>(
      v1::ApprovalAuthority_descriptor(), "APPROVAL_AUTHORITY_", "--authority", f.authority);
  if (!authority.ok()) return LocalError(authority.status(), what);
  body.set_authority(*authority);
  body.set_approved(f.approve);
  body.set_document(f.document);
  body.set_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

struct NoticeFlags {
  std::string id, channel, notice_file, start, end;
};

int Notice(CliContext& ctx, const NoticeFlags& f) {
  const std::string what = "disposal notice";
  v1::DisposalNotice body;
  body.set_disposal_id(f.id);
  body.set_channel(f.channel);
  absl::StatusOr<std::string> hash = HashFile("--notice-file", f.notice_file);
  if (!hash.ok()) return LocalError(hash.status(), what);
  body.set_notice_hash(*hash);
  body.set_start_date(DateOrToday(f.start));
  body.set_end_date(f.end);
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

struct CompleteFlags {
  std::string id, counterparty, venue, price = "0", justification, proceeds = "0", project, date;
};

int Complete(CliContext& ctx, const CompleteFlags& f) {
  const std::string what = "disposal complete";
  v1::DisposalCompletion body;
  body.set_disposal_id(f.id);
  body.set_counterparty(f.counterparty);
  body.set_venue(f.venue);
  absl::StatusOr<int64_t> price = ParseAmount("--price", f.price);
  if (!price.ok()) return LocalError(price.status(), what);
  body.set_price_fen(*price);
  body.set_price_justification(f.justification);
  absl::StatusOr<int64_t> proceeds = ParseAmount("--proceeds", f.proceeds);
  if (!proceeds.ok()) return LocalError(proceeds.status(), what);
  body.set_proceeds_fen(*proceeds);
  body.set_reinvestment_project_id(f.project);
  body.set_completion_date(DateOrToday(f.date));
  return SignAndSubmit(ctx, body, body.mutable_header(), what);
}

}  // namespace

void AddDisposalWriteCommands(CLI::App* disposal, Action* action) {
  auto apl = std::make_shared<ApplyFlags>();
  CLI::App* apply = disposal->add_subcommand(
      "apply",
      "open a disposal of an asset (处置申请): the first step of the chain. R26: a valuation "
      "reference when the original value reaches the policy's threshold\n"
      "  example: ledgerctl --key cun.key --principal cun-001 disposal apply --id DP-1 "
      "--code DZ-PV-001 --trigger natural-disaster --method loss-write-off "
      "--valuation 东至评〔2026〕8号 --appraised 20,000.00 --date 2026-08-01");
  apply->add_option("--id", apl->id, "disposal id, unique in the log")->required();
  apply->add_option("--code", apl->code, "asset code")->required();
  apply
      ->add_option("--trigger", apl->trigger,
                   WordsOf(v1::DisposalTrigger_descriptor(), "DISPOSAL_TRIGGER_"))
      ->required();
  apply
      ->add_option("--method", apl->method,
                   "auction (拍卖), transfer (转让), change-of-use (转产), suspension (报停), "
                   "loss-write-off (报损), scrapping (报废)")
      ->required();
  apply->add_option("--explanation", apl->explanation, "required for --trigger other");
  apply->add_option("--valuation", apl->valuation, "valuation report reference (评估报告)");
  apply->add_option("--appraised", apl->appraised, "appraised value in yuan (评估价值)")
      ->capture_default_str();
  AddDate(apply, "--date", apl->date, "application date");
  SetFlagsAction(apply, action, apl, Apply);

  auto dec = std::make_shared<DecideFlags>();
  CLI::App* decide = disposal->add_subcommand(
      "decide",
      "record one owner unit's decision (处置决议, 村民代表大会): one per owner village (or "
      "county/township owner), signed by a principal whose scope is exactly that unit; adopted "
      "when more than half of attendance votes for\n"
      "  example: ledgerctl --key cun.key --principal cun-001 disposal decide --id DP-1 "
      "--division 341721001001 --resolution 大山村决〔2026〕3号 --attendance 35 --for 33 "
      "--against 1 --date 2026-08-05");
  decide->add_option("--id", dec->id, "disposal id")->required();
  decide->add_option("--division", dec->division, "the owner unit's division code")->required();
  decide->add_option("--resolution", dec->resolution, "resolution reference (决议文号)")
      ->required();
  AddDate(decide, "--date", dec->date, "meeting date");
  decide->add_option("--attendance", dec->attendance, "attendance (到会人数)")->required();
  decide->add_option("--for", dec->votes_for, "votes for")->required();
  decide->add_flag("--not-adopted", dec->not_adopted,
                   "record a resolution that was not adopted (it closes the disposal)");
  decide->add_option("--against", dec->votes_against, "votes against")->capture_default_str();
  SetFlagsAction(decide, action, dec, Decide);

  auto rev = std::make_shared<ReviewFlags>();
  CLI::App* review = disposal->add_subcommand(
      "review",
      "record the township's review (乡镇审核; township reviewers); --refuse closes the "
      "disposal\n"
      "  example: ledgerctl --key xz.key --principal xz-001 disposal review --id DP-1 --approve "
      "--opinion 情况属实，同意报损 --date 2026-08-08");
  review->add_option("--id", rev->id, "disposal id")->required();
  auto* rev_result = review->add_option_group("result", "the decision: --approve or --refuse");
  rev_result->add_flag("--approve", rev->approve, "the township agrees");
  rev_result->add_flag("--refuse", rev->refuse, "the township refuses (closes the disposal)");
  rev_result->require_option(1);
  review->add_option("--opinion", rev->opinion, "opinion (审核意见)")->required();
  AddDate(review, "--date", rev->date, "review date");
  SetFlagsAction(review, action, rev, Review);

  auto apr = std::make_shared<ApproveFlags>();
  CLI::App* approve = disposal->add_subcommand(
      "approve",
      "record one of the two county approvals (县级审批): --authority department by a county "
      "project manager, --authority finance by the finance bureau; --refuse closes the "
      "disposal\n"
      "  example: ledgerctl --key fin.key --principal fin disposal approve --id DP-1 "
      "--authority finance --approve --document 东财资〔2026〕12号 --date 2026-08-12");
  approve->add_option("--id", apr->id, "disposal id")->required();
  approve->add_option("--authority", apr->authority, "department (主管部门) or finance (财政局)")
      ->required();
  auto* apr_result = approve->add_option_group("result", "the decision: --approve or --refuse");
  apr_result->add_flag("--approve", apr->approve, "granted");
  apr_result->add_flag("--refuse", apr->refuse, "refused (closes the disposal)");
  apr_result->require_option(1);
  approve->add_option("--document", apr->document, "approval document (批复文号)")->required();
  AddDate(approve, "--date", apr->date, "approval date");
  SetFlagsAction(approve, action, apr, Approve);

  auto ntc = std::make_shared<NoticeFlags>();
  CLI::App* notice = disposal->add_subcommand(
      "notice",
      "record the public notice of the approved disposal (处置公示); the notice is entered by "
      "its SHA-256 and must last at least the policy's notice_period_days\n"
      "  example: ledgerctl --key cun.key --principal cun-001 disposal notice --id DP-1 "
      "--channel 村务公开栏 --notice-file 公示.pdf --start 2026-08-13 --end 2026-08-22");
  notice->add_option("--id", ntc->id, "disposal id")->required();
  notice->add_option("--channel", ntc->channel, "where it is posted (公示渠道)")->required();
  notice->add_option("--notice-file", ntc->notice_file, "the notice document")->required();
  AddDate(notice, "--start", ntc->start, "first day of the notice");
  notice->add_option("--end", ntc->end, "last day of the notice, YYYY-MM-DD")->required();
  SetFlagsAction(notice, action, ntc, Notice);

  auto cmp = std::make_shared<CompleteFlags>();
  CLI::App* complete = disposal->add_subcommand(
      "complete",
      "complete the disposal after the notice period (处置完成); proceeds are booked to the "
      "owners by their shares; a final method makes the asset disposed (R27)\n"
      "  example: ledgerctl --key cun.key --principal cun-001 disposal complete --id DP-1 "
      "--price 0 --proceeds 20,000.00 --justification 保险理赔 --date 2026-08-25");
  complete->add_option("--id", cmp->id, "disposal id")->required();
  complete->add_option("--counterparty", cmp->counterparty,
                       "buyer or transferee (受让方); required for auction and transfer");
  complete->add_option("--venue", cmp->venue, "venue (交易场所, 产权交易平台)");
  complete->add_option("--price", cmp->price, "price in yuan (成交价)")->capture_default_str();
  complete->add_option("--justification", cmp->justification,
                       "why the price is below the appraised value");
  complete
      ->add_option("--proceeds", cmp->proceeds,
                   "proceeds in yuan (处置收入: price, salvage, insurance)")
      ->capture_default_str();
  complete->add_option("--reinvestment-project", cmp->project,
                       "the project the proceeds go to (a project of this log)");
  AddDate(complete, "--date", cmp->date, "completion date");
  SetFlagsAction(complete, action, cmp, Complete);
}

}  // namespace ledger::ledgerctl
