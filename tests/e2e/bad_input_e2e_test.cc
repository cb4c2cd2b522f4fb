// A corpus of bad inputs through the real ledgerd, spoken to with gRPC directly (raw bytes where
// the input is not even a request): each gets its precise status code, rule id and message, and
// nothing is written: the log size, the signed checkpoint and the fund projections read back
// through the read APIs are the same afterwards (SPEC §7 "Bad input").

#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "clients/entries/entry_builder.h"
#include "ledger/crypto/key_file.h"
#include "ledger/envelope/envelope.h"
#include "ledger/state/entry.h"
#include "ledger/v1/envelope.pb.h"
#include "ledger/v1/fund_service.grpc.pb.h"
#include "ledger/v1/funds.pb.h"
#include "ledger/v1/income.pb.h"
#include "ledger/v1/ledger_service.grpc.pb.h"
#include "services/grpc/grpc_status.h"
#include "services/grpc/ledger_service.h"
#include "tests/e2e/county_e2e.h"
#include "tests/support/raw_call.h"

namespace ledger::testing {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
// Another county's log on the same server, for entries replayed across logs.
constexpr char kOtherOrigin[] = "ledger.example.org/341702";
constexpr char kSubmitMethod[] = "/ledger.v1.LedgerService/Submit";

// What a bad input must leave untouched, read through the public read APIs.
struct Snapshot {
  uint64_t tree_size = 0;
  std::string checkpoint;  // the signed note
  std::string fund_summary;
  std::string balances;
  std::string receipts;
  std::string progress;
  int64_t received_total_fen = 0;
  int receipt_count = 0;

  bool operator==(const Snapshot&) const = default;
};

class BadInputE2E : public CountyE2E {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(CountyE2E::SetUp());
    channel_ = grpc::CreateChannel(ledgerd_->server(), grpc::InsecureChannelCredentials());
    ledger_ = v1::LedgerService::NewStub(channel_);
    funds_ = v1::FundService::NewStub(channel_);
    for (const char* p : {"admin", "fin", "xzj", "cun1"}) {
      auto key = crypto::ReadPrivateKeyFile(Path(std::string(p) + ".key"));
      ASSERT_TRUE(key.ok()) << key.status();
      keys_.emplace(p, *key);
    }
    // Money on the books, so that the projections have something to lose: 5,000,000.00 of
    // central funds, and provincial funds that fill the county's total received up to 1000 fen
    // below the int64 limit (the fund summary adds the sources up).
    ASSERT_EQ(Result(Submit({Receipt("fin", "R-1", v1::FUND_SOURCE_CENTRAL_LINKAGE, 500000000)}))
                  .outcome(),
              v1::SubmitResult::OUTCOME_CREATED);
    ASSERT_EQ(Result(Submit({Receipt("fin", "R-2", v1::FUND_SOURCE_PROVINCIAL_LINKAGE,
                                     kInt64Max - 1000 - 500000000)}))
                  .outcome(),
              v1::SubmitResult::OUTCOME_CREATED);
    before_ = Take();
    ASSERT_GT(before_.tree_size, 0u);
    EXPECT_EQ(before_.received_total_fen, kInt64Max - 1000);
    EXPECT_EQ(before_.receipt_count, 2);
    EXPECT_FALSE(before_.progress.empty());
  }

  // A FundReceipt signed by `principal`'s key, dated today.
  std::string Receipt(const std::string& principal, const std::string& id, v1::FundSource source,
                      int64_t fen, const std::function<void(v1::FundReceipt&)>& edit = nullptr) {
    v1::FundReceipt body;
    *body.mutable_header() = entries::MakeHeader(kOrigin, principal, today_);
    body.set_receipt_id(id);
    body.set_source(source);
    body.set_year(static_cast<uint32_t>(std::stoi(today_.substr(0, 4))));
    body.set_document_number("财农〔2026〕1号");
    body.set_amount_fen(fen);
    if (edit) edit(body);
    return Sign(body, keys_.at(principal));
  }

  static std::string Sign(const google::protobuf::Message& body,
                          const crypto::Ed25519PrivateKey& key) {
    absl::StatusOr<std::string> envelope = entries::SignEntry(body, key);
    EXPECT_TRUE(envelope.ok()) << envelope.status();
    return envelope.ok() ? *envelope : std::string();
  }

  struct Submitted {
    grpc::Status status;
    v1::SubmitResponse response;
  };
  Submitted Submit(const std::vector<std::string>& envelopes, const std::string& origin = kOrigin) {
    v1::SubmitRequest request;
    request.set_origin(origin);
    for (const std::string& e : envelopes) request.add_envelopes(e);
    Submitted out;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    out.status = ledger_->Submit(&ctx, request, &out.response);
    return out;
  }
  // The only result of a one-envelope Submit that itself succeeded.
  static v1::SubmitResult Result(const Submitted& s) {
    EXPECT_TRUE(s.status.ok()) << s.status.error_code() << " " << s.status.error_message();
    EXPECT_EQ(s.response.results_size(), 1);
    return s.response.results_size() == 1 ? s.response.results(0) : v1::SubmitResult();
  }
  // One envelope, expected rejected with `code`, `rule` and a message containing each of `says`.
  void ExpectRejected(const std::string& envelope, grpc::StatusCode code, const std::string& rule,
                      const std::vector<std::string>& says, const std::string& origin = kOrigin) {
    const v1::SubmitResult r = Result(Submit({envelope}, origin));
    EXPECT_EQ(r.outcome(), v1::SubmitResult::OUTCOME_REJECTED) << r.DebugString();
    EXPECT_EQ(r.code(), static_cast<int32_t>(code)) << r.rule() << ": " << r.message();
    EXPECT_EQ(r.rule(), rule) << r.message();
    for (const std::string& s : says) EXPECT_THAT(r.message(), HasSubstr(s)) << rule;
    EXPECT_EQ(r.index(), 0u);
    EXPECT_TRUE(r.leaf_hash().empty());
  }
  // A whole call refused with `code` and a message containing each of `says`.
  static void ExpectRefused(const grpc::Status& status, grpc::StatusCode code,
                            const std::vector<std::string>& says) {
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    for (const std::string& s : says) EXPECT_THAT(status.error_message(), HasSubstr(s));
  }

  Snapshot Take(const std::string& origin = kOrigin) {
    Snapshot s;
    v1::GetCheckpointRequest cp_request;
    cp_request.set_origin(origin);
    v1::GetCheckpointResponse cp;
    grpc::ClientContext cp_ctx;
    grpc::Status status = ledger_->GetCheckpoint(&cp_ctx, cp_request, &cp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    s.tree_size = cp.tree_size();
    s.checkpoint = cp.checkpoint();
    if (origin != kOrigin) return s;

    v1::GetFundSummaryRequest summary_request;
    summary_request.set_origin(origin);
    v1::FundSummary summary;
    grpc::ClientContext summary_ctx;
    status = funds_->GetFundSummary(&summary_ctx, summary_request, &summary);
    EXPECT_TRUE(status.ok()) << status.error_message();
    s.received_total_fen = summary.total().received_fen();
    s.fund_summary = entries::SerializeCanonical(summary);

    v1::ListBalancesRequest balances_request;
    balances_request.set_origin(origin);
    balances_request.set_page_size(1000);
    v1::ListBalancesResponse balances;
    grpc::ClientContext balances_ctx;
    status = funds_->ListBalances(&balances_ctx, balances_request, &balances);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_GT(balances.balances_size(), 0);
    s.balances = entries::SerializeCanonical(balances);

    v1::ListReceiptsRequest receipts_request;
    receipts_request.set_origin(origin);
    receipts_request.set_page_size(1000);
    v1::ListReceiptsResponse receipts;
    grpc::ClientContext receipts_ctx;
    status = funds_->ListReceipts(&receipts_ctx, receipts_request, &receipts);
    EXPECT_TRUE(status.ok()) << status.error_message();
    s.receipt_count = receipts.receipts_size();

    v1::GetProgressRequest progress_request;
    progress_request.set_origin(origin);
    progress_request.set_year(static_cast<uint32_t>(std::stoi(today_.substr(0, 4))));
    v1::Progress progress;
    grpc::ClientContext progress_ctx;
    status = funds_->GetProgress(&progress_ctx, progress_request, &progress);
    EXPECT_TRUE(status.ok()) << status.error_message();
    s.progress = entries::SerializeCanonical(progress);
    s.receipts = entries::SerializeCanonical(receipts);
    return s;
  }

  void ExpectNothingWritten() {
    const Snapshot now = Take();
    EXPECT_EQ(now.tree_size, before_.tree_size);
    EXPECT_EQ(now.checkpoint, before_.checkpoint);
    EXPECT_TRUE(now == before_) << "a projection changed";
  }

  // `bytes` sent as the request of `method`, with no protobuf encoding on our side.
  grpc::Status RawCall(const std::string& method, const std::string& bytes) {
    grpc::GenericStub stub(channel_);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1);
    grpc::ByteBuffer response;
    return RawUnaryCall(stub, method, request, &response, std::chrono::seconds(60));
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::LedgerService::Stub> ledger_;
  std::unique_ptr<v1::FundService::Stub> funds_;
  std::map<std::string, crypto::Ed25519PrivateKey> keys_;
  Snapshot before_;
};

// Bytes that are no SubmitRequest: ledgerd parses Submit's requests itself and says what is wrong
// (INVALID_ARGUMENT). The other methods' requests are parsed by gRPC's synchronous runtime, which
// answers INTERNAL before the service sees anything (docs/OPERATIONS.md "Limits on requests").
TEST_F(BadInputE2E, MalformedProtobufIsRefusedBeforeTheService) {
  const std::vector<std::string> not_a_request = {"is not a ledger.v1.SubmitRequest protobuf"};
  // A field 2 (envelopes) length that runs past the end of the message.
  ExpectRefused(RawCall(kSubmitMethod, std::string("\x12\x7f", 2) + "abc"),
                grpc::StatusCode::INVALID_ARGUMENT, not_a_request);
  // A wire type that does not exist (7).
  ExpectRefused(RawCall(kSubmitMethod, std::string("\x0f\x01", 2)),
                grpc::StatusCode::INVALID_ARGUMENT, not_a_request);
  // The origin (a proto3 string) is not UTF-8.
  v1::SubmitRequest request;
  request.add_envelopes(Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100));
  std::string bytes = request.SerializeAsString();
  bytes += std::string("\x0a\x02\xc3\x28", 4);  // field 1, 2 bytes, an invalid sequence
  ExpectRefused(RawCall(kSubmitMethod, bytes), grpc::StatusCode::INVALID_ARGUMENT,
                {"(" + std::to_string(bytes.size()) + " bytes) is not a ledger.v1.SubmitRequest"});
  // Millions of empty fields, which would take many times their size once parsed, are counted
  // first and refused unparsed.
  std::string empty_envelopes;
  for (int i = 0; i < 1000000; ++i) empty_envelopes += std::string("\x12\x00", 2);
  ExpectRefused(
      RawCall(kSubmitMethod, empty_envelopes), grpc::StatusCode::INVALID_ARGUMENT,
      {"more than " + std::to_string(grpc_services::kSubmitRequestFieldsMax) + " fields"});
  // Another method: gRPC's own INTERNAL.
  ExpectRefused(RawCall("/ledger.v1.LedgerService/GetLogInfo", std::string("\x0f\x01", 2)),
                grpc::StatusCode::INTERNAL, {});
  // A method that does not exist.
  ExpectRefused(RawCall("/ledger.v1.LedgerService/Nope", ""), grpc::StatusCode::UNIMPLEMENTED, {});
  ExpectNothingWritten();
}

TEST_F(BadInputE2E, BrokenEnvelopesAreRejectedByTheirForm) {
  const std::string good = Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100);
  // Truncated: the signature's bytes are cut off.
  ExpectRejected(good.substr(0, good.size() - 10), grpc::StatusCode::INVALID_ARGUMENT, "L-ENVELOPE",
                 {"envelope is not a ledger.v1.Envelope protobuf"});
  // Not an envelope at all.
  ExpectRejected("not an envelope", grpc::StatusCode::INVALID_ARGUMENT, "L-ENVELOPE",
                 {"envelope is not a ledger.v1.Envelope protobuf"});
  ExpectRejected("", grpc::StatusCode::INVALID_ARGUMENT, "L-ENVELOPE",
                 {"envelope payloadType is empty"});
  // An envelope whose payload is not the body its type names.
  v1::Envelope envelope;
  ASSERT_TRUE(envelope.ParseFromString(good));
  envelope.set_payload(envelope.payload().substr(0, envelope.payload().size() / 2));
  ExpectRejected(entries::SerializeCanonical(envelope), grpc::StatusCode::INVALID_ARGUMENT,
                 "L-PAYLOAD",
                 {"payload (" + std::to_string(envelope.payload().size()) +
                  " bytes) is not a valid ledger.v1.FundReceipt protobuf"});
  // An unknown body type.
  ASSERT_TRUE(envelope.ParseFromString(good));
  envelope.set_payloadtype("ledger.v1.Nope");
  ExpectRejected(entries::SerializeCanonical(envelope), grpc::StatusCode::INVALID_ARGUMENT,
                 "L-PAYLOAD", {"ledger.v1.Nope"});
  // A signature over other bytes.
  ASSERT_TRUE(envelope.ParseFromString(good));
  envelope.mutable_signatures(0)->mutable_sig()->at(0) ^= 1;
  ExpectRejected(entries::SerializeCanonical(envelope), grpc::StatusCode::UNAUTHENTICATED,
                 "L-SIGNATURE",
                 {"envelope signature 0 by keyid \"" +
                      state::KeyIdOf(keys_.at("fin").public_key()).substr(0, 40),
                  "does not verify"});
  ExpectNothingWritten();
}

TEST_F(BadInputE2E, InvalidUtf8AndHugeStringsAreRejected) {
  // Invalid UTF-8 in a body's string field.
  ExpectRejected(Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100,
                         [](v1::FundReceipt& b) { b.set_document_number("\xc3\x28"); }),
                 grpc::StatusCode::INVALID_ARGUMENT, "L-PAYLOAD",
                 {"is not a valid ledger.v1.FundReceipt protobuf", "not UTF-8"});
  // A 10 MB document number: signed properly, but the envelope is far beyond its cap.
  v1::FundReceipt body;
  *body.mutable_header() = entries::MakeHeader(kOrigin, "fin", today_);
  body.set_receipt_id("R-3");
  body.set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
  body.set_year(2026);
  body.set_document_number(std::string(10'000'000, 'x'));
  body.set_amount_fen(100);
  const crypto::Ed25519PrivateKey& fin = keys_.at("fin");
  absl::StatusOr<envelope::Envelope> signed_envelope =
      envelope::SignEnvelope(entries::PayloadTypeOf(body), entries::SerializeCanonical(body),
                             state::KeyIdOf(fin.public_key()), fin);
  ASSERT_TRUE(signed_envelope.ok()) << signed_envelope.status();
  v1::Envelope huge;
  huge.set_payload(signed_envelope->payload);
  huge.set_payloadtype(signed_envelope->payload_type);
  v1::Envelope::Signature* sig = huge.add_signatures();
  sig->set_sig(signed_envelope->signatures[0].sig);
  sig->set_keyid(signed_envelope->signatures[0].keyid);
  const std::string huge_bytes = entries::SerializeCanonical(huge);
  ExpectRejected(
      huge_bytes, grpc::StatusCode::INVALID_ARGUMENT, "L-ENVELOPE",
      {std::to_string(huge_bytes.size()) + " bytes", std::to_string(envelope::kEnvelopeSizeMax)});
  // An entry whose 60 kB origin is another log's (L-ORIGIN echoes both origins): its result's
  // message is cut like a status message, so that a batch of a thousand such entries still makes
  // an answer a client can receive.
  const v1::SubmitResult far = Result(
      Submit({Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100, [](v1::FundReceipt& b) {
        b.mutable_header()->set_origin("ledger.example.org/" + std::string(60'000, 'o'));
      })}));
  EXPECT_EQ(far.outcome(), v1::SubmitResult::OUTCOME_REJECTED) << far.rule();
  EXPECT_EQ(far.rule(), "L-ORIGIN") << far.message().substr(0, 200);
  EXPECT_THAT(far.message(), HasSubstr("bytes cut)"));
  EXPECT_LE(far.message().size(), grpc_services::kStatusMessageBytesMax);
  // A 10 MB origin names no log, and the error that echoes it still reaches the client.
  ExpectRefused(Submit({Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100)},
                       std::string(10'000'000, 'o'))
                    .status,
                grpc::StatusCode::NOT_FOUND, {"no log \"ooo", "bytes cut)"});
  // So do the read APIs' answers for an unknown 10 MB id.
  v1::GetProjectRequest project;
  project.set_origin(kOrigin);
  project.set_project_id(std::string(10'000'000, 'p'));
  v1::ProjectDetail detail;
  grpc::ClientContext project_ctx;
  ExpectRefused(funds_->GetProject(&project_ctx, project, &detail), grpc::StatusCode::NOT_FOUND,
                {"no project \"ppp", "bytes cut)"});
  ExpectNothingWritten();
}

TEST_F(BadInputE2E, BadAmountsEnumsAndDatesAreRejectedWithTheirNumbers) {
  ExpectRejected(Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, -100),
                 grpc::StatusCode::INVALID_ARGUMENT, "L-FIELD",
                 {"amount_fen is -100 fen, must be more than 0"});
  ExpectRejected(
      Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, std::numeric_limits<int64_t>::min()),
      grpc::StatusCode::INVALID_ARGUMENT, "L-FIELD",
      {"amount_fen is " + std::to_string(std::numeric_limits<int64_t>::min()) + " fen"});
  // Beyond what one account can hold.
  ExpectRejected(Receipt("fin", "R-3", v1::FUND_SOURCE_PROVINCIAL_LINKAGE, kInt64Max),
                 grpc::StatusCode::INVALID_ARGUMENT, "L-FIELD",
                 {"account received/FUND_SOURCE_PROVINCIAL_LINKAGE overflows"});
  // The sources together hold int64 max - 1000 fen: 1001 more of any source would overflow the
  // total.
  ExpectRejected(Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 1001),
                 grpc::StatusCode::INVALID_ARGUMENT, "L-FIELD",
                 {"the total received from all fund sources overflows the 64-bit fen range"});
  // An enum value no version of the proto defines.
  ExpectRejected(Receipt("fin", "R-3", static_cast<v1::FundSource>(99), 100),
                 grpc::StatusCode::INVALID_ARGUMENT, "L-FIELD",
                 {"source 99 is not a value of FundSource"});
  // Year 9999: as the business date, and as the fund year.
  ExpectRejected(
      Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100,
              [](v1::FundReceipt& b) { b.mutable_header()->set_business_date("9999-12-31"); }),
      grpc::StatusCode::INVALID_ARGUMENT, "L-DATE", {"9999-12-31"});
  ExpectRejected(Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100,
                         [](v1::FundReceipt& b) { b.set_year(9999); }),
                 grpc::StatusCode::INVALID_ARGUMENT, "L-FIELD",
                 {"year is 9999, must be 2000 to 2099"});
  // Not a date at all.
  ExpectRejected(
      Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100,
              [](v1::FundReceipt& b) { b.mutable_header()->set_business_date("9999-99-99"); }),
      grpc::StatusCode::INVALID_ARGUMENT, "L-HEADER", {"9999-99-99"});
  ExpectNothingWritten();
}

TEST_F(BadInputE2E, ReplayIntoAnotherLogIsRejected) {
  v1::CreateLogRequest create;
  create.set_origin(kOtherOrigin);
  v1::CreateLogResponse created;
  grpc::ClientContext ctx;
  ASSERT_TRUE(ledger_->CreateLog(&ctx, create, &created).ok());
  const Snapshot other_before = Take(kOtherOrigin);
  // An entry of this log, signed and accepted here, replayed into the other county's log.
  const std::string entry = Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100);
  ExpectRejected(entry, grpc::StatusCode::INVALID_ARGUMENT, "L-ORIGIN", {kOrigin, kOtherOrigin},
                 kOtherOrigin);
  EXPECT_TRUE(Take(kOtherOrigin) == other_before);
  // Into this log it is created once, and the replay of the same bytes only finds it.
  const v1::SubmitResult first = Result(Submit({entry}));
  ASSERT_EQ(first.outcome(), v1::SubmitResult::OUTCOME_CREATED) << first.message();
  before_ = Take();
  const v1::SubmitResult again = Result(Submit({entry}));
  EXPECT_EQ(again.outcome(), v1::SubmitResult::OUTCOME_EXISTS) << again.message();
  EXPECT_EQ(again.index(), first.index());
  ExpectNothingWritten();
}

TEST_F(BadInputE2E, RevokedKeyWrongRoleAndWrongVillageAreRefused) {
  // fin gets a second key, which the administrator then revokes.
  const crypto::Ed25519PrivateKey spare = crypto::Ed25519PrivateKey::Generate();
  v1::RegisterKey reg;
  *reg.mutable_header() = entries::MakeHeader(kOrigin, "admin", today_);
  reg.set_principal_id("fin");
  reg.set_public_key(std::string(spare.public_key().bytes()));
  ASSERT_EQ(Result(Submit({Sign(reg, keys_.at("admin"))})).outcome(),
            v1::SubmitResult::OUTCOME_CREATED);
  const std::string spare_id = state::KeyIdOf(spare.public_key());
  v1::RevokeKey revoke;
  *revoke.mutable_header() = entries::MakeHeader(kOrigin, "admin", today_);
  revoke.set_key_id(spare_id);
  revoke.set_reason("设备遗失");
  ASSERT_EQ(Result(Submit({Sign(revoke, keys_.at("admin"))})).outcome(),
            v1::SubmitResult::OUTCOME_CREATED);
  before_ = Take();

  v1::FundReceipt receipt;
  *receipt.mutable_header() = entries::MakeHeader(kOrigin, "fin", today_);
  receipt.set_receipt_id("R-3");
  receipt.set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
  receipt.set_year(static_cast<uint32_t>(std::stoi(today_.substr(0, 4))));
  receipt.set_document_number("财农〔2026〕1号");
  receipt.set_amount_fen(100);
  ExpectRejected(Sign(receipt, spare), grpc::StatusCode::UNAUTHENTICATED, "L-KEY",
                 {spare_id.substr(0, 16), "revoked"});

  // The rural revitalization bureau records no fund receipts (the finance bureau does).
  ExpectRejected(Receipt("xzj", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100),
                 grpc::StatusCode::PERMISSION_DENIED, "L-AUTH", {"xzj", "FundReceipt"});

  // The accountant of village 001 changes a beneficiary of village 002.
  v1::EligibilityChange change;
  *change.mutable_header() = entries::MakeHeader(kOrigin, "cun1", today_);
  change.set_village(kVillage2);
  change.set_beneficiary_ref("H-0001");
  change.set_status(v1::ELIGIBILITY_STATUS_REMOVED);
  change.set_effective_date(today_);
  change.set_basis("村民代表会议决议");
  ExpectRejected(Sign(change, keys_.at("cun1")), grpc::StatusCode::PERMISSION_DENIED, "L-AUTH",
                 {"cun1", kVillage2, kVillage1});
  // A principal that does not exist, with a key that is registered to someone else.
  ExpectRejected(
      Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100,
              [](v1::FundReceipt& b) { b.mutable_header()->set_principal_id("nobody"); }),
      grpc::StatusCode::UNAUTHENTICATED, "L-KEY", {"nobody"});
  ExpectNothingWritten();
}

// Calls that fail as a whole: nothing of them is written.
TEST_F(BadInputE2E, BadCallsFailAsAWhole) {
  const std::string entry = Receipt("fin", "R-3", v1::FUND_SOURCE_CENTRAL_LINKAGE, 100);
  ExpectRefused(Submit({}).status, grpc::StatusCode::INVALID_ARGUMENT, {"L-BATCH"});
  ExpectRefused(Submit(std::vector<std::string>(1001, entry)).status,
                grpc::StatusCode::INVALID_ARGUMENT, {"L-BATCH", "1001", "1000"});
  ExpectRefused(Submit({entry}, "ledger.example.org/999999").status, grpc::StatusCode::NOT_FOUND,
                {"ledger.example.org/999999"});
  // A request over ledgerd's bound, refused by gRPC before the service reads it.
  v1::SubmitRequest request;
  request.set_origin(kOrigin);
  request.add_envelopes(entry);
  request.add_envelopes(std::string(grpc_services::kRequestBytesMax, 'x'));
  v1::SubmitResponse response;
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    ExpectRefused(ledger_->Submit(&ctx, request, &response), grpc::StatusCode::RESOURCE_EXHAUSTED,
                  {"larger than max", "vs. " + std::to_string(grpc_services::kRequestBytesMax)});
  }
  // A deadline that has passed: the call fails and nothing is appended.
  request.mutable_envelopes()->RemoveLast();
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() - std::chrono::seconds(1));
    ExpectRefused(ledger_->Submit(&ctx, request, &response), grpc::StatusCode::DEADLINE_EXCEEDED,
                  {"Deadline Exceeded"});
  }
  ExpectNothingWritten();
  // The server is still well: the same entry goes in.
  EXPECT_EQ(Result(Submit({entry})).outcome(), v1::SubmitResult::OUTCOME_CREATED);
}

}  // namespace
}  // namespace ledger::testing
