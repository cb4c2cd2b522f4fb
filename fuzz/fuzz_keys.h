#ifndef FUZZ_FUZZ_KEYS_H_
#define FUZZ_FUZZ_KEYS_H_

// The fixed keys of the fuzz targets and of the seed corpora they start from (make_seeds.cc),
// so that seeds carry signatures that verify and the fuzzer explores past the signature checks.
// Test keys only: their seeds are in this file.

#include <string>

#include "ledger/crypto/ed25519.h"
#include "ledger/note/cosignature.h"
#include "ledger/note/keys.h"

namespace ledger::fuzz {

inline constexpr char kLogOrigin[] = "ledger.example.org/341721";
inline constexpr char kWitnessName[] = "witness.example.org";

inline const crypto::Ed25519PrivateKey& KeyFromByte(char b) {
  // One key per distinct byte value, made once (Ed25519 key derivation is not free).
  static crypto::Ed25519PrivateKey* keys[256] = {};
  crypto::Ed25519PrivateKey*& key = keys[static_cast<unsigned char>(b)];
  if (key == nullptr) {
    key = new crypto::Ed25519PrivateKey(*crypto::Ed25519PrivateKey::FromSeed(std::string(32, b)));
  }
  return *key;
}

// The entry signer (envelopes), the log's checkpoint key and a witness's cosigning key.
inline const crypto::Ed25519PrivateKey& EntryKey() { return KeyFromByte('e'); }
inline const note::NoteSigner& LogSigner() {
  static const auto* signer =
      new note::NoteSigner(*note::NoteSigner::Create(kLogOrigin, KeyFromByte('l')));
  return *signer;
}
inline const note::CosignatureSigner& WitnessSigner() {
  static const auto* signer =
      new note::CosignatureSigner(*note::CosignatureSigner::Create(kWitnessName, KeyFromByte('w')));
  return *signer;
}

}  // namespace ledger::fuzz

#endif  // FUZZ_FUZZ_KEYS_H_
