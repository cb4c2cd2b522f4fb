#ifndef LEDGER_VIEWS_NOTICE_BOARD_H_
#define LEDGER_VIEWS_NOTICE_BOARD_H_

// The village notice board (村务公开栏, IncomeService.GetNoticeBoard, docs/FORMATS.md §11.2)
// computed from a state, shared by the gRPC service and the HTTP board (services/http/), so the
// two can never show different boards.
//
//   LEDGER_ASSIGN_OR_RETURN(v1::NoticeBoard board, views::NoticeBoard(state, "341721001001",
//                                                                     "2026-08-10"));
//   LEDGER_RETURN_IF_ERROR(views::MaskNoticeBoardNames(names, origin, &board));
//
// NoticeBoard is a pure function of the state; MaskNoticeBoardNames reads the privacy registry.

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ledger/registry/registry_store.h"
#include "ledger/state/state.h"
#include "ledger/v1/income_service.pb.h"

namespace ledger::views {

// Every announcement whose subject lies in `division` (a 6-, 9- or 12-digit code under the log's
// division) or at its township or county, started on or before `date` (a valid YYYY-MM-DD), split
// into in force (by start date) and past (latest end first), with result lines (no names yet).
// kInvalidArgument naming the division or the date when either is malformed.
absl::StatusOr<v1::NoticeBoard> NoticeBoard(const state::LedgerState& state,
                                            std::string_view division, std::string_view date);

// Fills the masked names (registry::MaskName) of the board's result lines from the registry
// (`names` may be null: no names); an erased person's line gets `erased`. Storage errors
// unchanged.
absl::Status MaskNoticeBoardNames(registry::RegistryStore* names, std::string_view origin,
                                  v1::NoticeBoard* board);

}  // namespace ledger::views

#endif  // LEDGER_VIEWS_NOTICE_BOARD_H_
