// Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the real formats:
// entries signed with the client's entry builder, leaves, checkpoints signed and cosigned with
// the note code, tlog-proof texts over a real tree. The CSV and amount seeds are files in the
// repository (copied from examples/county-year.sh). Run by hand when a format changes:
//
//   ninja -C build/fuzz fuzz_make_seeds && build/fuzz/fuzz/fuzz_make_seeds fuzz/corpus
//
// Deterministic: fixed keys (fuzz_keys.h), fixed entry ids and times, so the files only change
// when a format does.

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/audit/bundle.h"
#include "clients/entries/entry_builder.h"
#include "fuzz/fuzz_keys.h"
#include "ledger/envelope/envelope.h"
#include "ledger/envelope/leaf.h"
#include "ledger/merkle/hash.h"
#include "ledger/merkle/merkle_testing.h"
#include "ledger/note/checkpoint.h"
#include "ledger/note/cosignature.h"
#include "ledger/note/note.h"
#include "ledger/note/tlog_proof.h"
#include "ledger/v1/entry.pb.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::fuzz {
namespace {

std::filesystem::path root_dir;
std::vector<std::string> real_leaves;  // the leaves of the envelope seeds, in order

template <typename T>
T Must(absl::StatusOr<T> v) {
  if (!v.ok()) {
    std::cerr << "make_seeds: " << v.status() << "\n";
    std::exit(1);
  }
  return *std::move(v);
}

void Write(const std::string& target, const std::string& name, const std::string& bytes) {
  const std::filesystem::path dir = root_dir / target;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
}

v1::EntryHeader Header(char id) {
  v1::EntryHeader h;
  h.set_origin(kLogOrigin);
  h.set_entry_id(std::string(16, id));
  h.set_principal_id("fin-341721");
  h.set_business_date("2026-03-15");
  return h;
}

void Envelopes() {
  v1::RegisterKey key;
  *key.mutable_header() = Header('k');
  key.set_principal_id("xzj-341721");
  key.set_public_key(KeyFromByte('x').public_key().bytes());

  v1::Disbursement pay;
  *pay.mutable_header() = Header('d');
  pay.mutable_header()->set_business_time("10:30:00");
  pay.set_payment_id("D-2026-TEA-1");
  pay.set_project_id("P-2026-TEA");
  pay.set_contract_id("C-2026-TEA");
  pay.set_source(v1::FUND_SOURCE_CENTRAL_LINKAGE);
  pay.set_stage(v1::DISBURSEMENT_STAGE_ADVANCE);
  pay.set_amount_fen(8400000);
  pay.set_payee("黄山某茶机制造有限公司");
  pay.set_spending_category("industry");
  pay.set_voucher_hash(std::string(32, 'v'));
  pay.set_invoice_hash(std::string(32, 'i'));
  pay.set_application_date("2026-03-10");

  v1::HouseholdRoster roster;
  *roster.mutable_header() = Header('r');
  roster.set_roster_id("RS-2026-RD-LAB");
  roster.set_payment_id("D-2026-RD-LAB");
  for (int i = 1; i <= 3; ++i) {
    v1::RosterLine* line = roster.add_lines();
    line->set_household_ref("TY-H-010" + std::to_string(i));
    line->set_cash_fen(960000 - 80000 * i);
    line->set_bank_reference("BK-2026-0" + std::to_string(i));
  }

  int64_t recorded_time_us = 1773541800000000;  // 2026-03-15T02:30:00Z
  for (const auto& [name, body] :
       std::vector<std::pair<std::string, const google::protobuf::Message*>>{
           {"register_key", &key}, {"disbursement", &pay}, {"roster", &roster}}) {
    const std::string env = Must(entries::SignEntry(*body, EntryKey()));
    Write("fuzz_envelope", name + ".envelope", env);
    real_leaves.push_back(Must(envelope::EncodeLeaf(recorded_time_us, env)));
    Write("fuzz_envelope", name + ".leaf", real_leaves.back());
    recorded_time_us += 1000;
  }
  // Two signers (a co-signed entry).
  envelope::Envelope two =
      Must(envelope::DecodeEnvelope(Must(entries::SignEntry(pay, EntryKey()))));
  if (!envelope::AddEnvelopeSignature(two, "second", KeyFromByte('s')).ok()) std::exit(1);
  Write("fuzz_envelope", "disbursement_two_signers.envelope", Must(envelope::EncodeEnvelope(two)));
}

void Notes() {
  const std::vector<merkle::Hash> leaves = merkle::testonly::TestLeafHashes(13);
  const note::Checkpoint cp{.origin = kLogOrigin,
                            .size = 13,
                            .root = merkle::RootFromLeafHashes(leaves),
                            .extensions = {}};
  const std::string body = Must(note::FormatCheckpointBody(cp));
  const std::string signed_note = Must(note::SignCheckpoint(cp, LogSigner()));
  const note::NoteSignature cosig = Must(note::CosignCheckpoint(body, WitnessSigner(), 1773541800));
  const std::string cosigned = Must(note::AppendSignatures(signed_note, {&cosig, 1}));
  const std::string empty_log = Must(note::SignCheckpoint(
      {.origin = kLogOrigin, .size = 0, .root = merkle::EmptyRoot(), .extensions = {}},
      LogSigner()));

  Write("fuzz_checkpoint", "body", body);
  Write("fuzz_checkpoint", "body_extension",
        Must(note::FormatCheckpointBody(
            {.origin = kLogOrigin, .size = 13, .root = cp.root, .extensions = {"ext line"}})));
  Write("fuzz_checkpoint", "checkpoint.note", signed_note);
  Write("fuzz_checkpoint", "cosigned.note", cosigned);
  Write("fuzz_checkpoint", "empty_log.note", empty_log);

  Write("fuzz_note", "checkpoint.note", signed_note);
  Write("fuzz_note", "cosigned.note", cosigned);
  Write("fuzz_note", "text_with_blank_line.note",
        Must(note::SignNote("a note\n\nwith a blank line\n", LogSigner())));
  Write("fuzz_note", "log.vkey", LogSigner().VerifierKey());
  Write("fuzz_note", "log.skey", LogSigner().SignerKey());
  Write("fuzz_note", "witness.vkey", WitnessSigner().VerifierKey());
  Write("fuzz_note", "witness.skey", WitnessSigner().SignerKey());

  for (uint64_t index : {0, 7, 12}) {
    const note::TlogProof proof{.extra = std::nullopt,
                                .index = index,
                                .path = merkle::testonly::ReferenceInclusionProof(leaves, index),
                                .checkpoint_note = cosigned};
    Write("fuzz_tlog_proof", "index_" + std::to_string(index), Must(note::FormatTlogProof(proof)));
  }
  const note::TlogProof with_extra{.extra = "opaque",
                                   .index = 3,
                                   .path = merkle::testonly::ReferenceInclusionProof(leaves, 3),
                                   .checkpoint_note = signed_note};
  Write("fuzz_tlog_proof", "extra", Must(note::FormatTlogProof(with_extra)));
}

// A log served from memory, for WriteBundle.
class MemoryLog : public audit::LogSource {
 public:
  MemoryLog(std::string note, std::vector<std::string> leaves)
      : note_(std::move(note)), leaves_(std::move(leaves)) {}
  absl::StatusOr<std::string> LatestCheckpoint() override { return note_; }
  absl::StatusOr<std::vector<std::string>> Entries(uint64_t begin, uint64_t end) override {
    std::vector<std::string> out;
    for (uint64_t i = begin; i < end && i < leaves_.size(); ++i) out.push_back(leaves_[i]);
    return out;
  }
  absl::StatusOr<std::vector<merkle::Hash>> InclusionProof(uint64_t, uint64_t) override {
    return absl::UnimplementedError("not needed");
  }

 private:
  std::string note_;
  std::vector<std::string> leaves_;
};

// Bundles of the envelope seeds' leaves, written by the exporter's own WriteBundle: complete,
// and one whose server served fewer leaves than the checkpoint's size.
void Bundles() {
  std::vector<merkle::Hash> hashes;
  for (const std::string& leaf : real_leaves) hashes.push_back(merkle::LeafHash(leaf));
  const note::Checkpoint cp{.origin = kLogOrigin,
                            .size = hashes.size(),
                            .root = merkle::RootFromLeafHashes(hashes),
                            .extensions = {}};
  const std::string body = Must(note::FormatCheckpointBody(cp));
  const note::NoteSignature cosig = Must(note::CosignCheckpoint(body, WitnessSigner(), 1773541800));
  const std::string cosigned =
      Must(note::AppendSignatures(Must(note::SignCheckpoint(cp, LogSigner())), {&cosig, 1}));
  std::filesystem::create_directories(root_dir / "fuzz_bundle");
  MemoryLog complete(cosigned, real_leaves);
  Must(audit::WriteBundle(complete, LogSigner().VerifierKey(),
                          (root_dir / "fuzz_bundle" / "complete.bundle").string(), 2));
  MemoryLog partial(cosigned, {real_leaves.front()});
  Must(audit::WriteBundle(partial, LogSigner().VerifierKey(),
                          (root_dir / "fuzz_bundle" / "partial.bundle").string(), 2));
}

// Inputs for FuzzedDataProvider (which takes integers from the end): each mode with varied
// bytes.
void MerkleInputs() {
  uint32_t x = 12345;
  for (int mode = 0; mode < 3; ++mode) {
    for (int k = 0; k < 3; ++k) {
      std::string bytes;
      for (int i = 0; i < 64 + 96 * k; ++i) {
        x = x * 1103515245 + 12345;
        bytes.push_back(static_cast<char>(x >> 24));
      }
      bytes.push_back(static_cast<char>(mode));  // the last byte is consumed first
      Write("fuzz_merkle_verify", "mode" + std::to_string(mode) + "_" + std::to_string(k), bytes);
    }
  }
}

}  // namespace
}  // namespace ledger::fuzz

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: fuzz_make_seeds <corpus dir>\n";
    return 2;
  }
  ledger::fuzz::root_dir = argv[1];
  ledger::fuzz::Envelopes();
  ledger::fuzz::Notes();
  ledger::fuzz::Bundles();
  ledger::fuzz::MerkleInputs();
  return 0;
}
