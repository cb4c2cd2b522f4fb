#ifndef LEDGER_BENCH_WORKLOAD_H_
#define LEDGER_BENCH_WORKLOAD_H_

// The county ledger-bench plays: what a finance bureau does all year, reduced to its hot path.
//
//   Workload county("bench.example.org/341721");
//   std::vector<std::string> setup = county.Setup(verifier_key);   // submit in order, one by one
//   std::vector<std::string> payments = county.Disbursements(0, 10000, pool);
//
// Setup: the Genesis (administrator), the finance bureau (FUND_MANAGER) and the rural
// revitalization bureau (PROJECT_MANAGER) with their keys, a receipt of central linkage money,
// project P1 through the project library's four steps and approved in the annual plan, contract
// C1 for it and P1's before-notice (事前公示), ended. Then any number of progress payments
// (进度款) PAY-<n> of 1 to 99 fen on C1, each a Disbursement signed by the finance bureau: every
// one passes R1, R3, R4, R5 and R11 against the state, so the whole state machine runs for each.
//
// Dates are relative to today in Asia/Shanghai, so a run on any day is valid. Keys are fresh per
// Workload. Thread-safe after construction.

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/crypto/ed25519.h"
#include "ledger/sequencer/worker_pool.h"

namespace ledger::bench {

class Workload {
 public:
  // The most disbursements one Workload's contract pays for (C1 is sized for it).
  static constexpr uint64_t kMaxDisbursements = 100'000'000;

  explicit Workload(std::string origin);

  const std::string& origin() const { return origin_; }
  // The administrator's public key (the Genesis key), for pinning.
  const crypto::Ed25519PublicKey& admin_key() const { return admin_.public_key(); }

  // The set-up entries, in the order they must be appended; the Genesis records `verifier_key`
  // (the log's checkpoint key, note form).
  std::vector<std::string> Setup(const std::string& verifier_key) const;

  // Signed disbursement envelope number n (payment id "PAY-<n>", a fresh entry id).
  std::string Disbursement(uint64_t n) const;
  // Disbursements [begin, begin + count), signed in parallel on `pool`.
  std::vector<std::string> Disbursements(uint64_t begin, size_t count,
                                         sequencer::WorkerPool& pool) const;

 private:
  std::string Day(int offset) const;  // today + offset days, "YYYY-MM-DD"

  std::string origin_;
  std::string division_code_;
  std::string today_;
  crypto::Ed25519PrivateKey admin_;
  crypto::Ed25519PrivateKey finance_;
  crypto::Ed25519PrivateKey projects_;
};

}  // namespace ledger::bench

#endif  // LEDGER_BENCH_WORKLOAD_H_
