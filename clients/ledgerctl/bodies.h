#ifndef CLIENTS_LEDGERCTL_BODIES_H_
#define CLIENTS_LEDGERCTL_BODIES_H_

// Entry bodies built from what a user typed, shared by the command that writes one entry from
// flags (`disburse`, `asset register`) and the bulk import that writes one per CSV row
// (`import disbursements|assets`), so both accept and refuse exactly the same input. Fields are
// the flags' text; errors name the flag ("--amount: ...") and are kInvalidArgument (or the
// file's error for a document that cannot be read).

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ledger/v1/assets.pb.h"
#include "ledger/v1/funds.pb.h"

namespace ledger::ledgerctl {

// `disburse`: every field is the flag of the same name.
struct DisburseFlags {
  std::string id;
  std::string project;
  std::string contract;
  std::string source;
  std::string stage;
  std::string amount;
  std::string payee;
  std::string category;
  std::string voucher_file;  // hashed (SHA-256); the file must exist
  std::string invoice_file;
  std::string acceptance;
  std::string applied;  // dates: "YYYY-MM-DD", empty for the default event date
  std::string signed_off;
  std::string approved;
  std::string paid;
};
absl::StatusOr<v1::Disbursement> BuildDisbursement(const DisburseFlags& f);

// `asset register`.
struct AssetRegisterFlags {
  std::string code, name, asset_class, category, form;
  std::vector<std::string> funding, lineage;  // "<source>:<project>=<yuan>", "<code>=<yuan>"
  std::string value, formed, location, coordinates, unit;
  uint64_t quantity = 1;
  uint32_t life_years = 0;
};
absl::StatusOr<v1::AssetRegistration> BuildAssetRegistration(const AssetRegisterFlags& f);

}  // namespace ledger::ledgerctl

#endif  // CLIENTS_LEDGERCTL_BODIES_H_
