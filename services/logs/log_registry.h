#ifndef SERVICES_LOGS_LOG_REGISTRY_H_
#define SERVICES_LOGS_LOG_REGISTRY_H_

// The logs one server hosts: one sequencer per log, each with its checkpoint key from a key file.
//
//   LEDGER_ASSIGN_OR_RETURN(auto logs, LogRegistry::Open(store, pool, SystemClock(), options));
//   LEDGER_ASSIGN_OR_RETURN(LogSequencer* log, logs->Find("ledger.example.org/341721"));
//
// Checkpoint keys live in `key_dir` as PKCS#8 PEM files with mode 0600 (crypto/key_file.h), one
// per log, named after the origin with every character outside [A-Za-z0-9.-] replaced by '_'
// ("ledger.example.org_341721.log.key"). The database holds only the public verifier key, and
// opening a log checks that the two match.
//
// Thread-safe.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/sequencer/clock.h"
#include "ledger/sequencer/sequencer.h"
#include "ledger/sequencer/worker_pool.h"
#include "ledger/storage/ledger_store.h"

namespace ledger::logs {

// Checks an origin "<prefix>/<6-digit county code>": prefix 1 to 200 characters, lower-case, no
// space, no '+', no control character. kInvalidArgument with the reason.
absl::Status ValidateOrigin(std::string_view origin);

// The 6-digit division code at the end of a valid origin.
std::string DivisionCodeOf(std::string_view origin);

struct LogRegistryOptions {
  std::string key_dir = "var/keys";
  sequencer::SequencerOptions sequencer;
};

class LogRegistry {
 public:
  // Opens every log in `store` (replaying each; kDataLoss if a log fails its self-check,
  // kFailedPrecondition if its key file is missing or does not match). The arguments must
  // outlive the registry.
  static absl::StatusOr<std::unique_ptr<LogRegistry>> Open(storage::LedgerStore& store,
                                                           sequencer::WorkerPool& pool,
                                                           sequencer::Clock& clock,
                                                           LogRegistryOptions options);

  // The log with this origin; kNotFound naming the logs that exist.
  absl::StatusOr<sequencer::LogSequencer*> Find(std::string_view origin) const;

  // Creates a log: validates the origin, writes a fresh checkpoint key file (never overwriting
  // one), registers the log with its signed empty checkpoint and starts its sequencer.
  // kAlreadyExists if the origin is taken.
  absl::StatusOr<sequencer::LogSequencer*> Create(std::string_view origin);

  std::vector<std::string> Origins() const;

  // The path of the checkpoint key file of `origin`.
  std::string KeyFilePath(std::string_view origin) const;

 private:
  LogRegistry(storage::LedgerStore& store, sequencer::WorkerPool& pool, sequencer::Clock& clock,
              LogRegistryOptions options)
      : store_(store), pool_(pool), clock_(clock), options_(std::move(options)) {}
  absl::Status OpenLog(const storage::LogRecord& log);

  storage::LedgerStore& store_;
  sequencer::WorkerPool& pool_;
  sequencer::Clock& clock_;
  const LogRegistryOptions options_;

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<sequencer::LogSequencer>, std::less<>> logs_;
};

}  // namespace ledger::logs

#endif  // SERVICES_LOGS_LOG_REGISTRY_H_
