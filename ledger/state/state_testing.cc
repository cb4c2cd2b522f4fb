#include "ledger/state/state_testing.h"

#include <map>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ledger/crypto/sha256.h"
#include "ledger/envelope/envelope.h"
#include "ledger/note/keys.h"
#include "ledger/state/canonical_payload.h"
#include "ledger/state/civil_date.h"
#include "ledger/util/rule_error.h"

namespace ledger::state::testing {

void ExpectRejected(const absl::Status& s, absl::StatusCode code, std::string_view rule,
                    std::string_view message) {
  EXPECT_EQ(s.code(), code) << s;
  EXPECT_EQ(RuleOf(s), rule) << s;
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr(message));
}

const crypto::Ed25519PrivateKey& TestKey(uint8_t n) {
  static auto* const keys = new std::map<uint8_t, crypto::Ed25519PrivateKey>();
  auto it = keys->find(n);
  if (it == keys->end()) {
    it = keys->emplace(n, crypto::Ed25519PrivateKey::FromSeed(std::string(32, char(n))).value())
             .first;
  }
  return it->second;
}

std::string TestKeyId(uint8_t n) { return KeyIdOf(TestKey(n).public_key()); }

std::string EntryId(uint64_t n) {
  std::string id(16, '\0');
  for (int i = 0; i < 8; ++i) id[15 - i] = static_cast<char>((n >> (8 * i)) & 0xFF);
  return id;
}

int64_t NoonUs(std::string_view date) {
  const std::optional<CivilDate> day = ParseCivilDate(date);
  const std::optional<CivilDate> base = ParseCivilDate(kBusinessDate);
  return kNoonUs + (DaysFromCivil(*day) - DaysFromCivil(*base)) * 24 * kHourUs;
}

v1::EntryHeader MakeHeader(std::string_view principal_id, uint64_t n,
                           std::string_view business_date) {
  v1::EntryHeader header;
  header.set_origin(std::string(kOrigin));
  header.set_entry_id(EntryId(n));
  header.set_principal_id(std::string(principal_id));
  header.set_business_date(std::string(business_date));
  return header;
}

v1::Principal MakePrincipal(std::string_view id, v1::PrincipalKind kind, std::string_view scope,
                            const std::vector<v1::Role>& roles) {
  v1::Principal p;
  p.set_principal_id(std::string(id));
  p.set_name(absl::StrCat("name of ", absl::string_view(id.data(), id.size())));
  p.set_kind(kind);
  p.set_scope(std::string(scope));
  for (v1::Role role : roles) p.add_roles(role);
  return p;
}

std::string CheckpointVerifierKey(std::string_view origin) {
  return note::NoteSigner::Create(std::string(origin), TestKey(100)).value().VerifierKey();
}

v1::Genesis MakeGenesis() {
  v1::Genesis g;
  *g.mutable_header() = MakeHeader(kAdminId, 0);
  g.set_division_code(std::string(kDivision));
  g.set_division_name("\xE4\xB8\x9C\xE8\x87\xB3\xE5\x8E\xBF");  // 东至县
  *g.mutable_administrator() = MakePrincipal(kAdminId, v1::PRINCIPAL_KIND_ADMINISTRATOR, kDivision,
                                             {v1::ROLE_ADMINISTRATOR});
  g.set_administrator_public_key(TestKey(1).public_key().bytes());
  g.set_checkpoint_verifier_key(CheckpointVerifierKey());
  return g;
}

void SetHeader(google::protobuf::Message& body, const v1::EntryHeader& header) {
  const auto* field = body.GetDescriptor()->FindFieldByNumber(1);
  body.GetReflection()->MutableMessage(&body, field)->CopyFrom(header);
}

std::string SignedBytes(std::string_view payload_type, std::string_view payload,
                        const std::vector<const crypto::Ed25519PrivateKey*>& keys,
                        const std::vector<std::string>& keyids) {
  envelope::Envelope e;
  e.payload_type = std::string(payload_type);
  e.payload = std::string(payload);
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string keyid = keyids.empty() ? KeyIdOf(keys[i]->public_key()) : keyids[i];
    // Appended by hand so that tests can build envelopes AddEnvelopeSignature refuses.
    e.signatures.push_back({keyid, keys[i]->Sign(envelope::Pae(payload_type, payload))});
  }
  return envelope::EncodeEnvelope(e).value();
}

std::string SignedBytes(const google::protobuf::Message& body,
                        const crypto::Ed25519PrivateKey& key) {
  return SignedBytes(body.GetDescriptor()->full_name(), SerializeCanonical(body), {&key});
}

Entry MakeEntry(const google::protobuf::Message& body, const crypto::Ed25519PrivateKey& key) {
  absl::StatusOr<Entry> entry = DecodeEntry(SignedBytes(body, key));
  EXPECT_TRUE(entry.ok()) << entry.status();
  return entry.ok() ? *std::move(entry) : Entry{};
}

absl::Status TestLog::Genesis() { return ApplyEntry(MakeEntry(MakeGenesis(), TestKey(1))); }

void TestLog::Standard() {
  ASSERT_TRUE(Genesis().ok());
  auto fin = RegisterPrincipal(MakePrincipal("fin-341721", v1::PRINCIPAL_KIND_FINANCE_BUREAU,
                                             "341721", {v1::ROLE_FUND_MANAGER}));
  ASSERT_TRUE(Submit(fin, kAdminId, TestKey(1)).ok());
  auto fin_key = RegisterKey("fin-341721", 2);
  ASSERT_TRUE(Submit(fin_key, kAdminId, TestKey(1)).ok());
  auto town = RegisterPrincipal(MakePrincipal("town-341721001", v1::PRINCIPAL_KIND_TOWNSHIP,
                                              "341721001", {v1::ROLE_TOWNSHIP_REVIEWER}));
  ASSERT_TRUE(Submit(town, kAdminId, TestKey(1)).ok());
  auto town_key = RegisterKey("town-341721001", 3);
  ASSERT_TRUE(Submit(town_key, kAdminId, TestKey(1)).ok());
}

absl::Status TestLog::Submit(google::protobuf::Message& body, std::string_view principal_id,
                             const crypto::Ed25519PrivateKey& key, int64_t recorded_time_us,
                             std::string_view business_date) {
  v1::EntryHeader header = MakeHeader(principal_id, next_entry_id_++, business_date);
  const auto* field = body.GetDescriptor()->FindFieldByNumber(1);
  header.set_corrects(
      static_cast<const v1::EntryHeader&>(body.GetReflection()->GetMessage(body, field))
          .corrects());
  SetHeader(body, header);
  return ApplyEntry(MakeEntry(body, key), recorded_time_us);
}

absl::Status TestLog::ApplyEntry(const Entry& entry, int64_t recorded_time_us) {
  absl::Status s = Apply(state_, entry, ApplyContext{.recorded_time_us = recorded_time_us});
  if (s.ok()) accepted_.push_back(entry);
  return s;
}

v1::RegisterPrincipal TestLog::RegisterPrincipal(v1::Principal principal) {
  v1::RegisterPrincipal body;
  *body.mutable_principal() = std::move(principal);
  return body;
}

v1::RegisterKey TestLog::RegisterKey(std::string_view principal_id, uint8_t key) {
  v1::RegisterKey body;
  body.set_principal_id(std::string(principal_id));
  body.set_public_key(TestKey(key).public_key().bytes());
  return body;
}

v1::RevokeKey TestLog::RevokeKey(std::string_view key_id, std::string_view reason) {
  v1::RevokeKey body;
  body.set_key_id(std::string(key_id));
  body.set_reason(std::string(reason));
  return body;
}

v1::SetPolicy TestLog::SetPolicy(v1::Policy policy) {
  v1::SetPolicy body;
  *body.mutable_policy() = std::move(policy);
  return body;
}

void RunLines(TestLog& log, const std::vector<Line>& lines,
              const std::function<void(const LedgerState&)>& invariants) {
  invariants(log.state());
  for (const Line& line : lines) {
    SCOPED_TRACE(line.name);
    const std::string before = DumpState(log.state());
    const absl::Status s = line.submit(log);
    if (line.code == absl::StatusCode::kOk) {
      EXPECT_TRUE(s.ok()) << s;
    } else {
      EXPECT_EQ(s.code(), line.code) << s;
      EXPECT_EQ(RuleOf(s), line.rule) << s;
      EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr(line.message));
      EXPECT_EQ(DumpState(log.state()), before);  // atomic: a rejection leaves no trace
    }
    invariants(log.state());
  }
}

std::string DumpState(const LedgerState& state) {
  std::string out = absl::StrCat("origin ", state.origin(), "\nsize ", state.size(), "\ndivision ",
                                 state.division_code(), " ", state.division_name(), "\nvkey ",
                                 state.checkpoint_verifier_key(), "\n");
  for (const auto& [id, record] : state.principals()) {
    absl::StrAppend(&out, "principal ", id, " at ", record.registered_at, ": ",
                    record.principal.ShortDebugString(), "\n");
    for (const std::string& key_id : record.key_ids) {
      const KeyRecord* key = state.FindKey(key_id);
      absl::StrAppend(&out, "  key ", key_id, " of ", key->principal_id, " at ", key->registered_at,
                      " revoked ",
                      key->revoked_at.has_value() ? absl::StrCat(*key->revoked_at) : "never",
                      " pub ", crypto::ToHex(key->public_key.bytes()), "\n");
    }
  }
  absl::StrAppend(&out, "policy ", state.policy().ShortDebugString(), "\n");
  absl::StrAppend(&out, state.funds().DebugString());
  absl::StrAppend(&out, state.assets().DebugString());
  absl::StrAppend(&out, state.incomes().DebugString());
  absl::StrAppend(&out, state.distributions().DebugString());
  return out;
}

v1::FundReceipt MakeReceipt(std::string_view id, v1::FundSource source, int64_t fen) {
  v1::FundReceipt body;
  body.set_receipt_id(std::string(id));
  body.set_source(source);
  body.set_year(2026);
  body.set_document_number("财农〔2026〕1号");
  body.set_amount_fen(fen);
  return body;
}

v1::ProjectRegistration MakeProject(std::string_view id, std::string_view location) {
  v1::ProjectRegistration body;
  body.set_project_id(std::string(id));
  body.set_name("村道硬化");
  body.set_type(v1::PROJECT_TYPE_INFRASTRUCTURE);
  body.set_location(std::string(location));
  body.set_content("硬化村道 2 公里");
  auto* line = body.add_planned();
  line->set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
  line->set_amount_fen(50'000);
  body.set_implementer("镇人民政府");
  body.set_responsible_person("张三");
  body.set_households_to_benefit(120);
  return body;
}

v1::ProjectStepRecord MakeStep(std::string_view project, v1::ProjectStep step,
                               std::string_view date) {
  v1::ProjectStepRecord body;
  body.set_project_id(std::string(project));
  body.set_step(step);
  body.set_date(std::string(date));
  return body;
}

v1::PlanApproval MakeApproval(std::string_view project, v1::FundSource source, int64_t fen,
                              bool adjustment) {
  v1::PlanApproval body;
  body.set_project_id(std::string(project));
  body.set_year(2026);
  auto* line = body.add_lines();
  line->set_source(source);
  line->set_amount_fen(fen);
  body.set_approving_body("县乡村振兴领导小组");
  body.set_adjustment(adjustment);
  return body;
}

v1::Contract MakeContract(std::string_view id, std::string_view project, int64_t fen) {
  v1::Contract body;
  body.set_contract_id(std::string(id));
  body.set_project_id(std::string(project));
  body.set_payee("某建设公司");
  body.set_amount_fen(fen);
  body.set_tender_method("公开招标");
  body.set_signed_date("2026-03-01");
  body.set_start_date("2026-03-10");
  body.set_end_date("2026-06-20");
  body.set_advance_ceiling_bp(3000);
  body.set_retention_bp(1000);
  return body;
}

v1::Acceptance MakeAcceptance(std::string_view id, std::string_view project,
                              std::string_view date) {
  v1::Acceptance body;
  body.set_acceptance_id(std::string(id));
  body.set_project_id(std::string(project));
  body.set_date(std::string(date));
  body.set_result("合格");
  body.set_report_hash(std::string(32, 'r'));
  return body;
}

v1::Disbursement MakeDisbursement(std::string_view id, std::string_view project,
                                  std::string_view contract, v1::FundSource source,
                                  v1::DisbursementStage stage, int64_t fen) {
  v1::Disbursement body;
  body.set_payment_id(std::string(id));
  body.set_project_id(std::string(project));
  body.set_contract_id(std::string(contract));
  body.set_source(source);
  body.set_stage(stage);
  body.set_amount_fen(fen);
  body.set_payee("某建设公司");
  body.set_spending_category("construction");
  body.set_voucher_hash(std::string(32, 'v'));
  body.set_invoice_hash(std::string(32, 'i'));
  body.set_application_date("2026-07-01");
  body.set_township_signoff_date("2026-07-02");
  body.set_finance_approval_date("2026-07-03");
  body.set_payment_date("2026-07-05");
  return body;
}

v1::Reversal MakeReversal(const LedgerState& state, v1::ReversedEntryKind kind,
                          std::string_view target) {
  v1::Reversal body;
  body.set_reversed_entry_kind(kind);
  body.set_target_id(std::string(target));
  body.set_reason("金额录入错误");
  const FundState& funds = state.funds();
  if (kind == v1::REVERSED_ENTRY_KIND_DISBURSEMENT) {
    auto it = funds.all_payments().find(target);
    if (it != funds.all_payments().end()) {
      body.mutable_header()->set_corrects(it->second.body.header().entry_id());
    }
  } else if (kind == v1::REVERSED_ENTRY_KIND_FUND_RECEIPT) {
    auto it = funds.receipts().find(target);
    if (it != funds.receipts().end()) {
      body.mutable_header()->set_corrects(it->second.header().entry_id());
    }
  }
  return body;
}

v1::RosterLine CashLine(std::string_view household, int64_t fen) {
  v1::RosterLine line;
  line.set_household_ref(std::string(household));
  line.set_cash_fen(fen);
  line.set_bank_reference(absl::StrCat("BANK-", std::string(household)));
  return line;
}

v1::RosterLine InKindLine(std::string_view household, std::string_view item, uint32_t quantity,
                          int64_t unit_price_fen) {
  v1::RosterLine line;
  line.set_household_ref(std::string(household));
  line.set_in_kind_item(std::string(item));
  line.set_quantity(quantity);
  line.set_unit_price_fen(unit_price_fen);
  return line;
}

v1::HouseholdRoster MakeRoster(std::string_view id, std::string_view payment,
                               const std::vector<v1::RosterLine>& lines) {
  v1::HouseholdRoster body;
  body.set_roster_id(std::string(id));
  body.set_payment_id(std::string(payment));
  for (const v1::RosterLine& line : lines) *body.add_lines() = line;
  return body;
}

void FundFixture(TestLog& log) {
  auto pm = TestLog::RegisterPrincipal(MakePrincipal(kProjectManagerId,
                                                     v1::PRINCIPAL_KIND_RURAL_REVITALIZATION_BUREAU,
                                                     kDivision, {v1::ROLE_PROJECT_MANAGER}));
  ASSERT_TRUE(log.Submit(pm, kAdminId, TestKey(1)).ok());
  auto key = TestLog::RegisterKey(kProjectManagerId, 4);
  ASSERT_TRUE(log.Submit(key, kAdminId, TestKey(1)).ok());
  auto receipt = MakeReceipt("R0", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100'000);
  ASSERT_TRUE(log.Submit(receipt, kFinanceId, TestKey(2)).ok());
  for (const char* id : {"P1", "P2"}) {
    auto project = MakeProject(id);
    ASSERT_TRUE(log.Submit(project, kProjectManagerId, TestKey(4)).ok());
  }
  const std::pair<v1::ProjectStep, const char*> steps[] = {
      {v1::PROJECT_STEP_VILLAGE_APPLICATION, "2026-01-10"},
      {v1::PROJECT_STEP_VILLAGE_NOTICE, "2026-01-20"},
      {v1::PROJECT_STEP_TOWNSHIP_REVIEW, "2026-02-01"},
      {v1::PROJECT_STEP_COUNTY_APPROVAL, "2026-02-15"}};
  for (const auto& [step, date] : steps) {
    auto record = MakeStep("P1", step, date);
    ASSERT_TRUE(log.Submit(record, kProjectManagerId, TestKey(4)).ok());
  }
  auto approval = MakeApproval("P1", v1::FUND_SOURCE_CENTRAL_LINKAGE, 50'000);
  ASSERT_TRUE(log.Submit(approval, kProjectManagerId, TestKey(4), kNoonUs, "2026-03-01").ok());
  auto contract = MakeContract("C1", "P1", 40'000);
  ASSERT_TRUE(log.Submit(contract, kProjectManagerId, TestKey(4)).ok());
  auto notice = MakeAnnouncement("N-P1", v1::ANNOUNCEMENT_SUBJECT_PROJECT_BEFORE, "P1",
                                 "2026-03-02", "2026-03-11");
  ASSERT_TRUE(log.Submit(notice, kProjectManagerId, TestKey(4)).ok());
  auto acceptance = MakeAcceptance("A1", "P1");
  ASSERT_TRUE(log.Submit(acceptance, kProjectManagerId, TestKey(4)).ok());
}

}  // namespace ledger::state::testing
