#include <gtest/gtest.h>

#include "ledger/crypto/ed25519.h"
#include "ledger/crypto/hmac.h"
#include "ledger/crypto/sha256.h"
#include "ledger/util/base64.h"

namespace ledger::crypto {
namespace {

std::string Hex(std::string_view hex) {
  std::string out;
  EXPECT_TRUE(FromHex(hex, &out)) << hex;
  return out;
}

TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256Hasher h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.Final(), Sha256("abc"));
}

// RFC 4231 §4.2, §4.3 and §4.7 (test cases 1, 2 and 6: a key longer than the block is hashed).
TEST(HmacSha256, Rfc4231Vectors) {
  EXPECT_EQ(ToHex(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(ToHex(HmacSha256(std::string(131, '\xaa'),
                             "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_NE(HmacSha256("", "x"), HmacSha256("k", "x"));
}

TEST(RandomBytes, SizeAndVariety) {
  EXPECT_EQ(RandomBytes(0), "");
  const std::string a = RandomBytes(32), b = RandomBytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

// RFC 8032 §7.1, TEST 1 and TEST 2.
TEST(Ed25519, Rfc8032Vectors) {
  auto key = Ed25519PrivateKey::FromSeed(
      Hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(ToHex(key->public_key().bytes()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  std::string sig = key->Sign("");
  EXPECT_EQ(ToHex(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(key->public_key().Verify("", sig));

  auto key2 = Ed25519PrivateKey::FromSeed(
      Hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
  ASSERT_TRUE(key2.ok());
  EXPECT_EQ(ToHex(key2->Sign(Hex("72"))),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
}

TEST(Ed25519, RejectsWrongMessageKeyAndSignature) {
  auto key = Ed25519PrivateKey::Generate();
  auto other = Ed25519PrivateKey::Generate();
  std::string sig = key.Sign("payload");
  EXPECT_TRUE(key.public_key().Verify("payload", sig));
  EXPECT_FALSE(key.public_key().Verify("payloaD", sig));
  EXPECT_FALSE(other.public_key().Verify("payload", sig));
  std::string flipped = sig;
  flipped[10] ^= 1;
  EXPECT_FALSE(key.public_key().Verify("payload", flipped));
  EXPECT_FALSE(key.public_key().Verify("payload", sig.substr(0, 63)));
  EXPECT_FALSE(Ed25519PublicKey::FromBytes("short").ok());
  EXPECT_FALSE(Ed25519PrivateKey::FromSeed("short").ok());
}

TEST(Ed25519, PemRoundTrip) {
  auto key = Ed25519PrivateKey::Generate();
  std::string pem = key.ToPem();
  // The RFC 7468 label of unencrypted PKCS#8, so openssl and other tools read our key files.
  EXPECT_NE(pem.find(std::string("-----BEGIN ") + "PRIVATE KEY-----\n"), std::string::npos);
  auto back = Ed25519PrivateKey::FromPem(pem);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->seed(), key.seed());
  EXPECT_EQ(back->public_key().bytes(), key.public_key().bytes());
  EXPECT_FALSE(Ed25519PrivateKey::FromPem("garbage").ok());
}

TEST(Base64, StrictDecoding) {
  std::string out;
  EXPECT_TRUE(Base64DecodeStrict("aGVsbG8=", &out));
  EXPECT_EQ(out, "hello");
  EXPECT_EQ(Base64Encode("hello"), "aGVsbG8=");
  EXPECT_FALSE(Base64DecodeStrict("aGVsbG8", &out));    // missing padding
  EXPECT_FALSE(Base64DecodeStrict("aGVsbG9=", &out));   // non-zero trailing bits
  EXPECT_FALSE(Base64DecodeStrict("aGVs bG8=", &out));  // whitespace
  EXPECT_FALSE(Base64DecodeStrict("aGVsbG8*", &out));
  EXPECT_TRUE(Base64DecodeStrict("", &out));
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace ledger::crypto

#include <sys/stat.h>

#include <filesystem>

#include "ledger/crypto/key_file.h"

namespace ledger::crypto {
namespace {

TEST(KeyFile, WritesMode0600AndRefusesLooseModes) {
  std::string dir = ::testing::TempDir() + "/keyfile_test_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::string path = dir + "/keys/admin.key";
  auto key = Ed25519PrivateKey::Generate();
  ASSERT_TRUE(WritePrivateKeyFile(path, key).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto back = ReadPrivateKeyFile(path);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->seed(), key.seed());

  // Never overwrite an existing key.
  EXPECT_EQ(WritePrivateKeyFile(path, Ed25519PrivateKey::Generate()).code(),
            absl::StatusCode::kAlreadyExists);

  ::chmod(path.c_str(), 0644);
  auto loose = ReadPrivateKeyFile(path);
  EXPECT_EQ(loose.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_NE(loose.status().message().find("chmod 600"), std::string::npos);

  EXPECT_EQ(ReadPrivateKeyFile(dir + "/missing.key").status().code(), absl::StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ledger::crypto
