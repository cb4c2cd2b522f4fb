#include "clients/client/ledger_client.h"

#include <chrono>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"

namespace ledger::client {
namespace {

bool Transient(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

}  // namespace

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

LedgerClient::LedgerClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options)
    : options_(std::move(options)),
      ledger_(v1::LedgerService::NewStub(channel)),
      identity_(v1::IdentityService::NewStub(channel)) {}

std::unique_ptr<grpc::ClientContext> LedgerClient::NewContext() const {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(options_.timeout_ms));
  return ctx;
}

absl::StatusOr<v1::SubmitResponse> LedgerClient::Submit(const std::vector<std::string>& envelopes,
                                                        bool return_proofs) {
  v1::SubmitRequest request;
  request.set_origin(options_.origin);
  request.set_return_proofs(return_proofs);
  for (const std::string& e : envelopes) request.add_envelopes(e);
  int backoff_ms = options_.backoff_initial_ms;
  grpc::Status last;
  for (int attempt = 1; attempt <= options_.attempts_max; ++attempt) {
    v1::SubmitResponse response;
    auto ctx = NewContext();
    last = ledger_->Submit(ctx.get(), request, &response);
    bool retry = !last.ok() && Transient(last.error_code());
    if (last.ok()) {
      for (const v1::SubmitResult& r : response.results()) {
        if (r.outcome() == v1::SubmitResult::OUTCOME_REJECTED &&
            r.code() == static_cast<int32_t>(grpc::StatusCode::UNAVAILABLE)) {
          retry = true;  // not appended because of a transient failure: same bytes again
        }
      }
      if (!retry || attempt == options_.attempts_max) return response;
    }
    if (!retry) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
    backoff_ms *= 2;
  }
  return FromGrpc(last);
}

absl::StatusOr<v1::SubmitResult> LedgerClient::SubmitOne(const std::string& envelope) {
  absl::StatusOr<v1::SubmitResponse> response = Submit({envelope});
  if (!response.ok()) return response.status();
  if (response->results_size() != 1) {
    return absl::InternalError(
        absl::StrCat("the server returned ", response->results_size(), " results for 1 entry"));
  }
  return response->results(0);
}

absl::Status LedgerClient::GetLeaves(uint64_t start, uint64_t end,
                                     std::vector<std::string>* leaves) {
  v1::GetEntriesRequest request;
  request.set_origin(options_.origin);
  request.set_start(start);
  request.set_end(end);
  auto context = NewContext();
  std::unique_ptr<grpc::ClientReader<v1::GetEntriesResponse>> reader =
      ledger_->GetEntries(context.get(), request);
  const size_t first = leaves->size();
  v1::GetEntriesResponse page;
  while (reader->Read(&page)) {
    for (v1::Entry& entry : *page.mutable_entries()) {
      const uint64_t expected = start + (leaves->size() - first);
      if (entry.index() != expected || expected >= end) {
        context->TryCancel();
        return absl::InternalError(absl::StrCat("GetEntries [", start, ", ", end,
                                                ") answered index ", entry.index(), " where ",
                                                expected, " was expected"));
      }
      leaves->push_back(std::move(*entry.mutable_leaf()));
    }
  }
  return FromGrpc(reader->Finish());
}

absl::StatusOr<v1::LogInfo> LedgerClient::GetLogInfo() {
  v1::GetLogInfoRequest request;
  request.set_origin(options_.origin);
  v1::LogInfo info;
  auto ctx = NewContext();
  grpc::Status s = ledger_->GetLogInfo(ctx.get(), request, &info);
  if (!s.ok()) return FromGrpc(s);
  return info;
}

absl::StatusOr<v1::GetCheckpointResponse> LedgerClient::GetCheckpoint(
    uint64_t tree_size, uint64_t consistency_from, const std::vector<std::string>& witness_keys) {
  v1::GetCheckpointRequest request;
  request.set_origin(options_.origin);
  request.set_tree_size(tree_size);
  request.set_consistency_from(consistency_from);
  for (const std::string& key : witness_keys) request.add_witness_keys(key);
  v1::GetCheckpointResponse response;
  auto ctx = NewContext();
  grpc::Status s = ledger_->GetCheckpoint(ctx.get(), request, &response);
  if (!s.ok()) return FromGrpc(s);
  return response;
}

absl::StatusOr<v1::AddCosignatureResponse> LedgerClient::AddCosignature(
    const std::string& witness_key, const std::string& cosigned_checkpoint) {
  v1::AddCosignatureRequest request;
  request.set_origin(options_.origin);
  request.set_witness_key(witness_key);
  request.set_cosigned_checkpoint(cosigned_checkpoint);
  v1::AddCosignatureResponse response;
  auto ctx = NewContext();
  grpc::Status s = ledger_->AddCosignature(ctx.get(), request, &response);
  if (!s.ok()) return FromGrpc(s);
  return response;
}

}  // namespace ledger::client
