#ifndef CLIENTS_AUDIT_TRACE_H_
#define CLIENTS_AUDIT_TRACE_H_

// Follow the money (`ledgerctl trace asset|fund`): the entries of a verified log that make one
// asset's or one fund source's chain
//
//   fund receipt → approval → disbursements → asset → income → distributions → disposal
//   → reinvestment
//
// collected from the entries themselves, not from the server's figures:
//
//   TraceIndex index;
//   options.on_entry = [&](uint64_t i, const merkle::Hash&, const state::Entry& e) {
//     index.Add(i, e);
//   };
//   VerifyLog(log, nullptr, key, options);          // no failure: the entries are the signed ones
//   LEDGER_ASSIGN_OR_RETURN(std::vector<TraceStep> steps, index.Asset("GF-2026-001"));
//
// What belongs to a chain (docs/FORMATS.md §15):
//  - an asset: its registration; upstream, for each funding line's project, the project's
//    registration, steps, approvals, contracts, acceptances, announcements, disbursements (with
//    their reversals and rosters), and the receipts of the line's source in the years the
//    project was approved from it; the registrations (and disposals) of the assets it descends
//    from (lineage); downstream, its ownership, handover, rights, operation contracts,
//    maintenance, announcements, income records, the distribution plans that distribute them
//    with their reviews, filings, payments, results and announcements, its disposals with every
//    step, the project the proceeds were reinvested in (with that project's chain), and the
//    assets registered as descending from it;
//  - a fund source (optionally of one year): its receipts (with reversals), the approvals with a
//    line of that source, those projects' chains with only the disbursements from that source,
//    and, for every asset with a funding line of that source, the asset's downstream chain.
// Funds are pooled per source (docs/ARCHITECTURE.md, double entry), so a project is linked to the
// receipts of its source and approval year, not to one receipt.
//
// Not thread-safe; memory: the bodies of the fund, asset and income entries of the log.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "ledger/state/entry.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::audit {

// Which part of the chain a step belongs to.
enum class TracePart {
  kFunds,         // receipts, projects, approvals, contracts, disbursements
  kLineage,       // assets it descends from or that descend from it
  kAsset,         // the asset's registration and management
  kIncome,        // income records
  kDistribution,  // distribution plans and their chain
  kDisposal,      // the disposal chain
  kReinvestment,  // the project the disposal proceeds went to
};

// "funds", "lineage", "asset", "income", "distribution", "disposal", "reinvestment".
std::string_view TracePartName(TracePart part);

struct TraceStep {
  uint64_t index = 0;
  TracePart part = TracePart::kFunds;
  std::string payload_type;  // "ledger.v1.Disbursement"
  std::string what;          // "disbursement" (English) and ...
  std::string what_zh;       // ... "拨付" (Chinese)
  std::string subject;       // the id it is about: receipt, project, payment, asset code, ...
  std::string business_date;
  std::optional<int64_t> amount_fen;  // the money the step moves or records, when it has one
  std::string detail;                 // a short description, e.g. "P-1 advance to 某建筑公司"
};

class TraceIndex {
 public:
  // Keeps the entry if it is a fund, asset or income body (the others are not part of a chain).
  // Entries must be added in index order, each once.
  void Add(uint64_t index, const state::Entry& entry);

  // The chain of the asset `asset_code`, in index order. kNotFound when no asset of that code
  // was registered in the entries added.
  absl::StatusOr<std::vector<TraceStep>> Asset(std::string_view asset_code) const;

  // The chain of `source`, in index order; `year` (0: all) limits receipts and approvals to that
  // funds' year. kNotFound when nothing was received from that source (in that year);
  // kInvalidArgument for FUND_SOURCE_UNSPECIFIED.
  absl::StatusOr<std::vector<TraceStep>> Fund(v1::FundSource source, uint32_t year) const;

 private:
  struct Kept {
    uint64_t index = 0;
    std::string payload_type;
    std::shared_ptr<const google::protobuf::Message> body;
  };
  class Collector;

  std::vector<Kept> kept_;
  // payload type -> positions in kept_, ascending.
  std::map<std::string, std::vector<size_t>, std::less<>> by_type_;
};

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_TRACE_H_
