#include "services/grpc/client_certificate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clients/entries/entry_builder.h"
#include "ledger/crypto/ed25519.h"
#include "ledger/util/rule_error.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::grpc_services {
namespace {

using ::testing::HasSubstr;

std::string SignedBy(const std::string& principal) {
  v1::FundReceipt body;
  *body.mutable_header() =
      entries::MakeHeader("ledger.example.org/341721", principal, "2026-05-01");
  body.set_receipt_id("R-1");
  body.set_amount_fen(100);
  absl::StatusOr<std::string> envelope =
      entries::SignEntry(body, crypto::Ed25519PrivateKey::Generate());
  EXPECT_TRUE(envelope.ok()) << envelope.status();
  return *envelope;
}

TEST(ClientCertificateTest, EveryEntryMustBeSignedByANamedPrincipal) {
  const ClientCertificate cert{.common_name = "财政局工作站", .principals = {"fin", "fin-2"}};
  EXPECT_TRUE(
      CheckSigners(cert, std::vector<std::string>{SignedBy("fin"), SignedBy("fin-2")}).ok());

  absl::Status s = CheckSigners(cert, std::vector<std::string>{SignedBy("fin"), SignedBy("admin")});
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(RuleOf(s), "L-CERT");
  EXPECT_THAT(s.message(), HasSubstr("envelope 1 is signed by principal \"admin\""));
  EXPECT_THAT(s.message(), HasSubstr("(CN=财政局工作站) names principal \"fin\", \"fin-2\""));
}

TEST(ClientCertificateTest, UndecodableEnvelopesAreLeftToTheSequencer) {
  const ClientCertificate cert{.common_name = "", .principals = {"fin"}};
  EXPECT_TRUE(CheckSigners(cert, std::vector<std::string>{"not an envelope"}).ok());
}

TEST(ClientCertificateTest, ACertificateWithoutAPrincipalSubmitsNothing) {
  const ClientCertificate cert{.common_name = "ledgerctl", .principals = {}};
  absl::Status s = CheckSigners(cert, std::vector<std::string>{"not an envelope"});
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(RuleOf(s), "L-CERT");
  EXPECT_THAT(s.message(), HasSubstr("(CN=ledgerctl) names no principal"));
  EXPECT_THAT(s.message(), HasSubstr("ledger-principal:<principal_id>"));
}

TEST(ClientCertificateTest, ARegistryCallMustBeSignedByANamedPrincipal) {
  const ClientCertificate cert{.common_name = "fin", .principals = {"fin"}};
  EXPECT_TRUE(CheckCaller(cert, "fin", "the registry call list").ok());

  absl::Status s = CheckCaller(cert, "admin", "the registry call list");
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(RuleOf(s), "L-CERT");
  EXPECT_THAT(s.message(), HasSubstr("the registry call list is signed by principal \"admin\""));
  EXPECT_THAT(s.message(), HasSubstr("(CN=fin) names principal \"fin\""));

  const ClientCertificate none{.common_name = "ledgerctl", .principals = {}};
  s = CheckCaller(none, "fin", "the registry call list");
  EXPECT_EQ(RuleOf(s), "L-CERT");
  EXPECT_THAT(s.message(), HasSubstr("(CN=ledgerctl) names no principal"));
}

}  // namespace
}  // namespace ledger::grpc_services
