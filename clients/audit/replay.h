#ifndef CLIENTS_AUDIT_REPLAY_H_
#define CLIENTS_AUDIT_REPLAY_H_

// The state an auditor rebuilt from a verified log (VerifyLog with a Replay out-parameter,
// verify_log.h): what `ledgerctl audit report` evaluates the rules on and `ledgerctl export
// journal` writes the fund movements from, so that neither trusts the server's word about its
// own state.
//
//   std::unique_ptr<Replay> replay;
//   LEDGER_ASSIGN_OR_RETURN(AuditReport report, VerifyLog(log, &projections, key, options,
//   &replay)); if (replay) { replay->state.funds().journal(); replay->entries[7].business_date; }
//
// Memory: the state (with the fund journal, one Transfer per movement) and one EntryFacts per
// entry (about 100 bytes).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ledger/state/state.h"

namespace ledger::audit {

// What the report and the exports need of each entry besides the state it leads to.
struct EntryFacts {
  std::string payload_type;   // "ledger.v1.Disbursement"
  std::string business_date;  // header.business_date, "YYYY-MM-DD"
  std::string entry_id;       // header.entry_id, 16 raw bytes
};

struct Replay {
  explicit Replay(state::LedgerState replayed) : state(std::move(replayed)) {}

  // The state after the last verified entry; it kept the fund journal (FundState::journal).
  state::LedgerState state;
  // entries[i] describes the entry at log index i; entries.size() == state.size().
  std::vector<EntryFacts> entries;
};

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_REPLAY_H_
