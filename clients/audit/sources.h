#ifndef CLIENTS_AUDIT_SOURCES_H_
#define CLIENTS_AUDIT_SOURCES_H_

// What the auditor reads a log from. The verifier (verify_log.h) trusts nothing a source says:
// every byte is checked against the pinned verifier key and the checkpoint it signed. Sources:
// a server (grpc_sources.h), an export bundle (bundle.h), an in-memory log in tests.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/merkle/hash.h"
#include "ledger/v1/asset_service.pb.h"
#include "ledger/v1/fund_service.pb.h"
#include "ledger/v1/income_service.pb.h"

namespace ledger::audit {

// The log itself. Errors are failures to read (the audit cannot run), not integrity findings.
class LogSource {
 public:
  virtual ~LogSource() = default;

  // The latest signed checkpoint note (docs/FORMATS.md §2), unverified.
  virtual absl::StatusOr<std::string> LatestCheckpoint() = 0;

  // The leaf bytes (§6) of indexes [begin, end), in index order. A source may return fewer
  // leaves than asked for (the verifier reports the first missing index), never more.
  virtual absl::StatusOr<std::vector<std::string>> Entries(uint64_t begin, uint64_t end) = 0;

  // The RFC 9162 audit path of leaf `index` in the tree of `tree_size` leaves. Used only after
  // the root did not match, to name the first leaf that is not the one the checkpoint signed.
  // kUnimplemented (the default) when the source has no proofs.
  virtual absl::StatusOr<std::vector<merkle::Hash>> InclusionProof(uint64_t index,
                                                                   uint64_t tree_size);
};

// The figures the server reports about the state (its projections), to compare with a replay.
class ProjectionSource {
 public:
  virtual ~ProjectionSource() = default;

  // The log size the reported figures reflect now (the latest checkpoint's size); read before
  // and after the figures, so that figures of a log that grew meanwhile are not compared.
  virtual absl::StatusOr<uint64_t> TreeSize() = 0;
  virtual absl::StatusOr<v1::FundSummary> FundSummary() = 0;
  // Every account, all pages.
  virtual absl::StatusOr<std::vector<v1::AccountBalance>> Balances() = 0;
  // The totals of the whole log's division.
  virtual absl::StatusOr<v1::AssetTotals> AssetTotals() = 0;
  virtual absl::StatusOr<v1::OwnerBalance> OwnerBalance(const v1::Party& owner) = 0;
};

}  // namespace ledger::audit

#endif  // CLIENTS_AUDIT_SOURCES_H_
