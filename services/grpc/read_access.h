#ifndef SERVICES_GRPC_READ_ACCESS_H_
#define SERVICES_GRPC_READ_ACCESS_H_

// Who may read what (ledgerd --read-access; docs/ARCHITECTURE.md "Reads are scoped by the client
// certificate", docs/FORMATS.md §21.3).
//
// The reader of a call is the set of registered principals its verified client certificate names
// (client_certificate.h). A principal reads the records about divisions within its scope: a
// village its own, a township its villages', the county (a scope equal to the log's jurisdiction)
// everything; a principal holding the AUDITOR role reads everything. A caller whose certificate
// names no registered principal, or who has none, is the public: it reads the notice board
// (GetNoticeBoard, and the web board), checkpoints, proofs and log information, and nothing else.
// Under --read-access=open (a single-machine demo, a trusted network) everyone reads everything.
//
//   Reader reader = access_.ReaderOf(*context, state);
//   if (absl::Status s = reader.CheckReads(project.location(), "project P-1"); !s.ok()) ...
//
// A refusal is PERMISSION_DENIED with rule L-READ naming the reader's principals, their roles and
// scopes, and the division that was needed. Thread-safe; Reader is a value.

#include <grpcpp/server_context.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "ledger/state/entry.h"
#include "ledger/state/state.h"

namespace ledger::grpc_services {

// The rule id of a read refused for its scope (PERMISSION_DENIED).
inline constexpr std::string_view kReadRule = "L-READ";

enum class ReadAccessMode {
  kScoped,  // readers are the principals their client certificate names (the default)
  kOpen,    // every caller reads everything
};

class Reader {
 public:
  // Reads everything (--read-access=open).
  static Reader Everyone();
  // The principals among `principal_ids` (a client certificate's) that `state` has registered;
  // ids it does not know are ignored. No registered principal: the public.
  static Reader Of(const state::LedgerState& state, std::span<const std::string> principal_ids);

  // Neither open nor any registered principal.
  bool IsPublic() const { return !everything_ && principals_.empty(); }
  // Open, an AUDITOR, or a principal whose scope is the log's whole jurisdiction.
  bool ReadsEverything() const { return everything_; }
  // Whether the records about `division` are readable: some principal's scope is a prefix of it.
  // "" (a record about no division) only when ReadsEverything().
  bool Reads(std::string_view division) const;

  // OK unless the public; `what` is the thing asked for ("the principals of the log").
  absl::Status CheckIdentified(std::string_view what) const;
  // OK when Reads(division); `what` names the record ("project P-1").
  absl::Status CheckReads(std::string_view division, std::string_view what) const;
  // OK when ReadsEverything(); for county-wide figures (fund receipts, the fund summary).
  absl::Status CheckReadsEverything(std::string_view what) const;
  // OK when this reader may read the log entry `entry` at `index`: any identified reader reads
  // the identity and policy entries (every signature is checked against them); otherwise the
  // division the entry is about (state::SubjectOf) must be readable.
  absl::Status CheckEntry(const state::LedgerState& state, const state::Entry& entry,
                          uint64_t index) const;

  // "the public (no client certificate naming a principal of this log)" or
  // "principal xzj-1 (VILLAGE_ACCOUNTANT, scope 341721001001)".
  std::string Describe() const;

 private:
  struct Principal {
    std::string id;
    std::string roles;  // state::RoleNames
    std::string scope;
  };

  absl::Status Denied(std::string_view what, std::string_view needs) const;

  bool everything_ = false;
  std::vector<Principal> principals_;
};

class ReadAccess {
 public:
  explicit ReadAccess(ReadAccessMode mode) : mode_(mode) {}

  ReadAccessMode mode() const { return mode_; }
  // The reader of the call `context` in the log whose state is `state`.
  Reader ReaderOf(const grpc::ServerContext& context, const state::LedgerState& state) const;

 private:
  const ReadAccessMode mode_;
};

}  // namespace ledger::grpc_services

#endif  // SERVICES_GRPC_READ_ACCESS_H_
