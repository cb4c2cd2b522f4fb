#include "services/http/json_api.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/crypto/sha256.h"
#include "ledger/merkle/proof.h"
#include "ledger/util/base64.h"
#include "nlohmann/json.hpp"
#include "services/http/board_entries.h"
#include "services/logs/reads.h"

namespace ledger::http {
namespace {

HttpReply Json(const nlohmann::json& body, const char* cache_control) {
  return HttpReply{.status = 200,
                   .content_type = kJsonType,
                   .body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                   .cache_control = cache_control};
}

nlohmann::json Hashes(const std::vector<merkle::Hash>& hashes) {
  nlohmann::json out = nlohmann::json::array();
  for (const merkle::Hash& h : hashes) out.push_back(Base64Encode(crypto::AsStringView(h)));
  return out;
}

}  // namespace

HttpReply CheckpointJson(const BoardSources& sources, const Query& query) {
  absl::StatusOr<std::string> origin = RequiredParam(query, "log");
  if (!origin.ok()) return JsonError(origin.status());
  absl::StatusOr<logs::Published> at = logs::FindPublished(sources.logs, sources.store, *origin, 0);
  if (!at.ok()) return JsonError(at.status());
  absl::StatusOr<std::string> note =
      sources.cosignatures.Cosigned(at->log->log(), at->checkpoint, {});
  if (!note.ok()) return JsonError(note.status());
  return Json({{"origin", at->log->log().origin},
               {"size", at->checkpoint.tree_size},
               {"root_hash", Base64Encode(crypto::AsStringView(at->checkpoint.root))},
               {"note", *note}},
              kNoStore);
}

HttpReply LeafJson(const BoardSources& sources, const Query& query) {
  absl::StatusOr<std::string> origin = RequiredParam(query, "log");
  if (!origin.ok()) return JsonError(origin.status());
  absl::StatusOr<uint64_t> index = UintParam(query, "index");
  if (!index.ok()) return JsonError(index.status());
  absl::StatusOr<sequencer::LogSequencer*> log = sources.logs.Find(*origin);
  if (!log.ok()) return JsonError(log.status());
  const uint64_t size = (*log)->LatestCheckpoint().tree_size;
  if (absl::Status s = logs::ValidateProofRange(*index, size); !s.ok()) return JsonError(s);
  if (sources.leaves_of_board_only) {
    bool on_board = false;
    (*log)->ReadState([&](const state::LedgerState& state) {
      on_board = BoardEntryIndexes(state).contains(*index);
    });
    if (!on_board) {
      return JsonError(absl::NotFoundError(absl::StrCat(
          "entry ", *index,
          " is not a record of the public notice board; with "
          "--read-access=scoped the public reads only those (and every checkpoint and proof)")));
    }
  }
  absl::StatusOr<std::string> leaf = logs::ReadLeaf(sources.store, (*log)->log().log_id, *index);
  if (!leaf.ok()) return JsonError(leaf.status());
  return Json({{"index", *index}, {"leaf", Base64Encode(*leaf)}}, kRevalidate);
}

HttpReply InclusionJson(const BoardSources& sources, const Query& query) {
  absl::StatusOr<std::string> origin = RequiredParam(query, "log");
  if (!origin.ok()) return JsonError(origin.status());
  absl::StatusOr<uint64_t> index = UintParam(query, "index");
  if (!index.ok()) return JsonError(index.status());
  absl::StatusOr<uint64_t> size = UintParam(query, "size");
  if (!size.ok()) return JsonError(size.status());
  // Size 0 would mean "the latest" to FindPublished; no index is below it.
  if (absl::Status s = logs::ValidateProofRange(*index, *size); !s.ok()) return JsonError(s);
  absl::StatusOr<logs::Published> at =
      logs::FindPublished(sources.logs, sources.store, *origin, *size);
  if (!at.ok()) return JsonError(at.status());
  storage::LogNodeReader reader(sources.store, at->log->log().log_id);
  absl::StatusOr<std::vector<merkle::Hash>> proof = merkle::InclusionProof(reader, *index, *size);
  if (!proof.ok()) return JsonError(proof.status());
  return Json({{"index", *index}, {"size", *size}, {"hashes", Hashes(*proof)}}, kRevalidate);
}

HttpReply ConsistencyJson(const BoardSources& sources, const Query& query) {
  absl::StatusOr<std::string> origin = RequiredParam(query, "log");
  if (!origin.ok()) return JsonError(origin.status());
  absl::StatusOr<uint64_t> from = UintParam(query, "from");
  if (!from.ok()) return JsonError(from.status());
  absl::StatusOr<uint64_t> to = UintParam(query, "to");
  if (!to.ok()) return JsonError(to.status());
  if (*from > *to) {
    return JsonError(
        absl::InvalidArgumentError(absl::StrCat("from ", *from, " is greater than to ", *to)));
  }
  absl::StatusOr<sequencer::LogSequencer*> log = sources.logs.Find(*origin);
  if (!log.ok()) return JsonError(log.status());
  std::vector<merkle::Hash> proof;
  if (*to > 0) {  // every log has its empty checkpoint; FindPublished reads 0 as "the latest"
    absl::StatusOr<logs::Published> at =
        logs::FindPublished(sources.logs, sources.store, *origin, *to);
    if (!at.ok()) return JsonError(at.status());
    storage::LogNodeReader reader(sources.store, at->log->log().log_id);
    absl::StatusOr<std::vector<merkle::Hash>> p = merkle::ConsistencyProof(reader, *from, *to);
    if (!p.ok()) return JsonError(p.status());
    proof = *std::move(p);
  }
  return Json({{"from", *from}, {"to", *to}, {"hashes", Hashes(proof)}}, kRevalidate);
}

}  // namespace ledger::http
