#ifndef CLIENTS_AUDIT_RULE_REPORT_H_
#define CLIENTS_AUDIT_RULE_REPORT_H_

// `ledgerctl audit report`: every rule of DOMAIN.md §5 that the recorded data allows, evaluated
// on a log the auditor verified and replayed itself (replay.h), as of a date.
//
//   LEDGER_ASSIGN_OR_RETURN(RuleReport report, EvaluateRules(*replay, {.date = "2026-11-22"}));
//   for (const RuleStatus& r : report.rules) ...;      // what was checked, and how
//   for (const RuleFinding& f : report.findings) ...;  // what an auditor reports
//
// Three kinds of rule (docs/FORMATS.md §17 has the definitions and thresholds):
//  - enforced: the state machine rejects an entry that breaks it (R1..R7, R9, R11, R13..R21,
//    R23, R24, R26, R27, and the signer checks L-KEY, L-SIGNATURE, L-AUTH). The replay accepted
//    every entry again, so each was valid when appended; the report counts the entries of the
//    body types each rule is checked on. They never produce findings here: a violation would
//    have failed the verification (exit 2) before the report.
//  - evaluated: judgements the server does not reject, reported as findings with evidence:
//    R22 flat equal cash and R25 idle income (ledger/state/income_findings.h); R29 the county's
//    asset totals equal the sum of its townships' and villages'; R31 payables outstanding for
//    `outstanding_years` or more (a contract's unpaid remainder after its end date, a project's
//    approved and unpaid money after its first approval); R32 duplicate payments (one voucher or
//    invoice document on two payments, one bank transaction reference on two payment lines, the
//    same payee, project and amount paid twice within `duplicate_window_days`).
//  - not evaluated: rules the recorded fields cannot decide (R8, R10, R12, R28, R30, and R32's
//    related-party part), each with the reason.
//
// Pure and deterministic: reads the replay only; no clock, no I/O. The age thresholds (R25,
// R31, R32's window) are measured to `date`; the records looked at are the whole replayed log.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/audit/replay.h"
#include "ledger/state/asset_state.h"
#include "ledger/v1/asset_service.pb.h"

namespace ledger::audit {

enum class RuleKind { kEnforced, kEvaluated, kNotEvaluated };

// "enforced", "evaluated", "not evaluated".
std::string_view RuleKindName(RuleKind kind);

// One rule of the report, with how it was checked.
struct RuleStatus {
  std::string rule;  // "R3"; "L-KEY/L-SIGNATURE/L-AUTH" for the signer checks
  RuleKind kind = RuleKind::kEnforced;
  std::string category;  // the 三资 audit category (DOMAIN.md §5) its findings fall under
  std::string title;     // what the rule asks, in Chinese
  // enforced: the body types it is checked on ("Disbursement, PlanApproval"); evaluated: what
  // was examined ("plans"); not evaluated: why not.
  std::string basis;
  uint64_t examined = 0;  // entries re-checked (enforced) or items examined (evaluated)
  uint64_t findings = 0;
};

struct RuleFinding {
  std::string rule;
  std::string category;
  std::string title;    // the rule's title
  std::string subject;  // a plan, an owner, a division, a contract, a document or a reference
  v1::Party owner;      // R22: the plan's owner; R25: the owner (PARTY_KIND_UNSPECIFIED else)
  int64_t amount_fen = 0;
  std::string message;            // one sentence with the numbers, in English
  std::vector<uint64_t> indexes;  // the evidence entries, ascending, no repeats
};

struct RuleReport {
  std::string date;
  uint64_t entries = 0;               // entries replayed
  std::vector<RuleStatus> rules;      // by rule number
  std::vector<RuleFinding> findings;  // by rule number, then subject
};

struct ReportOptions {
  std::string date;  // "YYYY-MM-DD", required
  // R32: two payments of one payee, project and amount this many days apart or less.
  uint32_t duplicate_window_days = 7;
  // R31: outstanding for at least this many years.
  uint32_t outstanding_years = 3;
};

// The report above. kInvalidArgument for a malformed date; replay.entries must describe every
// entry of replay.state (as VerifyLog hands it back).
absl::StatusOr<RuleReport> EvaluateRules(const Replay& replay, const ReportOptions& options);

// R29 on `totals` (views::AssetTotals of the log's division): for each class and in sum, count and
// original value, in service and disposed, the county equals its own assets plus its townships',
// each township its own plus its villages', each village its own. One finding per division that
// does not add up, with the registrations of the assets located under it as evidence.
std::vector<RuleFinding> CheckAssetTotals(const v1::AssetTotals& totals,
                                          const state::AssetState& assets);

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_RULE_REPORT_H_
