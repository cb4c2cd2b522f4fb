#ifndef LEDGER_STATE_STATE_TESTING_H_
#define LEDGER_STATE_STATE_TESTING_H_

// Test helpers for the state machine: fixed keys, entry builders and a small log driver.
// Deterministic: keys come from fixed seeds, entry ids from a counter.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/state/entry.h"
#include "ledger/state/state.h"
#include "ledger/v1/entry.pb.h"
#include "ledger/v1/funds.pb.h"
#include "ledger/v1/income.pb.h"

namespace ledger::state::testing {

// Expects `s` to be a rejection with this code and rule id whose message contains `message`.
void ExpectRejected(const absl::Status& s, absl::StatusCode code, std::string_view rule,
                    std::string_view message);

inline constexpr std::string_view kOrigin = "ledger.example.org/341721";
inline constexpr std::string_view kDivision = "341721";
inline constexpr std::string_view kAdminId = "admin-341721";
inline constexpr std::string_view kBusinessDate = "2026-11-22";
// 2026-11-22T04:00:00Z, noon in Asia/Shanghai on kBusinessDate.
inline constexpr int64_t kNoonUs = 1'795'320'000'000'000;
inline constexpr int64_t kHourUs = int64_t{3'600} * 1'000'000;
// Noon in Asia/Shanghai on `date` ("YYYY-MM-DD", valid), in microseconds since the epoch.
int64_t NoonUs(std::string_view date);

// The Ed25519 key whose 32-byte seed is `n` repeated. Key 1 is the root administrator's in
// MakeGenesis; key 100 signs the log's checkpoints.
const crypto::Ed25519PrivateKey& TestKey(uint8_t n);
std::string TestKeyId(uint8_t n);  // KeyIdOf(TestKey(n).public_key())

// 16 bytes: n, big-endian, in the last 8.
std::string EntryId(uint64_t n);

v1::EntryHeader MakeHeader(std::string_view principal_id, uint64_t n,
                           std::string_view business_date = kBusinessDate);
v1::Principal MakePrincipal(std::string_view id, v1::PrincipalKind kind, std::string_view scope,
                            const std::vector<v1::Role>& roles);

// The note verifier key of TestKey(100) named `origin`.
std::string CheckpointVerifierKey(std::string_view origin = kOrigin);

// A valid Genesis of kOrigin: administrator kAdminId with TestKey(1).
v1::Genesis MakeGenesis();

// Sets field 1 (the header) of any body.
void SetHeader(google::protobuf::Message& body, const v1::EntryHeader& header);

// The envelope bytes of `payload` under `payload_type`, signed by `keys` in order (keyid =
// KeyIdOf), or with the given keyids when `keyids` is not empty.
std::string SignedBytes(std::string_view payload_type, std::string_view payload,
                        const std::vector<const crypto::Ed25519PrivateKey*>& keys,
                        const std::vector<std::string>& keyids = {});
// The envelope bytes of `body` (serialized canonically) signed by `key`.
std::string SignedBytes(const google::protobuf::Message& body,
                        const crypto::Ed25519PrivateKey& key);

// DecodeEntry(SignedBytes(body, key)); fails the test if it does not decode.
Entry MakeEntry(const google::protobuf::Message& body, const crypto::Ed25519PrivateKey& key);

// A log under test: numbers entry ids, stamps headers and applies entries.
class TestLog {
 public:
  explicit TestLog(std::string_view origin = kOrigin) : state_(std::string(origin)) {
    state_.KeepFundJournal();
  }

  // Applies the Genesis (MakeGenesis) signed by TestKey(1).
  absl::Status Genesis();
  // Genesis, then registers: "fin-341721" (FINANCE_BUREAU, FUND_MANAGER, scope 341721, key 2),
  // "town-341721001" (TOWNSHIP, TOWNSHIP_REVIEWER, scope 341721001, key 3). Indexes 0..4.
  void Standard();

  // Stamps `body` with a header by `principal_id` (a fresh entry id, `business_date`; the body's
  // header.corrects is kept) and applies it signed by `key` at `recorded_time_us`.
  absl::Status Submit(google::protobuf::Message& body, std::string_view principal_id,
                      const crypto::Ed25519PrivateKey& key, int64_t recorded_time_us = kNoonUs,
                      std::string_view business_date = kBusinessDate);
  // Applies an already built entry.
  absl::Status ApplyEntry(const Entry& entry, int64_t recorded_time_us = kNoonUs);

  // Body builders (no header yet).
  static v1::RegisterPrincipal RegisterPrincipal(v1::Principal principal);
  static v1::RegisterKey RegisterKey(std::string_view principal_id, uint8_t key);
  static v1::RevokeKey RevokeKey(std::string_view key_id, std::string_view reason = "lost");
  static v1::SetPolicy SetPolicy(v1::Policy policy);

  LedgerState& state() { return state_; }
  uint64_t next_entry_id() const { return next_entry_id_; }
  // The entries accepted so far: accepted()[i] is the entry at log index i.
  const std::vector<Entry>& accepted() const { return accepted_; }

 private:
  LedgerState state_;
  std::vector<Entry> accepted_;
  uint64_t next_entry_id_ = 1;
};

// ---- Scenarios: tables of entries with the expected decision ----

// One line of a scenario: an entry and the expected decision (code kOk: accepted).
struct Line {
  Line(std::string name, std::function<absl::Status(TestLog&)> submit)
      : name(std::move(name)), submit(std::move(submit)) {}
  Line(std::string name, std::function<absl::Status(TestLog&)> submit, absl::StatusCode code,
       std::string rule, std::string message)
      : name(std::move(name)),
        submit(std::move(submit)),
        code(code),
        rule(std::move(rule)),
        message(std::move(message)) {}

  std::string name;
  std::function<absl::Status(TestLog&)> submit;
  absl::StatusCode code = absl::StatusCode::kOk;
  std::string rule;
  std::string message;
};

// Applies `lines` in order to `log`: an accepted line must be accepted; a rejected one must have
// the code, the rule id and a message containing `message`, and leave the state exactly as it
// was. `invariants` is checked after every line.
void RunLines(TestLog& log, const std::vector<Line>& lines,
              const std::function<void(const LedgerState&)>& invariants);

// ---- Funds ----

// The fixture's project manager: RURAL_REVITALIZATION_BUREAU, PROJECT_MANAGER, scope 341721,
// key 4. (The fund manager is Standard()'s "fin-341721", key 2.)
inline constexpr std::string_view kProjectManagerId = "pm-341721";
inline constexpr std::string_view kFinanceId = "fin-341721";
inline constexpr std::string_view kVillage = "341721001001";

// Fund bodies (no header yet). Dates and texts are valid; amounts as given.
v1::FundReceipt MakeReceipt(std::string_view id, v1::FundSource source, int64_t fen);
v1::ProjectRegistration MakeProject(std::string_view id, std::string_view location = kVillage);
v1::ProjectStepRecord MakeStep(std::string_view project, v1::ProjectStep step,
                               std::string_view date);
v1::PlanApproval MakeApproval(std::string_view project, v1::FundSource source, int64_t fen,
                              bool adjustment = false);
// Signed 2026-03-01, works 2026-03-10..2026-06-20, advance ceiling 3000 bp, retention 1000 bp.
v1::Contract MakeContract(std::string_view id, std::string_view project, int64_t fen);
v1::Acceptance MakeAcceptance(std::string_view id, std::string_view project,
                              std::string_view date = "2026-06-30");
// Category "construction"; application 2026-07-01, sign-off 07-02, approval 07-03, payment 07-05.
v1::Disbursement MakeDisbursement(std::string_view id, std::string_view project,
                                  std::string_view contract, v1::FundSource source,
                                  v1::DisbursementStage stage, int64_t fen);

// A Reversal of the receipt or payment `target` whose header.corrects is the target's entry_id
// in `state` (left empty if there is no such target). Submit keeps header.corrects.
v1::Reversal MakeReversal(const LedgerState& state, v1::ReversedEntryKind kind,
                          std::string_view target);
// Roster lines: cash (with a bank reference) or in kind; and a roster of `lines`.
v1::RosterLine CashLine(std::string_view household, int64_t fen);
v1::RosterLine InKindLine(std::string_view household, std::string_view item, uint32_t quantity,
                          int64_t unit_price_fen);
v1::HouseholdRoster MakeRoster(std::string_view id, std::string_view payment,
                               const std::vector<v1::RosterLine>& lines);

// On a Standard() log: registers kProjectManagerId; receipt "R0" of 1,000.00 yuan central
// linkage; project "P1" (in kVillage) through all four steps (2026-01-10 .. 2026-02-15) and
// approved for 500.00 yuan central linkage on 2026-03-01; contract "C1" of P1 for 400.00 yuan;
// P1's before-notice "N-P1" (2026-03-02..03-11, so payments from 2026-03-12 on meet R11);
// acceptance "A1" of P1 on 2026-06-30; project "P2" registered only.
void FundFixture(TestLog& log);

// ---- Assets (asset_testing.cc) ----

// The village accountant of kVillage: VILLAGE_COMMITTEE, VILLAGE_ACCOUNTANT, scope kVillage,
// key 9. The township reviewer is Standard()'s "town-341721001", key 3.
inline constexpr std::string_view kVillageAccountantId = "village-341721001001";
inline constexpr std::string_view kTownshipId = "town-341721001";

// Submitters for scenario lines: `body` (a copy, stamped when the line runs) by `principal`
// with TestKey(key); by the fixtures' project manager, village accountant and township.
template <typename Body>
std::function<absl::Status(TestLog&)> By(std::string_view principal, uint8_t key, Body body) {
  return [principal = std::string(principal), key, body](TestLog& log) mutable {
    return log.Submit(body, principal, TestKey(key));
  };
}
template <typename Body>
std::function<absl::Status(TestLog&)> AsPm(Body body) {
  return By(kProjectManagerId, 4, std::move(body));
}
template <typename Body>
std::function<absl::Status(TestLog&)> AsVillage(Body body) {
  return By(kVillageAccountantId, 9, std::move(body));
}
template <typename Body>
std::function<absl::Status(TestLog&)> AsTownship(Body body) {
  return By(kTownshipId, 3, std::move(body));
}

v1::Party VillageParty(std::string_view village = kVillage);
v1::Party CountyParty();
v1::Party HouseholdParty(std::string_view household, std::string_view village = kVillage);
v1::Party Organisation(std::string_view name);
v1::PartyShare Share(const v1::Party& party, uint32_t bp = 0);

// A 500 kW photovoltaic station in kVillage formed 2026-07-01, 1 line of `fen` from `project`
// (central linkage), or of external funding when `project` is empty.
v1::AssetRegistration MakeAsset(std::string_view code, v1::AssetClass asset_class, int64_t fen,
                                std::string_view project = "P1");
v1::OwnershipConfirmation MakeConfirmation(std::string_view code,
                                           const std::vector<v1::PartyShare>& owners,
                                           std::string_view date = "2026-07-10");
v1::Handover MakeHandover(std::string_view code, std::string_view date = "2026-07-15");
v1::RightsAssignment MakeRights(std::string_view code, v1::RightKind kind,
                                const std::vector<v1::PartyShare>& holders,
                                std::string_view valid_from = "2026-07-15");
// A lease chosen by tender, 2026-08-01..2036-07-31, rent `rent_fen` a year, signed 2026-07-20.
v1::OperationContract MakeOperationContract(std::string_view id, std::string_view code,
                                            int64_t rent_fen);
v1::MaintenanceRecord MakeMaintenance(std::string_view code, std::string_view date,
                                      v1::AssetCondition condition, int64_t cost_fen = 0);

// The disposal chain, dated: application 2026-09-01, decisions 09-05, review 09-10, approvals
// 09-15, notice 09-20..09-30 (11 days), completion 10-08.
v1::DisposalApplication MakeDisposal(std::string_view id, std::string_view code,
                                     v1::DisposalMethod method);
v1::DisposalDecision MakeDecision(std::string_view id, std::string_view unit = kVillage,
                                  uint32_t votes_for = 30, uint32_t attendance = 40);
v1::DisposalReview MakeReview(std::string_view id, bool approved = true);
v1::DisposalApproval MakeDisposalApproval(std::string_view id, v1::ApprovalAuthority authority,
                                          bool approved = true);
v1::DisposalNotice MakeNotice(std::string_view id, std::string_view start = "2026-09-20",
                              std::string_view end = "2026-09-30");
v1::DisposalCompletion MakeCompletion(std::string_view id, int64_t price_fen, int64_t proceeds_fen,
                                      std::string_view date = "2026-10-08");

// Income of a photovoltaic asset for August 2026 received on 2026-09-05 by the village
// collective of kVillage: gross `gross_fen`, land rent 10.00 and operation 5.00 yuan, 60,000 kWh.
v1::IncomeRecord MakeIncome(std::string_view id, std::string_view code, int64_t gross_fen = 10'000,
                            std::string_view start = "2026-08-01",
                            std::string_view end = "2026-08-31");

// On a FundFixture log: payment "DA" of 200.00 yuan for P1 under C1; the village accountant;
// asset "AS1" (operational PV station, 200.00 yuan from P1) confirmed to the village collective of
// kVillage on 2026-07-10 and handed over on 2026-07-15; asset "AS2" (public-benefit, 50.00 yuan of
// external funding) confirmed to the village and not handed over.
void AssetFixture(TestLog& log);

// Submits the steps of disposal `id` (applied, of an asset owned by kVillage's collective) after
// `from` up to and including `through`, each by its fixture principal, with the Make* bodies.
void AdvanceDisposal(TestLog& log, std::string_view id, DisposalStage from, DisposalStage through);

// ---- Distribution (distribution_testing.cc) ----

v1::DistributionAllocation Allocation(std::string_view category, int64_t fen);
// Allocations of 85.00 yuan that meet R23 for MakeIncome's default net income (85.00 yuan):
// public_welfare_post_wages 60.00, public_welfare_labour 10.00, small_public_works 15.00.
std::vector<v1::DistributionAllocation> StandardAllocations();
// A plan of kVillage's collective for August 2026 (or `start`..`end`) listing `incomes`,
// total_fen = Σ allocations, adopted on 2026-09-10 by `votes_for` of 40 attending.
v1::DistributionPlan MakeDistributionPlan(
    std::string_view id, const std::vector<std::string>& incomes,
    const std::vector<v1::DistributionAllocation>& allocations, uint32_t votes_for = 30,
    std::string_view start = "2026-08-01", std::string_view end = "2026-08-31");
v1::DistributionReview MakeDistributionReview(std::string_view plan, bool approved = true,
                                              std::string_view date = "2026-09-15");
v1::DistributionFiling MakeFiling(std::string_view plan, std::string_view date = "2026-09-20");
// On the village board, notice hash of `id`.
v1::Announcement MakeAnnouncement(std::string_view id, v1::AnnouncementSubject kind,
                                  std::string_view subject, std::string_view start = "2026-09-21",
                                  std::string_view end = "2026-09-30");
// Basis POST, quantity 1, a bank reference.
v1::DistributionPaymentLine PaymentLine(std::string_view beneficiary, std::string_view category,
                                        int64_t fen);
v1::DistributionPayment MakeDistributionPayment(
    std::string_view id, std::string_view plan,
    const std::vector<v1::DistributionPaymentLine>& lines, std::string_view date = "2026-10-08");
v1::DistributionResult MakeDistributionResult(std::string_view plan,
                                              std::string_view date = "2026-10-20");

// On an AssetFixture log: operation contract "OC1" of AS1 (from 2026-08-01, by the village
// accountant) and income "I1" of AS1 for August 2026 (MakeIncome: net 85.00 yuan, received
// 2026-09-05 by kVillage's collective).
void DistributionFixture(TestLog& log);

// The steps of a plan after its adoption, with the Make* bodies and defaults above.
enum class PlanStep { kAdopted, kReviewed, kFiled, kAnnounced, kPaid, kResulted };
// Submits the steps of plan `id` (adopted, of kVillage's collective) after `from` up to and
// including `through`: review by kTownshipId, filing by kProjectManagerId, announcement "AN-<id>"
// (2026-09-21..09-30), payment "PAY-<id>" of 60.00 yuan public_welfare_post_wages to "hh-001" on
// 2026-10-08, result on 2026-10-20 (the last four by the village accountant).
void AdvancePlan(TestLog& log, std::string_view id, PlanStep from, PlanStep through);

// Everything observable about a state, as text: for before/after and replay comparisons.
std::string DumpState(const LedgerState& state);

}  // namespace ledger::state::testing

#endif  // LEDGER_STATE_STATE_TESTING_H_
