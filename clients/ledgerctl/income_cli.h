#ifndef CLIENTS_LEDGERCTL_INCOME_CLI_H_
#define CLIENTS_LEDGERCTL_INCOME_CLI_H_

// What ledgerctl's income, distribution and announcement commands share: the syntax of plan
// allocations and payment lines typed on the command line, Chinese labels, and the
// IncomeService stub. Parties use the syntax of asset_cli.h.
//
//   --allocation <category>=<yuan>             e.g. public_welfare_post_wages=12,000.00
//   --line <beneficiary>:<basis>:<quantity>:<category>:<yuan>:<bank reference>
//                                              e.g.
//                                              H-0012:post:12:public_welfare_post_wages:3,000.00:BK-0001
//     (basis post = months on the post, labour-days = days worked, share = shares; the bank
//      reference is everything after the fifth colon)

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "clients/ledgerctl/commands.h"
#include "ledger/v1/income.pb.h"
#include "ledger/v1/income_service.grpc.pb.h"
#include "ledger/views/labels.h"

namespace ledger::ledgerctl {

extern const char kAllocationSyntax[];
extern const char kPaymentLineSyntax[];

// Parses "<category>=<yuan>"; kInvalidArgument naming --allocation and the expected syntax.
absl::StatusOr<v1::DistributionAllocation> ParseAllocation(const std::string& text);
// Parses a payment line of the syntax above; kInvalidArgument naming --line.
absl::StatusOr<v1::DistributionPaymentLine> ParsePaymentLine(const std::string& text);

// Chinese labels for tables and CSV.
std::string PlanStageLabel(v1::PlanStage s);
using views::BasisLabel;
using views::CategoryLabel;
using views::ChannelLabel;
using views::SubjectLabel;

std::unique_ptr<v1::IncomeService::Stub> IncomeStub(CliContext& ctx);

// Every page of GetIncomeLedger (ListPlans) for `request` (origin, filters), in one response;
// page_size 1000 unless set. The server's error as a Status.
absl::StatusOr<v1::GetIncomeLedgerResponse> FetchIncomeLedger(CliContext& ctx,
                                                              v1::GetIncomeLedgerRequest request);
absl::StatusOr<v1::ListPlansResponse> FetchPlans(CliContext& ctx, v1::ListPlansRequest request);

// income record (in the group `income`), distribution plan|review|file|pay|result (in the group
// `distribution`) and announce (top level).
void AddIncomeWriteCommands(CLI::App& app, CLI::App* income, CLI::App* distribution,
                            Action* action);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_INCOME_CLI_H_
