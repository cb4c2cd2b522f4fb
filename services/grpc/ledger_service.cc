#include "services/grpc/ledger_service.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/support/proto_buffer_reader.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ledger/envelope/leaf.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/proof.h"
#include "ledger/note/tlog_proof.h"
#include "ledger/util/rule_error.h"
#include "ledger/util/status_macros.h"
#include "services/grpc/client_certificate.h"
#include "services/grpc/grpc_status.h"
#include "services/logs/reads.h"

namespace ledger::grpc_services {
namespace {

using logs::FindPublished;
using logs::Published;
using logs::ValidateProofRange;
using sequencer::LogSequencer;
using sequencer::SubmitOutcome;

void CopyHashes(const std::vector<merkle::Hash>& hashes,
                google::protobuf::RepeatedPtrField<std::string>* out) {
  out->Reserve(static_cast<int>(hashes.size()));
  for (const merkle::Hash& h : hashes) out->Add(std::string(crypto::AsStringView(h)));
}

v1::SubmitResult::Outcome ToProto(SubmitOutcome::Kind kind) {
  switch (kind) {
    case SubmitOutcome::Kind::kCreated:
      return v1::SubmitResult::OUTCOME_CREATED;
    case SubmitOutcome::Kind::kExists:
      return v1::SubmitResult::OUTCOME_EXISTS;
    case SubmitOutcome::Kind::kConflict:
      return v1::SubmitResult::OUTCOME_CONFLICT;
    case SubmitOutcome::Kind::kRejected:
      return v1::SubmitResult::OUTCOME_REJECTED;
  }
  return v1::SubmitResult::OUTCOME_UNSPECIFIED;
}

// OK when `reader` may read every one of `entries` (read_access.h); else the refusal naming the
// first it may not. An entry that does not decode is about the whole log.
absl::Status CheckEntriesReadable(const LogSequencer& log, const Reader& reader,
                                  const std::vector<storage::StoredEntry>& entries) {
  if (reader.ReadsEverything()) return absl::OkStatus();
  absl::Status status;
  log.ReadState([&](const state::LedgerState& state) {
    for (const storage::StoredEntry& e : entries) {
      absl::StatusOr<envelope::Leaf> leaf = envelope::DecodeLeaf(e.leaf);
      absl::StatusOr<state::Entry> entry =
          leaf.ok() ? state::DecodeEntry(leaf->envelope_bytes) : leaf.status();
      status = entry.ok() ? reader.CheckEntry(state, *entry, e.index)
                          : reader.CheckReadsEverything(absl::StrCat("log entry ", e.index));
      if (!status.ok()) return;
    }
  });
  return status;
}

// `bytes` parsed as a SubmitRequest into `request`; INVALID_ARGUMENT saying why when they are not
// one. The fields are counted before anything is parsed (kSubmitRequestFieldsMax).
absl::Status ParseSubmitRequest(const grpc::ByteBuffer& bytes, v1::SubmitRequest* request) {
  {
    grpc::ByteBuffer shared(bytes);  // the same slices, not a copy
    grpc::ProtoBufferReader reader(&shared);
    google::protobuf::io::CodedInputStream in(&reader);
    int fields = 0;
    for (uint32_t tag = in.ReadTag(); tag != 0; tag = in.ReadTag()) {
      if (++fields > kSubmitRequestFieldsMax) {
        return absl::InvalidArgumentError(absl::StrCat(
            "the request has more than ", kSubmitRequestFieldsMax,
            " fields; a Submit has its origin, return_proofs and no more envelopes than one "
            "call may carry, so nothing was parsed"));
      }
      // A malformed field ends the count; the parse below says what is wrong.
      if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) break;
    }
  }
  grpc::ByteBuffer shared(bytes);
  grpc::ProtoBufferReader reader(&shared);
  if (!request->ParseFromZeroCopyStream(&reader)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request (", bytes.Length(),
                     " bytes) is not a ledger.v1.SubmitRequest protobuf: a field runs past the "
                     "end, has a wire type that does not exist, or a string field is not UTF-8"));
  }
  return absl::OkStatus();
}

}  // namespace

LedgerServiceImpl::LedgerServiceImpl(logs::LogRegistry& logs, storage::LedgerStore& store,
                                     logs::Cosignatures& cosignatures, LedgerServiceOptions options)
    : logs_(logs),
      store_(store),
      cosignatures_(cosignatures),
      options_(options),
      access_(options.read_access),
      proof_answers_(options.proof_answer_threads) {
  for (size_t i = 0; i < std::max<size_t>(1, options_.submit_threads); ++i) {
    submit_threads_.emplace_back([this] { RunSubmits(); });
  }
}

LedgerServiceImpl::~LedgerServiceImpl() {
  {
    std::lock_guard<std::mutex> lock(submit_mu_);
    stopping_ = true;
  }
  submit_cv_.notify_all();
  for (std::thread& t : submit_threads_) t.join();
}

void LedgerServiceImpl::RunSubmits() {
  for (;;) {
    std::function<void()> call;
    {
      std::unique_lock<std::mutex> lock(submit_mu_);
      submit_cv_.wait(lock, [this] { return stopping_ || !submit_queue_.empty(); });
      if (submit_queue_.empty()) return;  // stopping, and nothing left to answer
      call = std::move(submit_queue_.front());
      submit_queue_.pop_front();
    }
    call();
  }
}

grpc::ServerUnaryReactor* LedgerServiceImpl::Submit(grpc::CallbackServerContext* context,
                                                    const grpc::ByteBuffer* request,
                                                    grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const int64_t request_bytes = static_cast<int64_t>(request->Length());
  const int64_t cost = std::max(request_bytes, kSubmitCallBytesMin);
  absl::Status refused;
  {
    std::lock_guard<std::mutex> lock(submit_mu_);
    if (submit_bytes_in_flight_ + cost > options_.submit_bytes_in_flight_max) {
      refused =
          RuleError(absl::StatusCode::kResourceExhausted, "L-OVERLOAD",
                    absl::StrCat("Submit calls of ", submit_bytes_in_flight_,
                                 " request bytes are being handled, and this one (", request_bytes,
                                 " bytes) would go beyond the server's bound of ",
                                 options_.submit_bytes_in_flight_max,
                                 " bytes; nothing was written, retry later"));
    } else {
      submit_bytes_in_flight_ += cost;
      // Runs on a submit thread; gRPC keeps context, request and response until Finish.
      submit_queue_.emplace_back([this, context, request, response, reactor, cost] {
        // Gives the call's bytes back to the budget and finishes it; called exactly once.
        std::function<void(grpc::Status)> finish = [this, reactor, cost](grpc::Status status) {
          {
            std::lock_guard<std::mutex> lock(submit_mu_);
            submit_bytes_in_flight_ -= cost;
          }
          reactor->Finish(status);
        };
        if (context->IsCancelled()) {
          finish(grpc::Status(grpc::StatusCode::CANCELLED,
                              "the call was cancelled or its deadline passed before it was "
                              "handled; nothing was written"));
          return;
        }
        auto parsed = std::make_shared<v1::SubmitRequest>();
        if (absl::Status s = ParseSubmitRequest(*request, parsed.get()); !s.ok()) {
          finish(ToGrpcStatus(s));
          return;
        }
        SubmitParsed(*context, std::move(parsed), response, std::move(finish));
      });
    }
  }
  if (refused.ok()) {
    submit_cv_.notify_one();
  } else {
    reactor->Finish(ToGrpcStatus(refused));
  }
  return reactor;
}

grpc::Status LedgerServiceImpl::CreateLog(grpc::ServerContext* context,
                                          const v1::CreateLogRequest* request,
                                          v1::CreateLogResponse* response) {
  if (!options_.allow_remote_create_log && !IsLoopbackPeer(context->peer())) {
    return grpc::Status(
        grpc::StatusCode::PERMISSION_DENIED,
        absl::StrCat("CreateLog is allowed only from this machine (peer ", context->peer(),
                     "); start ledgerd with ", "--allow-remote-create-log to allow it"));
  }
  absl::StatusOr<LogSequencer*> log = logs_.Create(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  v1::LogInfo* info = response->mutable_log();
  info->set_origin((*log)->log().origin);
  info->set_verifier_key((*log)->log().verifier_key);
  info->set_tree_size((*log)->LatestCheckpoint().tree_size);
  return grpc::Status::OK;
}

void LedgerServiceImpl::SubmitParsed(grpc::ServerContextBase& context,
                                     std::shared_ptr<v1::SubmitRequest> request,
                                     grpc::ByteBuffer* response,
                                     std::function<void(grpc::Status)> finish) {
  absl::StatusOr<LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return finish(ToGrpcStatus(log.status()));
  // Moved, not copied: the request may be close to kRequestBytesMax, and the answer needs only
  // its other fields.
  std::vector<std::string> envelopes;
  envelopes.reserve(static_cast<size_t>(request->envelopes_size()));
  for (std::string& e : *request->mutable_envelopes()) envelopes.push_back(std::move(e));
  if (options_.match_client_certificate) {
    const ClientCertificate cert = ClientCertificateOf(*context.auth_context());
    if (absl::Status s = CheckSigners(cert, envelopes); !s.ok()) return finish(ToGrpcStatus(s));
  }
  // A caller that has given up (deadline passed, cancelled) gets nothing appended: once queued,
  // entries are written whether or not anyone waits for the answer.
  if (context.IsCancelled()) {
    return finish(grpc::Status(grpc::StatusCode::CANCELLED,
                               "the call was cancelled or its deadline passed before the entries "
                               "were queued; nothing was written"));
  }
  // `response` stays valid until the call finishes; the server waits for every unfinished call
  // before it is destroyed, and this service and the logs outlive the server (services/ledgerd).
  (*log)->SubmitAsync(
      std::move(envelopes), [this, log = *log, request, response, finish = std::move(finish)](
                                absl::StatusOr<std::vector<SubmitOutcome>> outcomes) mutable {
        if (!outcomes.ok()) {
          finish(ToGrpcStatus(outcomes.status()));
        } else if (request->return_proofs()) {
          // One storage read per entry: not on the writer thread.
          proof_answers_.Post([this, log, request, response, finish = std::move(finish),
                               outcomes = *std::move(outcomes)] {
            finish(AnswerSubmit(*log, *request, outcomes, response));
          });
        } else {
          finish(AnswerSubmit(*log, *request, *outcomes, response));
        }
      });
}

grpc::Status LedgerServiceImpl::AnswerSubmit(const LogSequencer& log,
                                             const v1::SubmitRequest& request,
                                             const std::vector<SubmitOutcome>& outcomes,
                                             grpc::ByteBuffer* response_bytes) const {
  v1::SubmitResponse response;
  storage::StoredCheckpoint checkpoint;
  if (request.return_proofs()) {
    checkpoint = log.LatestCheckpoint();
    response.set_checkpoint(checkpoint.note);
    response.set_checkpoint_size(checkpoint.tree_size);
  }
  storage::LogNodeReader reader(store_, log.log().log_id);
  for (const SubmitOutcome& o : outcomes) {
    v1::SubmitResult* r = response.add_results();
    r->set_outcome(ToProto(o.kind));
    r->set_entry_id(o.entry_id);
    if (o.kind == SubmitOutcome::Kind::kRejected || o.kind == SubmitOutcome::Kind::kConflict) {
      r->set_code(static_cast<int32_t>(o.status.code()));
      r->set_rule(RuleOf(o.status));
      // Cut like a status message: an entry quoting a 10 MB field must not make a 10 GB answer
      // of a batch of a thousand.
      r->set_message(BoundedStatusMessage(std::string(o.status.message())));
    }
    if (o.kind == SubmitOutcome::Kind::kRejected) continue;
    r->set_index(o.index);
    if (o.kind == SubmitOutcome::Kind::kConflict) continue;
    r->set_leaf_hash(std::string(crypto::AsStringView(o.leaf_hash)));
    if (request.return_proofs() && o.index < checkpoint.tree_size) {
      absl::StatusOr<std::vector<merkle::Hash>> proof =
          merkle::InclusionProof(reader, o.index, checkpoint.tree_size);
      if (!proof.ok()) return ToGrpcStatus(proof.status());
      CopyHashes(*proof, r->mutable_inclusion_proof());
    }
  }
  bool own_buffer = false;
  return grpc::SerializationTraits<v1::SubmitResponse>::Serialize(response, response_bytes,
                                                                  &own_buffer);
}

grpc::Status LedgerServiceImpl::GetLogInfo(grpc::ServerContext* /*context*/,
                                           const v1::GetLogInfoRequest* request,
                                           v1::LogInfo* response) {
  absl::StatusOr<LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  response->set_origin((*log)->log().origin);
  response->set_verifier_key((*log)->log().verifier_key);
  response->set_tree_size((*log)->LatestCheckpoint().tree_size);
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::GetCheckpoint(grpc::ServerContext* /*context*/,
                                              const v1::GetCheckpointRequest* request,
                                              v1::GetCheckpointResponse* response) {
  absl::StatusOr<Published> at =
      FindPublished(logs_, store_, request->origin(), request->tree_size());
  if (!at.ok()) return ToGrpcStatus(at.status());
  LogSequencer* log = at->log;
  const storage::StoredCheckpoint* cp = &at->checkpoint;
  const std::vector<std::string> witness_keys(request->witness_keys().begin(),
                                              request->witness_keys().end());
  absl::StatusOr<std::string> cosigned = cosignatures_.Cosigned(log->log(), *cp, witness_keys);
  if (!cosigned.ok()) return ToGrpcStatus(cosigned.status());
  response->set_checkpoint(*std::move(cosigned));
  response->set_tree_size(cp->tree_size);
  response->set_root_hash(std::string(crypto::AsStringView(cp->root)));
  if (request->consistency_from() > 0) {
    if (request->consistency_from() > cp->tree_size) {
      return grpc::Status(grpc::StatusCode::OUT_OF_RANGE,
                          absl::StrCat("consistency_from ", request->consistency_from(),
                                       " is beyond the checkpoint's size ", cp->tree_size));
    }
    storage::LogNodeReader reader(store_, log->log().log_id);
    absl::StatusOr<std::vector<merkle::Hash>> proof =
        merkle::ConsistencyProof(reader, request->consistency_from(), cp->tree_size);
    if (!proof.ok()) return ToGrpcStatus(proof.status());
    CopyHashes(*proof, response->mutable_consistency_proof());
  }
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::AddCosignature(grpc::ServerContext* /*context*/,
                                               const v1::AddCosignatureRequest* request,
                                               v1::AddCosignatureResponse* response) {
  absl::StatusOr<logs::CosignatureAdded> added =
      cosignatures_.Add(request->origin(), request->witness_key(), request->cosigned_checkpoint());
  if (!added.ok()) return ToGrpcStatus(added.status());
  response->set_stored(added->stored);
  response->set_tree_size(added->tree_size);
  response->set_timestamp(added->timestamp_s);
  response->set_checkpoint(std::move(added->served_note));
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::GetEntries(grpc::ServerContext* context,
                                           const v1::GetEntriesRequest* request,
                                           grpc::ServerWriter<v1::GetEntriesResponse>* writer) {
  absl::StatusOr<LogSequencer*> log = logs_.Find(request->origin());
  if (!log.ok()) return ToGrpcStatus(log.status());
  const uint64_t size = (*log)->LatestCheckpoint().tree_size;
  const uint64_t end = std::min(request->end(), size);
  if (request->start() > request->end()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("start ", request->start(), " is after end ", request->end()));
  }
  if (request->start() >= size && request->start() > 0) {
    return grpc::Status(
        grpc::StatusCode::OUT_OF_RANGE,
        absl::StrCat("start ", request->start(), " is not below the tree size ", size));
  }
  Reader reader = Reader::Everyone();
  (*log)->ReadState(
      [&](const state::LedgerState& state) { reader = access_.ReaderOf(*context, state); });
  if (reader.IsPublic()) return ToGrpcStatus(reader.CheckIdentified("log entries"));
  for (uint64_t begin = request->start(); begin < end;) {
    if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
    const uint64_t page_end = std::min<uint64_t>(end, begin + options_.entries_page_size);
    absl::StatusOr<std::vector<storage::StoredEntry>> entries =
        store_.ReadEntries((*log)->log().log_id, begin, page_end);
    if (!entries.ok()) return ToGrpcStatus(entries.status());
    // A reader of part of the log gets the entries up to the first it may not read, then the
    // refusal naming it: a range is answered whole or not past that entry.
    if (absl::Status s = CheckEntriesReadable(**log, reader, *entries); !s.ok()) {
      return ToGrpcStatus(s);
    }
    // The stored entries in index order up to the first missing one: a reader (an auditor)
    // gets every entry that is there and learns exactly which index is not.
    v1::GetEntriesResponse page;
    uint64_t next = begin;
    for (storage::StoredEntry& e : *entries) {
      if (e.index != next) break;
      v1::Entry* out = page.add_entries();
      out->set_index(e.index);
      out->set_leaf(std::move(e.leaf));
      ++next;
    }
    if (page.entries_size() > 0 && !writer->Write(page)) {
      return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
    }
    if (next != page_end) {
      return grpc::Status(
          grpc::StatusCode::DATA_LOSS,
          absl::StrCat("log entry ", next, " is not stored (the latest checkpoint has ", size,
                       " entries)"));
    }
    begin = page_end;
  }
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::GetInclusionProof(grpc::ServerContext* /*context*/,
                                                  const v1::GetInclusionProofRequest* request,
                                                  v1::GetInclusionProofResponse* response) {
  absl::StatusOr<Published> at =
      FindPublished(logs_, store_, request->origin(), request->tree_size());
  if (!at.ok()) return ToGrpcStatus(at.status());
  LogSequencer* log = at->log;
  const storage::StoredCheckpoint* cp = &at->checkpoint;
  const int64_t log_id = log->log().log_id;
  uint64_t index = 0;
  merkle::Hash leaf_hash{};
  if (request->leaf_case() == v1::GetInclusionProofRequest::kLeafHash) {
    absl::StatusOr<merkle::Hash> wanted = merkle::HashFromBytes(request->leaf_hash());
    if (!wanted.ok()) return ToGrpcStatus(wanted.status());
    absl::StatusOr<std::optional<uint64_t>> found = store_.FindIndexByLeafHash(log_id, *wanted);
    if (!found.ok()) return ToGrpcStatus(found.status());
    if (!found->has_value() || **found >= cp->tree_size) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("no leaf with hash ", crypto::ToHex(request->leaf_hash()),
                                       " in the tree of size ", cp->tree_size));
    }
    index = **found;
    leaf_hash = *wanted;
  } else {
    index = request->index();
    if (absl::Status s = ValidateProofRange(index, cp->tree_size); !s.ok()) {
      return ToGrpcStatus(s);
    }
    storage::LogNodeReader reader(store_, log_id);
    const merkle::NodeId leaf_id{.level = 0, .index = index};
    absl::StatusOr<std::vector<merkle::Hash>> leaf =
        merkle::ReadNodesChecked(reader, {&leaf_id, 1});
    if (!leaf.ok()) return ToGrpcStatus(leaf.status());
    leaf_hash = (*leaf)[0];
  }
  storage::LogNodeReader reader(store_, log_id);
  absl::StatusOr<std::vector<merkle::Hash>> proof =
      merkle::InclusionProof(reader, index, cp->tree_size);
  if (!proof.ok()) return ToGrpcStatus(proof.status());
  response->set_index(index);
  response->set_tree_size(cp->tree_size);
  response->set_leaf_hash(std::string(crypto::AsStringView(leaf_hash)));
  CopyHashes(*proof, response->mutable_proof());
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::GetConsistencyProof(grpc::ServerContext* /*context*/,
                                                    const v1::GetConsistencyProofRequest* request,
                                                    v1::GetConsistencyProofResponse* response) {
  absl::StatusOr<Published> at =
      FindPublished(logs_, store_, request->origin(), request->to_size());
  if (!at.ok()) return ToGrpcStatus(at.status());
  LogSequencer* log = at->log;
  const storage::StoredCheckpoint* cp = &at->checkpoint;
  if (request->from_size() > cp->tree_size) {
    return grpc::Status(
        grpc::StatusCode::OUT_OF_RANGE,
        absl::StrCat("from_size ", request->from_size(), " is beyond to_size ", cp->tree_size));
  }
  storage::LogNodeReader reader(store_, log->log().log_id);
  absl::StatusOr<std::vector<merkle::Hash>> proof =
      merkle::ConsistencyProof(reader, request->from_size(), cp->tree_size);
  if (!proof.ok()) return ToGrpcStatus(proof.status());
  response->set_from_size(request->from_size());
  response->set_to_size(cp->tree_size);
  CopyHashes(*proof, response->mutable_proof());
  return grpc::Status::OK;
}

grpc::Status LedgerServiceImpl::ExportProofBundle(grpc::ServerContext* context,
                                                  const v1::ExportProofBundleRequest* request,
                                                  v1::ExportProofBundleResponse* response) {
  absl::StatusOr<Published> at =
      FindPublished(logs_, store_, request->origin(), request->tree_size());
  if (!at.ok()) return ToGrpcStatus(at.status());
  LogSequencer* log = at->log;
  const storage::StoredCheckpoint* cp = &at->checkpoint;
  const int64_t log_id = log->log().log_id;
  if (absl::Status s = ValidateProofRange(request->index(), cp->tree_size); !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<std::vector<storage::StoredEntry>> entries =
      store_.ReadEntries(log_id, request->index(), request->index() + 1);
  if (!entries.ok()) return ToGrpcStatus(entries.status());
  if (entries->size() != 1) {
    return grpc::Status(grpc::StatusCode::DATA_LOSS,
                        absl::StrCat("entry ", request->index(), " is not stored"));
  }
  Reader caller = Reader::Everyone();
  log->ReadState(
      [&](const state::LedgerState& state) { caller = access_.ReaderOf(*context, state); });
  if (caller.IsPublic()) return ToGrpcStatus(caller.CheckIdentified("log entries"));
  if (absl::Status s = CheckEntriesReadable(*log, caller, *entries); !s.ok()) {
    return ToGrpcStatus(s);
  }
  storage::LogNodeReader reader(store_, log_id);
  absl::StatusOr<std::vector<merkle::Hash>> proof =
      merkle::InclusionProof(reader, request->index(), cp->tree_size);
  if (!proof.ok()) return ToGrpcStatus(proof.status());
  // The bundle carries the checkpoint with its cosignatures, so that an offline verifier can
  // apply its witness policy too.
  absl::StatusOr<std::string> cosigned = cosignatures_.Cosigned(log->log(), *cp, {});
  if (!cosigned.ok()) return ToGrpcStatus(cosigned.status());
  absl::StatusOr<std::string> text =
      note::FormatTlogProof(note::TlogProof{.extra = std::nullopt,
                                            .index = request->index(),
                                            .path = *proof,
                                            .checkpoint_note = *std::move(cosigned)});
  if (!text.ok()) return ToGrpcStatus(text.status());
  response->set_tlog_proof(*text);
  response->set_leaf(std::move((*entries)[0].leaf));
  return grpc::Status::OK;
}

}  // namespace ledger::grpc_services
