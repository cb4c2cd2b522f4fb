#ifndef LEDGER_STATE_STATE_TESTING_H_
#define LEDGER_STATE_STATE_TESTING_H_

// Test helpers for the state machine: fixed keys, entry builders and a small log driver.
// Deterministic: keys come from fixed seeds, entry ids from a counter.

#include <cstdint>
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

 private:
  LedgerState state_;
  uint64_t next_entry_id_ = 1;
};

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
// acceptance "A1" of P1 on 2026-06-30; project "P2" registered only.
void FundFixture(TestLog& log);

// Everything observable about a state, as text: for before/after and replay comparisons.
std::string DumpState(const LedgerState& state);

}  // namespace ledger::state::testing

#endif  // LEDGER_STATE_STATE_TESTING_H_
