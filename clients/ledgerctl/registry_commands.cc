// ledgerctl registry add|show|list|erase|status|history: the privacy registry outside the log
// (proto/ledger/v1/registry_service.proto). Every call is signed with the global --key as the
// global --principal (ledger/registry/registry_call.h). `registry add --eligible-from` and
// `registry status` also append an EligibilityChange to the log, which carries only the
// pseudonymous reference.

#include <chrono>
#include <iostream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/ledgerctl/asset_cli.h"
#include "clients/ledgerctl/commands.h"
#include "clients/ledgerctl/registry_cli.h"
#include "clients/ledgerctl/table.h"
#include "clients/ledgerctl/write_flags.h"
#include "ledger/registry/person.h"
#include "ledger/registry/registry_call.h"
#include "ledger/state/fund_state.h"
#include "ledger/v1/income.pb.h"
#include "ledger/v1/registry_service.grpc.pb.h"

namespace ledger::ledgerctl {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A signed call carrying `request` (origin, principal and time filled in here).
absl::StatusOr<v1::RegistryCall> Sign(CliContext& ctx, v1::RegistryRequest request) {
  if (absl::Status s = ctx.RequireOrigin(); !s.ok()) return s;
  if (absl::Status s = ctx.RequirePrincipal(); !s.ok()) return s;
  absl::StatusOr<crypto::Ed25519PrivateKey> key = ctx.SigningKey();
  if (!key.ok()) return key.status();
  request.set_origin(ctx.flags().origin);
  request.set_principal_id(ctx.flags().principal);
  request.set_issued_at_ms(NowMs());
  return registry::SignRegistryCall(request, *key);
}

// Calls `method` of the registry with the signed request; prints errors. Returns the exit code.
template <typename Response, typename Method>
int Call(CliContext& ctx, const std::string& what, v1::RegistryRequest request, Method method,
         Response* response) {
  absl::StatusOr<v1::RegistryCall> call = Sign(ctx, std::move(request));
  if (!call.ok()) return LocalError(call.status(), what);
  auto stub = v1::RegistryService::NewStub(ctx.Channel());
  auto context = ctx.Client().NewContext();
  grpc::Status s = ((*stub).*method)(context.get(), *call, response);
  if (!s.ok()) return ReportError(ctx, client::FromGrpc(s), what);
  return kExitOk;
}

}  // namespace

absl::StatusOr<v1::RegistryPerson> LookUpPerson(CliContext& ctx, const v1::PersonQuery& query) {
  v1::RegistryRequest request;
  *request.mutable_get() = query;
  absl::StatusOr<v1::RegistryCall> call = Sign(ctx, std::move(request));
  if (!call.ok()) return call.status();
  auto stub = v1::RegistryService::NewStub(ctx.Channel());
  auto context = ctx.Client().NewContext();
  v1::RegistryPerson person;
  grpc::Status s = stub->GetPerson(context.get(), *call, &person);
  if (!s.ok()) return client::FromGrpc(s);
  return person;
}

namespace {

// 341721198001010012 -> 341721********0012
std::string MaskIdNumber(const std::string& id) {
  if (id.size() < 10) return id.empty() ? "" : "****";
  return absl::StrCat(id.substr(0, 6), std::string(id.size() - 10, '*'), id.substr(id.size() - 4));
}

// 13900001234 -> 139****1234
std::string MaskPhone(const std::string& phone) {
  if (phone.size() < 8) return phone.empty() ? "" : "****";
  return absl::StrCat(phone.substr(0, 3), "****", phone.substr(phone.size() - 4));
}

// 6228480012345678901 -> ****8901
std::string MaskAccount(const std::string& account) {
  if (account.size() <= 4) return account;
  return absl::StrCat("****", account.substr(account.size() - 4));
}

std::string StatusWord(v1::EligibilityStatus s) {
  switch (s) {
    case v1::ELIGIBILITY_STATUS_ELIGIBLE:
      return "纳入";
    case v1::ELIGIBILITY_STATUS_REMOVED:
      return "退出";
    case v1::ELIGIBILITY_STATUS_DECEASED:
      return "死亡";
    default:
      return "";
  }
}

// "纳入 since 2026-01-01", or "未记录" when the log has no eligibility change for the person.
std::string StatusLabel(const v1::RegistryPerson& p) {
  if (p.status() == v1::ELIGIBILITY_STATUS_UNSPECIFIED) return "未记录";
  return absl::StrCat(StatusWord(p.status()), " ", p.status_since());
}

void PrintPerson(const v1::RegistryPerson& p) {
  std::cout << "参考号 (ref)   " << p.ref() << "\n"
            << "村 (village)   " << p.village() << "\n";
  if (p.erased()) {
    std::cout << "已删除 (erased) " << p.erased_at() << " by " << p.erased_by()
              << ": no personal data is kept\n";
    return;
  }
  std::cout << "姓名           " << p.name() << " (公示: " << p.masked_name() << ")\n"
            << "身份证号       " << p.id_number() << "\n"
            << "银行账号       " << p.bank_account() << "\n"
            << "联系电话       " << p.phone() << "\n"
            << "登记           " << p.registered_at() << " by " << p.registered_by() << "\n"
            << "资格状态       " << StatusLabel(p) << "\n";
}

// Who a command is about: the positional reference or --id-number.
struct PersonFlags {
  std::string ref, id_number;
};

void AddPersonOptions(CLI::App* cmd, PersonFlags* f) {
  auto* who = cmd->add_option_group("person", "who: the reference, or --id-number");
  who->add_option("ref", f->ref, "the person's pseudonymous reference (32 hex characters)");
  who->add_option("--id-number", f->id_number, "or the person's identity number (身份证号)");
  who->require_option(1);
}

// A reference as registry add printed it (lower-case hex); an identity number typed where a
// reference was expected is taken as --id-number.
v1::PersonQuery Query(const PersonFlags& f) {
  v1::PersonQuery q;
  if (f.ref.size() == 18 && registry::NormalizeIdentityNumber(f.ref).ok()) {
    q.set_id_number(f.ref);
  } else {
    q.set_ref(absl::AsciiStrToLower(f.ref));
  }
  if (!f.id_number.empty()) q.set_id_number(f.id_number);
  return q;
}

// --- status: an EligibilityChange in the log ---------------------------------------------------

struct StatusFlags {
  PersonFlags person;
  std::string village;  // "" : the registry row's
  std::string status, effective, basis;
};

int SubmitStatus(CliContext& ctx, const std::string& ref, const std::string& village,
                 v1::EligibilityStatus status, const std::string& effective,
                 const std::string& basis) {
  v1::EligibilityChange body;
  body.set_village(village);
  body.set_beneficiary_ref(ref);
  body.set_status(status);
  body.set_effective_date(effective);
  body.set_basis(basis);
  return SignAndSubmit(ctx, body, body.mutable_header(),
                       absl::StrCat("eligibility of ", ref, " (资格变动)"));
}

int Status(CliContext& ctx, const StatusFlags& f) {
  const std::string what = "registry status";
  absl::StatusOr<v1::EligibilityStatus> status = ParseWord<v1::EligibilityStatus>(
      v1::EligibilityStatus_descriptor(), "ELIGIBILITY_STATUS_", "--status", f.status);
  if (!status.ok()) return LocalError(status.status(), what);
  // The reference and village come from the registry, so nobody types a reference by hand.
  v1::RegistryRequest request;
  *request.mutable_get() = Query(f.person);
  v1::RegistryPerson person;
  if (int rc = Call(ctx, what, request, &v1::RegistryService::Stub::GetPerson, &person);
      rc != kExitOk) {
    return rc;
  }
  return SubmitStatus(ctx, person.ref(), f.village.empty() ? person.village() : f.village, *status,
                      DateOrToday(f.effective), f.basis);
}

// --- add -------------------------------------------------------------------------------------

struct AddFlags {
  v1::PersonFields fields;
  std::string eligible_from, basis;
};

int Add(CliContext& ctx, const AddFlags& f) {
  const std::string what = "registry add";
  if (!f.eligible_from.empty() && f.basis.empty()) {
    return LocalError(absl::InvalidArgumentError("--eligible-from needs --basis (资格依据)"), what);
  }
  if (f.eligible_from.empty() && !f.basis.empty()) {
    return LocalError(
        absl::InvalidArgumentError(
            "--basis is recorded only with --eligible-from (the eligibility it justifies)"),
        what);
  }
  v1::RegistryRequest request;
  *request.mutable_register_() = f.fields;
  v1::RegistryPerson person;
  if (int rc = Call(ctx, what, request, &v1::RegistryService::Stub::RegisterPerson, &person);
      rc != kExitOk) {
    return rc;
  }
  if (ctx.flags().json) {
    PrintJson(person);
  } else {
    std::cout << (person.created() ? "registered " : "already registered ") << person.masked_name()
              << " in village " << person.village() << " as reference " << person.ref() << "\n";
  }
  if (f.eligible_from.empty()) return kExitOk;
  return SubmitStatus(ctx, person.ref(), person.village(), v1::ELIGIBILITY_STATUS_ELIGIBLE,
                      f.eligible_from, f.basis);
}

// --- show, erase -----------------------------------------------------------------------------

int Show(CliContext& ctx, const PersonFlags& f) {
  v1::RegistryRequest request;
  *request.mutable_get() = Query(f);
  v1::RegistryPerson person;
  if (int rc = Call(ctx, "registry show", request, &v1::RegistryService::Stub::GetPerson, &person);
      rc != kExitOk) {
    return rc;
  }
  if (ctx.flags().json) {
    PrintJson(person);
  } else {
    PrintPerson(person);
  }
  return kExitOk;
}

int Erase(CliContext& ctx, const PersonFlags& f) {
  v1::RegistryRequest request;
  *request.mutable_erase() = Query(f);
  v1::RegistryPerson person;
  if (int rc =
          Call(ctx, "registry erase", request, &v1::RegistryService::Stub::ErasePerson, &person);
      rc != kExitOk) {
    return rc;
  }
  if (ctx.flags().json) {
    PrintJson(person);
  } else {
    std::cout << "erased the personal data of reference " << person.ref() << " (village "
              << person.village() << ", " << person.erased_at() << " by " << person.erased_by()
              << "); the log and its proofs are unchanged\n";
  }
  return kExitOk;
}

// --- history ---------------------------------------------------------------------------------

int History(CliContext& ctx, const PersonFlags& f) {
  v1::RegistryRequest request;
  *request.mutable_history() = Query(f);
  v1::BeneficiaryHistory h;
  if (int rc = Call(ctx, "registry history", request,
                    &v1::RegistryService::Stub::GetBeneficiaryHistory, &h);
      rc != kExitOk) {
    return rc;
  }
  if (ctx.flags().json) {
    PrintJson(h);
    return kExitOk;
  }
  PrintPerson(h.person());
  std::cout << "\n资格变动\n";
  Table changes({{"生效日期"}, {"状态"}, {"村"}, {"依据"}, {"索引", Align::kRight}});
  for (const v1::EligibilityChangeEntry& e : h.eligibility()) {
    changes.AddRow({e.change().effective_date(), StatusWord(e.change().status()),
                    e.change().village(), e.change().basis(), absl::StrCat(e.index())});
  }
  std::cout << changes.Render() << "\n收益分配\n";
  Table paid({{"发放日期"},
              {"方案"},
              {"发放单"},
              {"用途"},
              {"数量", Align::kRight},
              {"金额(元)", Align::kRight},
              {"银行流水号"},
              {"索引", Align::kRight}});
  for (const v1::BeneficiaryPaymentLine& l : h.payments()) {
    paid.AddRow({l.payment_date(), l.plan_id(), l.payment_id(), l.line().category(),
                 absl::StrCat(l.line().quantity()), GroupedYuan(l.line().amount_fen()),
                 l.line().bank_reference(), absl::StrCat(l.index())});
  }
  std::cout << paid.Render() << "合计 " << GroupedYuan(h.paid_fen()) << " 元\n";
  return kExitOk;
}

// --- list ------------------------------------------------------------------------------------

int List(CliContext& ctx, const std::string& village) {
  const std::string what = "registry list";
  v1::ListPeopleResponse all;
  v1::RegistryRequest request;
  request.mutable_list()->set_village_prefix(village);
  request.mutable_list()->set_page_size(1000);
  do {
    v1::ListPeopleResponse page;
    if (int rc = Call(ctx, what, request, &v1::RegistryService::Stub::ListPeople, &page);
        rc != kExitOk) {
      return rc;
    }
    for (const v1::RegistryPerson& p : page.people()) *all.add_people() = p;
    request.mutable_list()->set_page_token(page.next_page_token());
  } while (!request.list().page_token().empty());
  if (ctx.flags().json) {
    PrintJson(all);
    return kExitOk;
  }
  Table t({{"参考号"},
           {"村"},
           {"姓名"},
           {"身份证号"},
           {"银行账号"},
           {"联系电话"},
           {"登记"},
           {"资格状态"}});
  for (const v1::RegistryPerson& p : all.people()) {
    t.AddRow({p.ref(), p.village(), p.name(), MaskIdNumber(p.id_number()),
              MaskAccount(p.bank_account()), MaskPhone(p.phone()),
              p.erased() ? absl::StrCat("已删除 ", p.erased_at().substr(0, 10)) : "在册",
              StatusLabel(p)});
  }
  std::cout << t.Render();
  return kExitOk;
}

}  // namespace

void AddRegistryCommands(CLI::App& app, Action* action) {
  CLI::App* reg = app.add_subcommand(
      "registry",
      "the privacy registry (人员信息登记) outside the log: names, identity numbers, bank "
      "accounts and phones of beneficiaries, read and written only by the village, its township "
      "and the finance bureau; the log holds only pseudonymous references");

  auto af = std::make_shared<AddFlags>();
  CLI::App* add = reg->add_subcommand(
      "add",
      "register a person and print the reference to use in payment lines; with "
      "--eligible-from also record in the log that the person is eligible (资格变动)\n"
      "  example: ledgerctl --key cun.key --principal cun-001 registry add --village "
      "341721001001 --name 张三兵 --id-number 341721198001010012 --bank-account "
      "6228480012345678901 --phone 13900001234 --eligible-from 2026-01-01 --basis "
      "大山村民主评议〔2026〕1号");
  add->add_option("--village", *af->fields.mutable_village(), "12-digit village code")->required();
  add->add_option("--name", *af->fields.mutable_name(), "姓名")->required();
  add->add_option("--id-number", *af->fields.mutable_id_number(), "身份证号 (18 characters)")
      ->required();
  add->add_option("--bank-account", *af->fields.mutable_bank_account(), "银行账号 (digits)");
  add->add_option("--phone", *af->fields.mutable_phone(), "联系电话");
  add->add_option("--eligible-from", af->eligible_from,
                  "also record eligibility (ELIGIBLE) from this date, YYYY-MM-DD");
  add->add_option("--basis", af->basis, "the basis of the eligibility (资格依据)");
  SetFlagsAction(add, action, af, Add);

  auto sf = std::make_shared<PersonFlags>();
  CLI::App* show = reg->add_subcommand(
      "show",
      "one person's registry row, in full (authorised roles only)\n"
      "  example: ledgerctl --key cun.key --principal cun-001 registry show --id-number "
      "341721198001010012");
  AddPersonOptions(show, sf.get());
  SetFlagsAction(show, action, sf, Show);

  auto village = std::make_shared<std::string>();
  CLI::App* list = reg->add_subcommand(
      "list",
      "the people registered in the villages within your scope with their eligibility; the "
      "table masks identity numbers, accounts and phones (`registry show` shows one person in "
      "full, --json every row in full)\n"
      "  example: ledgerctl --key xz.key --principal xz-001 registry list --village 341721001");
  list->add_option("--village", *village, "a village code or prefix (default: your scope)");
  list->callback(
      [action, village] { *action = [village](CliContext& ctx) { return List(ctx, *village); }; });

  auto ef = std::make_shared<PersonFlags>();
  CLI::App* erase = reg->add_subcommand(
      "erase",
      "erase a person's personal data for good (the reference and village remain); the log, "
      "its proofs and every balance are unchanged, and the notice board no longer shows a name\n"
      "  example: ledgerctl --key fin.key --principal fin registry erase "
      "0f3c2a9d8e7b6a5f4e3d2c1b0a998877");
  AddPersonOptions(erase, ef.get());
  SetFlagsAction(erase, action, ef, Erase);

  auto hf = std::make_shared<PersonFlags>();
  CLI::App* history = reg->add_subcommand(
      "history",
      "a beneficiary's history: the registry row, every eligibility change and every "
      "distribution payment line to the reference, with the total\n"
      "  example: ledgerctl --key cun.key --principal cun-001 registry history --id-number "
      "341721198001010012");
  AddPersonOptions(history, hf.get());
  SetFlagsAction(history, action, hf, History);

  auto st = std::make_shared<StatusFlags>();
  CLI::App* status = reg->add_subcommand(
      "status",
      "record in the log a change of a registered person's eligibility (资格变动: eligible, "
      "removed, deceased); R24: nobody is paid after the month of removal or death\n"
      "  example: ledgerctl --key cun.key --principal cun-001 registry status --id-number "
      "341721198001010012 --status removed --effective 2026-06-30 --basis 动态调整〔2026〕3号");
  AddPersonOptions(status, &st->person);
  status->add_option("--status", st->status, "eligible, removed or deceased")->required();
  AddDate(status, "--effective", st->effective, "effective date");
  status->add_option("--basis", st->basis, "the basis (依据: document, meeting)")->required();
  status->add_option("--village", st->village, "the village recording it (default: the person's)");
  SetFlagsAction(status, action, st, Status);
}

}  // namespace ledger::ledgerctl
